package io.fluxmq.amqp091.broker;

import io.fluxmq.amqp091.codec.AmqpException;
import io.fluxmq.amqp091.codec.ReplyCode;
import io.fluxmq.amqp091.exchange.Binding;
import io.fluxmq.amqp091.exchange.Exchange;
import io.fluxmq.amqp091.exchange.Exchanges;
import io.fluxmq.amqp091.exchange.TopicBindings;
import io.fluxmq.api.queue.QueueManager;
import io.fluxmq.api.router.MessageRouter;
import io.fluxmq.api.storage.StateStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AMQP virtual host: its exchanges, its bindings to the topic router and what AMQP keeps of
 * its queues. The queues themselves are the queue manager's; the default host's queues have their
 * AMQP names there, another host's are prefixed with the host's name and {@code :}.
 */
public final class VirtualHost {
    public static final String DEFAULT = "/";
    private static final Logger LOG = LoggerFactory.getLogger(VirtualHost.class);

    private final String name;
    private final String prefix;
    private final Exchanges exchanges = new Exchanges();
    private final TopicBindings topicBindings;
    private final Map<String, DeclaredQueue> queues = new HashMap<>();
    /** The consumers of single-active-consumer queues in the order they came; the first is the active one. */
    private final Map<String, List<Standby>> lines = new HashMap<>();

    private final Supplier<QueueManager> queueManager;
    private final ScheduledExecutorService timer;
    private final Definitions definitions;

    VirtualHost(String name, MessageRouter router, Supplier<QueueManager> queueManager,
            ScheduledExecutorService timer, StateStore store) {
        this.name = name;
        this.queueManager = queueManager;
        this.timer = timer;
        this.definitions = new Definitions(store, name);
        this.prefix = name.equals(DEFAULT) ? "" : name + ":";
        this.topicBindings = new TopicBindings("amqp091:" + name + ":", router, queueManager);
    }

    public String name() {
        return name;
    }

    public Exchanges exchanges() {
        return exchanges;
    }

    public TopicBindings topicBindings() {
        return topicBindings;
    }

    /** The queue manager's name of the AMQP queue. */
    public String queueName(String amqpName) {
        return prefix + amqpName;
    }

    // ---- durable definitions

    private static boolean durable(DeclaredQueue q) {
        return q.declared && q.durable && !q.exclusive;
    }

    /** Keeps a declared queue that is durable and not exclusive; completes once it is stored. */
    public CompletionStage<Void> queueDeclared(DeclaredQueue q) {
        return durable(q) ? definitions.saveQueue(q) : CompletableFuture.completedFuture(null);
    }

    /** Keeps a durable exchange. */
    public CompletionStage<Void> exchangeDeclared(Exchange e) {
        return e.durable() ? definitions.saveExchange(e) : CompletableFuture.completedFuture(null);
    }

    /** Forgets an exchange with the bindings to and from it. */
    public CompletionStage<Void> exchangeDeleted(String exchange) {
        return definitions.deleteExchange(exchange).thenCompose(v -> definitions.deleteBindingsOf(exchange, true));
    }

    /** Keeps a binding whose two ends are durable. */
    public CompletionStage<Void> bound(Exchange source, Binding b) {
        boolean durableEnd;
        if (b.toExchange()) {
            Exchange destination = exchanges.get(b.destination());
            durableEnd = destination != null && destination.durable();
        } else {
            DeclaredQueue q = declared(b.destination());
            durableEnd = q != null && durable(q);
        }
        return source.durable() && durableEnd ? definitions.saveBinding(source.name(), b)
                : CompletableFuture.completedFuture(null);
    }

    public CompletionStage<Void> unbound(Exchange source, Binding b) {
        return definitions.deleteBinding(source.name(), b);
    }

    /**
     * Brings back what the store keeps: exchanges, bindings and durable queues, which the queue
     * manager opens again (with the messages their logs hold).
     */
    CompletionStage<Void> restore() {
        return definitions.load().thenCompose(loaded -> {
            loaded.exchanges().forEach(exchanges::declare);
            List<CompletableFuture<?>> opened = new ArrayList<>();
            QueueManager manager = queueManager.get();
            for (Definitions.StoredQueue q : loaded.queues()) {
                record(q.name(), true, false, q.autoDelete(), q.arguments(), 0);
                if (manager != null) {
                    opened.add(manager.declare(QueueArguments.config(queueName(q.name()), true, false,
                            q.arguments())).toCompletableFuture());
                }
            }
            for (Definitions.StoredBinding b : loaded.bindings()) {
                if (b.source().equals(Exchanges.TOPIC) && !b.binding().toExchange()) {
                    topicBindings.bind(queueName(b.binding().destination()), b.binding().routingKey());
                } else {
                    Exchange source = exchanges.get(b.source());
                    if (source != null) {
                        source.bind(b.binding());
                    }
                }
            }
            if (!loaded.exchanges().isEmpty() || !loaded.queues().isEmpty() || !loaded.bindings().isEmpty()) {
                LOG.info("AMQP-0003 vhost '{}': {} exchange(s), {} queue(s) and {} binding(s) restored", name,
                        loaded.exchanges().size(), loaded.queues().size(), loaded.bindings().size());
            }
            return CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new));
        });
    }

    public synchronized DeclaredQueue declared(String queue) {
        return queues.get(queue);
    }

    /** Records a declaration unless one exists; returns the one that stands. */
    public synchronized DeclaredQueue record(String queue, boolean durable, boolean exclusive, boolean autoDelete,
            Map<String, Object> arguments, long owner) {
        DeclaredQueue existing = queues.get(queue);
        if (existing != null && existing.declared) {
            return existing;
        }
        DeclaredQueue q = new DeclaredQueue(queue, durable, exclusive, autoDelete, arguments, owner, true);
        if (existing != null) {
            q.consumers = existing.consumers;
            q.exclusiveConsumer = existing.exclusiveConsumer;
            q.hadConsumer = existing.hadConsumer;
        }
        queues.put(queue, q);
        long expires = q.expiresMillis();
        if (expires > 0) {
            timer.schedule(() -> expire(q), expires, TimeUnit.MILLISECONDS);
        }
        return q;
    }

    /**
     * x-expires: deletes the queue once it has been unused (no consumer, no declare, no get) for
     * its expiry; checked again when it was used meanwhile.
     */
    private void expire(DeclaredQueue q) {
        long left;
        synchronized (this) {
            if (queues.get(q.name) != q) {
                return; // deleted or redeclared meanwhile
            }
            left = q.consumers > 0 ? q.expiresMillis() : q.expiresMillis() - (System.currentTimeMillis() - q.lastUsed);
        }
        if (left > 0) {
            timer.schedule(() -> expire(q), left, TimeUnit.MILLISECONDS);
            return;
        }
        LOG.info("AMQP-0002 queue '{}' in vhost '{}' expired after {} ms unused", q.name, name, q.expiresMillis());
        deleteQueue(q.name);
    }

    /** Deletes the queue with its bindings; completes with the messages it held (0 when it was gone). */
    public CompletionStage<Long> deleteQueue(String queue) {
        String queueName = queueName(queue);
        exchanges.unbindQueue(queue);
        topicBindings.unbindAll(queueName);
        DeclaredQueue q;
        synchronized (this) {
            q = queues.remove(queue);
        }
        CompletionStage<Void> forgotten = q != null && durable(q) ? definitions.deleteQueue(queue)
                .thenCompose(v -> definitions.deleteBindingsOf(queue, false)) : CompletableFuture.completedFuture(null);
        QueueManager manager = queueManager.get();
        if (manager == null) {
            return forgotten.thenApply(v -> 0L);
        }
        return forgotten.thenCompose(v -> manager.delete(queueName)).exceptionally(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof NoSuchElementException) {
                return 0L;
            }
            throw new AmqpException(ReplyCode.PRECONDITION_FAILED, cause.getMessage());
        });
    }

    /**
     * Counts a new consumer of the queue.
     *
     * @throws AmqpException ACCESS_REFUSED when an exclusive consumer holds the queue, or an
     *         exclusive consumer is asked for while others consume
     */
    public synchronized void addConsumer(String queue, boolean exclusive) {
        DeclaredQueue q = queues.computeIfAbsent(queue, n -> new DeclaredQueue(n, true, false, false, null, 0, false));
        if (q.exclusiveConsumer || exclusive && q.consumers > 0) {
            throw new AmqpException(ReplyCode.ACCESS_REFUSED, "queue '" + queue + "' in vhost '" + name
                    + "' in exclusive use");
        }
        q.consumers++;
        q.exclusiveConsumer = exclusive;
        q.hadConsumer = true;
    }

    /** Counts a consumer gone; whether the queue is auto-delete and now unused, to be deleted. */
    public synchronized boolean removeConsumer(String queue) {
        DeclaredQueue q = queues.get(queue);
        if (q == null) {
            return false;
        }
        q.consumers = Math.max(0, q.consumers - 1);
        q.exclusiveConsumer = false;
        q.used();
        if (!q.declared && q.consumers == 0) {
            queues.remove(queue);
        }
        return q.autoDelete && q.hadConsumer && q.consumers == 0;
    }

    /** A consumer of a single-active-consumer queue (x-single-active-consumer) waiting for its turn. */
    public interface Standby {
        /** It is the queue's active consumer now. <b>Thread:</b> any. */
        void activate();
    }

    /** Puts a consumer in the queue's line; whether it is the active one at once. */
    public synchronized boolean standInLine(String queue, Standby consumer) {
        List<Standby> line = lines.computeIfAbsent(queue, q -> new ArrayList<>());
        line.add(consumer);
        return line.size() == 1;
    }

    /** Takes a consumer out of the line; when it was the active one, the next becomes active. */
    public void leaveLine(String queue, Standby consumer) {
        Standby next = null;
        synchronized (this) {
            List<Standby> line = lines.get(queue);
            if (line == null) {
                return;
            }
            boolean wasActive = !line.isEmpty() && line.get(0) == consumer;
            line.remove(consumer);
            if (line.isEmpty()) {
                lines.remove(queue);
            } else if (wasActive) {
                next = line.get(0);
            }
        }
        if (next != null) {
            next.activate();
        }
    }

    /** The exclusive queues of a connection, deleted when it closes. */
    public synchronized List<String> exclusiveQueuesOf(long connection) {
        List<String> owned = new ArrayList<>();
        for (DeclaredQueue q : queues.values()) {
            if (q.exclusive && q.owner == connection) {
                owned.add(q.name);
            }
        }
        return owned;
    }
}
