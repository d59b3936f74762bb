package io.fluxmq.amqp091.exchange;

import io.fluxmq.amqp091.mapping.RoutingKeys;
import io.fluxmq.amqp091.mapping.TopicPattern;
import io.fluxmq.api.message.Message;
import io.fluxmq.api.message.QoS;
import io.fluxmq.api.queue.Queue;
import io.fluxmq.api.queue.QueueManager;
import io.fluxmq.api.router.MessageRouter;
import io.fluxmq.api.router.RetainHandling;
import io.fluxmq.api.router.Subscriber;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.router.SubscriptionOptions;
import io.fluxmq.api.topic.TopicFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bindings of queues to {@code amq.topic}, which is the node's topic router: each queue bound
 * there is one router {@link Subscriber} whose subscriptions are its binding keys as MQTT filters,
 * so MQTT publishes reach it and AMQP publishes to {@code amq.topic} reach MQTT subscribers. A
 * message that several of a queue's bindings match is appended once.
 */
public final class TopicBindings {
    private static final Logger LOG = LoggerFactory.getLogger(TopicBindings.class);
    /** Retained messages are MQTT's: a new binding does not receive them. */
    private static final SubscriptionOptions OPTIONS =
            new SubscriptionOptions(QoS.EXACTLY_ONCE, false, false, RetainHandling.DO_NOT_SEND, 0);
    /** The appends of the publish being routed on this thread, for publisher confirms. */
    private static final ThreadLocal<List<CompletionStage<Long>>> APPENDS = new ThreadLocal<>();

    private final String idPrefix;
    private final MessageRouter router;
    private final Supplier<QueueManager> queues;
    private final Map<String, QueueSubscriber> subscribers = new ConcurrentHashMap<>();

    /** @param idPrefix makes subscriber ids unique per virtual host */
    public TopicBindings(String idPrefix, MessageRouter router, Supplier<QueueManager> queues) {
        this.idPrefix = idPrefix;
        this.router = router;
        this.queues = queues;
    }

    /** Binds the queue (its queue manager name) with an AMQP binding key; false when it was bound so already. */
    public synchronized boolean bind(String queue, String bindingKey) {
        QueueSubscriber s = subscribers.computeIfAbsent(queue, QueueSubscriber::new);
        for (Key k : s.keys) {
            if (k.bindingKey.equals(bindingKey)) {
                return false;
            }
        }
        RoutingKeys.Filter f = RoutingKeys.filterOf(bindingKey);
        Key key = new Key(bindingKey, TopicFilter.of(f.filter()), f.exact() ? null : new TopicPattern(bindingKey));
        s.keys.add(key);
        router.subscribe(s, new Subscription(key.filter, OPTIONS));
        return true;
    }

    public synchronized boolean unbind(String queue, String bindingKey) {
        QueueSubscriber s = subscribers.get(queue);
        if (s == null) {
            return false;
        }
        Key removed = null;
        for (Key k : s.keys) {
            if (k.bindingKey.equals(bindingKey)) {
                removed = k;
            }
        }
        if (removed == null) {
            return false;
        }
        s.keys.remove(removed);
        Key gone = removed;
        if (s.keys.stream().noneMatch(k -> k.filter.equals(gone.filter))) {
            router.unsubscribe(s.id(), gone.filter);
        }
        if (s.keys.isEmpty()) {
            subscribers.remove(queue);
        }
        return true;
    }

    /** Removes every binding of the queue (it was deleted). */
    public synchronized void unbindAll(String queue) {
        QueueSubscriber s = subscribers.remove(queue);
        if (s != null) {
            router.unsubscribeAll(s.id());
        }
    }

    /**
     * Routes an AMQP publish through the router and returns what that did: the deliveries made and
     * the appends to bound queues (which complete once each queue has the message).
     */
    public static Routed route(MessageRouter router, Message message, String publisherId) {
        List<CompletionStage<Long>> appends = new ArrayList<>(2);
        APPENDS.set(appends);
        try {
            int deliveries = router.route(message, publisherId);
            return new Routed(deliveries, appends);
        } finally {
            APPENDS.remove();
        }
    }

    /** What {@link #route} did. */
    public record Routed(int deliveries, List<CompletionStage<Long>> appends) {
    }

    private record Key(String bindingKey, TopicFilter filter, TopicPattern localPattern) {
        boolean takes(Message m) {
            return filter.matches(m.topic())
                    && (localPattern == null || localPattern.matches(RoutingKeys.swap(m.topic().value())));
        }
    }

    private final class QueueSubscriber implements Subscriber {
        private final String queue;
        private final String id;
        private final List<Key> keys = new CopyOnWriteArrayList<>();

        QueueSubscriber(String queue) {
            this.queue = queue;
            this.id = idPrefix + queue;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void deliver(Message message, Subscription subscription) {
            Key first = null;
            for (Key k : keys) {
                if (k.takes(message)) {
                    first = k;
                    break;
                }
            }
            if (first == null || !first.filter.equals(subscription.filter())) {
                return; // not ours, or appended for the key that matched first
            }
            QueueManager manager = queues.get();
            Optional<Queue> q = manager == null ? Optional.empty() : manager.queue(queue);
            if (q.isEmpty()) {
                return;
            }
            CompletionStage<Long> append = q.get().append(message);
            List<CompletionStage<Long>> collecting = APPENDS.get();
            if (collecting != null) {
                collecting.add(append);
            } else {
                append.whenComplete((offset, failure) -> {
                    if (failure != null) {
                        LOG.debug("queue '{}' bound to amq.topic did not take a message of {}: {}", queue,
                                message.topic(), failure.toString());
                    }
                });
            }
        }
    }
}
