package io.fluxmq.api.router;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.topic.TopicFilter;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The topic router shared by every pub/sub protocol on a node: MQTT and AMQP 0.9.1 subscribers
 * meet here. Thread-safe; all methods may be called from any thread, including event loops, and
 * none of them blocks.
 */
@ProviderType
public interface MessageRouter {
    /**
     * Adds a subscription, or replaces the subscriber's existing one with the same filter
     * (MQTT-3.8.4-3).
     *
     * @return true when the subscription is new, false when it replaced one (for
     *         {@link RetainHandling#SEND_IF_NEW_SUBSCRIPTION})
     */
    boolean subscribe(Subscriber subscriber, Subscription subscription);

    /** @return true when the subscription existed. */
    boolean unsubscribe(String subscriberId, TopicFilter filter);

    /** Removes every subscription of the subscriber; returns how many there were. */
    int unsubscribeAll(String subscriberId);

    /** The subscriber's current subscriptions. */
    List<Subscription> subscriptionsOf(String subscriberId);

    /**
     * Delivers the message to every matching subscriber, and to one member of each matching
     * shared group (chosen fairly). Called on the publisher's thread; the calls to
     * {@link Subscriber#deliver} happen before this returns.
     *
     * @param publisherId the {@link Subscriber#id()} of the publishing session, for no-local;
     *        null when the publisher is not a subscriber (a bridge, the queue manager)
     * @return the number of deliveries made
     */
    int route(Message message, String publisherId);

    /** Number of subscriptions, shared ones counted per member. */
    int subscriptionCount();
}
