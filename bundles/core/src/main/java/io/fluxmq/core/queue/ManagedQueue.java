package io.fluxmq.core.queue;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.queue.Queue;
import io.fluxmq.api.queue.QueueConfig;
import io.fluxmq.api.router.Subscriber;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.topic.TopicFilter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's record of one queue: its configuration, where it came from, the instance its type
 * created (none while the type is missing), the consumers attached through the manager and the
 * capture of ordinary topics its bindings ask for. Lifecycle changes happen under the manager's
 * lock; {@link #append} and {@link #deliver} run on publishers' threads without it.
 */
final class ManagedQueue implements Subscriber {
    private static final Logger LOG = LoggerFactory.getLogger("io.fluxmq.core.queue");

    /** Why the queue exists. */
    enum Origin {
        /** A factory configuration of io.fluxmq.queue. */
        CONFIGURED,
        /** Created by a publish or subscribe to an unknown $queue/ name; removed when unused. */
        AUTOMATIC,
        /** Created as the dead-letter target of another queue. */
        DEAD_LETTER,
        /** Declared by a protocol (AMQP queue.declare); stays until deleted. */
        DECLARED
    }

    final String name;
    volatile QueueConfig config;
    volatile Origin origin;
    /** The instance, or null while it is closed (its type missing, or its configuration removed). */
    volatile Queue instance;
    final Set<ManagedConsumer> consumers = ConcurrentHashMap.newKeySet();
    /** Messages of captured topics that could not be appended. */
    final AtomicLong uncaptured = new AtomicLong();
    /** The pending removal of an unused automatic queue; guarded by the manager's lock. */
    ScheduledFuture<?> removal;

    ManagedQueue(QueueConfig config, Origin origin) {
        this.name = config.name();
        this.config = config;
        this.origin = origin;
    }

    /** Appends to the open instance, or fails when there is none. */
    CompletionStage<Long> append(Message message) {
        Queue queue = instance;
        if (queue == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("queue '" + name + "' is not available: "
                    + (origin == Origin.CONFIGURED ? "its type '" + config.type() + "' is not installed or its"
                            + " configuration was removed" : "its type '" + config.type() + "' is not installed")));
        }
        try {
            return queue.append(message);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    // capture of ordinary topics through the router

    @Override
    public String id() {
        return "queue:" + name;
    }

    /**
     * Called by the router for each binding that matches. Only the first matching binding (in
     * configuration order) appends, so that overlapping bindings capture a message once.
     */
    @Override
    public void deliver(Message message, Subscription subscription) {
        List<TopicFilter> bindings = config.bindings();
        for (TopicFilter binding : bindings) {
            if (binding.matches(message.topic())) {
                if (!binding.equals(subscription.filter())) {
                    return;
                }
                break;
            }
        }
        append(message).whenComplete((offset, failure) -> {
            if (failure != null) {
                long n = uncaptured.incrementAndGet();
                if (Long.bitCount(n) == 1) { // 1, 2, 4, 8, ...: the log does not flood
                    LOG.warn("QUEUE-1004 queue '{}' could not capture a message of {} ({} so far): {}", name,
                            message.topic(), n, failure.toString());
                }
            }
        });
    }
}
