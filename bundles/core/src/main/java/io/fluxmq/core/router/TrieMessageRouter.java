package io.fluxmq.core.router;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.router.MessageRouter;
import io.fluxmq.api.router.Subscriber;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.topic.TopicFilter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * The node's {@link MessageRouter}: a trie of topic filters ({@link SubscriptionTrie}) for
 * matching, and a table of each subscriber's subscriptions for {@link #subscriptionsOf} and
 * {@link #unsubscribeAll}.
 *
 * <p><b>Deliveries.</b> {@link Subscriber#deliver} is called once per matching subscription:
 * a subscriber whose filters "a/+" and "a/#" both match gets the message twice, each time with
 * the subscription that matched, and the protocol decides what to do (MQTT 5 allows one delivery
 * with several subscription identifiers, or one per subscription; MQTT 5 section 3.3.4). A shared
 * subscription is a subscription of its own: a subscriber with both "$share/g/a" and "a" may get
 * the message twice. Of each shared group on a matching filter exactly one member gets each
 * message, the members taking turns. A subscriber that throws is logged (CORE-1001) and skipped.
 *
 * <p><b>Threads.</b> {@link #route} takes no lock and is safe from any number of event loops.
 * Changes to one subscriber's subscriptions are serialised on that subscriber's record; changes
 * to the trie lock single nodes, so subscribers on different filters do not wait for each other.
 *
 * <p>The subscriptions live in memory only: whoever owns sessions (the protocol bundles, from the
 * state store) subscribes again when this service comes back.
 */
// Immediate: the router holds every subscription; a delayed component would be disposed, and its
// state lost, whenever no bundle happened to hold the service.
@Component(name = "io.fluxmq.core.router", service = MessageRouter.class, immediate = true,
        configurationPolicy = ConfigurationPolicy.IGNORE)
public final class TrieMessageRouter implements MessageRouter {
    private final SubscriptionTrie trie = new SubscriptionTrie();
    private final ConcurrentHashMap<String, SubscriberRecord> records = new ConcurrentHashMap<>();
    private final AtomicInteger subscriptionCount = new AtomicInteger();

    @Override
    public boolean subscribe(Subscriber subscriber, Subscription subscription) {
        Objects.requireNonNull(subscription, "subscription");
        SubscriptionEntry entry = new SubscriptionEntry(subscriber, subscription);
        while (true) {
            SubscriberRecord record = records.computeIfAbsent(entry.subscriberId(), id -> new SubscriberRecord());
            synchronized (record) {
                if (record.retired) {
                    continue; // emptied and removed meanwhile; take the new record
                }
                boolean isNew = trie.add(entry) == null;
                record.byFilter.put(subscription.filter(), subscription);
                if (isNew) {
                    subscriptionCount.incrementAndGet();
                }
                return isNew;
            }
        }
    }

    @Override
    public boolean unsubscribe(String subscriberId, TopicFilter filter) {
        SubscriberRecord record = records.get(subscriberId);
        if (record == null) {
            return false;
        }
        synchronized (record) {
            if (record.retired || record.byFilter.remove(filter) == null) {
                return false;
            }
            trie.remove(subscriberId, filter);
            subscriptionCount.decrementAndGet();
            retireIfEmpty(subscriberId, record);
            return true;
        }
    }

    @Override
    public int unsubscribeAll(String subscriberId) {
        SubscriberRecord record = records.get(subscriberId);
        if (record == null) {
            return 0;
        }
        synchronized (record) {
            if (record.retired) {
                return 0;
            }
            int n = record.byFilter.size();
            for (TopicFilter filter : record.byFilter.keySet()) {
                trie.remove(subscriberId, filter);
            }
            record.byFilter.clear();
            subscriptionCount.addAndGet(-n);
            retireIfEmpty(subscriberId, record);
            return n;
        }
    }

    @Override
    public List<Subscription> subscriptionsOf(String subscriberId) {
        SubscriberRecord record = records.get(subscriberId);
        if (record == null) {
            return List.of();
        }
        synchronized (record) {
            return List.copyOf(record.byFilter.values());
        }
    }

    @Override
    public int route(Message message, String publisherId) {
        return trie.route(message, publisherId);
    }

    @Override
    public int subscriptionCount() {
        return subscriptionCount.get();
    }

    /** Trie nodes including the root, for tests of pruning. */
    int trieNodeCount() {
        return trie.nodeCount();
    }

    /** Subscribers with at least one subscription, for tests. */
    int subscriberCount() {
        return records.size();
    }

    private void retireIfEmpty(String subscriberId, SubscriberRecord record) {
        if (record.byFilter.isEmpty()) {
            // Marked under its lock so that a subscribe that fetched this record retries with a new one.
            record.retired = true;
            records.remove(subscriberId, record);
        }
    }

    /** One subscriber's subscriptions in the order made. Guarded by its own lock. */
    private static final class SubscriberRecord {
        final Map<TopicFilter, Subscription> byFilter = new LinkedHashMap<>(2); // most have one or two
        boolean retired;
    }
}
