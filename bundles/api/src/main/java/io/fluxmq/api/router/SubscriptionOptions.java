package io.fluxmq.api.router;

import io.fluxmq.api.message.QoS;
import java.util.Objects;

/**
 * Per-subscription options. {@code subscriptionIdentifier} is 0 when none was given.
 *
 * @param maxQos the highest QoS delivered on this subscription (messages are downgraded)
 * @param noLocal do not deliver messages that the subscriber itself published
 * @param retainAsPublished keep the retain flag of forwarded messages instead of clearing it
 * @param retainHandling when retained messages are sent on subscribe
 * @param subscriptionIdentifier MQTT 5 subscription identifier, 1..268,435,455, or 0
 */
public record SubscriptionOptions(QoS maxQos, boolean noLocal, boolean retainAsPublished,
        RetainHandling retainHandling, int subscriptionIdentifier) {

    /** QoS 0, no options: what MQTT 3.1.1 and most other protocols mean. */
    public static final SubscriptionOptions DEFAULT =
            new SubscriptionOptions(QoS.AT_MOST_ONCE, false, false, RetainHandling.SEND_ON_SUBSCRIBE, 0);

    public SubscriptionOptions {
        Objects.requireNonNull(maxQos, "maxQos");
        Objects.requireNonNull(retainHandling, "retainHandling");
        if (subscriptionIdentifier < 0 || subscriptionIdentifier > 268_435_455) {
            throw new IllegalArgumentException("subscription identifier out of range: " + subscriptionIdentifier);
        }
    }

    public static SubscriptionOptions ofQos(QoS qos) {
        return new SubscriptionOptions(qos, false, false, RetainHandling.SEND_ON_SUBSCRIBE, 0);
    }
}
