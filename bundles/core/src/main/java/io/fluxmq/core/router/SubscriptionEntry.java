package io.fluxmq.core.router;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.router.Subscriber;
import io.fluxmq.api.router.Subscription;

/**
 * One subscriber's subscription as the trie stores it. Immutable; replaced, not changed, when
 * the subscriber subscribes again with the same filter.
 */
final class SubscriptionEntry {
    private final Subscriber subscriber;
    private final Subscription subscription;
    // Cached: Subscriber.id() is an interface call into another bundle, asked on every route.
    private final String subscriberId;
    private final boolean noLocal;

    SubscriptionEntry(Subscriber subscriber, Subscription subscription) {
        this.subscriber = subscriber;
        this.subscription = subscription;
        this.subscriberId = subscriber.id();
        this.noLocal = subscription.options().noLocal();
    }

    String subscriberId() {
        return subscriberId;
    }

    Subscription subscription() {
        return subscription;
    }

    /** No-local (MQTT-3.8.3-3): the subscriber does not receive what it published itself. */
    boolean excludes(String publisherId) {
        return noLocal && subscriberId.equals(publisherId);
    }

    /**
     * Hands the message over unless no-local excludes it.
     *
     * @return whether the subscriber took it
     */
    boolean deliver(Message message, String publisherId) {
        if (excludes(publisherId)) {
            return false;
        }
        try {
            subscriber.deliver(message, subscription);
            return true;
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: the subscriber's bundle was updated or uninstalled while it was still
            // subscribed. One broken subscriber must not cost the others their message.
            DeliveryFailures.record(subscriberId, subscription, e);
            return false;
        }
    }
}
