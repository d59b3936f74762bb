package io.fluxmq.mqtt.publish;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.message.UserProperty;
import io.fluxmq.api.router.SubscriptionOptions;
import io.fluxmq.mqtt.queue.QueueSettlement;
import java.util.List;

/**
 * A message as one session receives it: downgraded to the subscription's QoS (MQTT-3.8.4-8), its
 * RETAIN flag per Retain As Published (MQTT-3.3.1-12, -13), and the subscription identifier to send
 * with it (MQTT-3.3.4-3).
 *
 * <p>Offline queues and inflight exchanges store plain {@link Message}s; the subscription
 * identifier travels in them as a last user property whose name starts with U+0000, a character no
 * MQTT client can put in a string (MQTT-1.5.4-2), so it can never clash with a real one and is
 * stripped before sending.
 *
 * <p>A queue delivery carries its {@link QueueSettlement}; it is never stored with the session (the
 * queue keeps it pending) and the flow settles it when the client has it or it cannot be sent.
 */
public record Outgoing(Message message, int subscriptionId, QueueSettlement queue) {
    public Outgoing(Message message, int subscriptionId) {
        this(message, subscriptionId, null);
    }

    static final String SUBSCRIPTION_ID_MARK = "\u0000fluxmq.subscription-id";

    /** A routed message for a subscription. */
    public static Outgoing of(Message published, SubscriptionOptions options) {
        Message m = published.withQos(published.qos().min(options.maxQos()))
                .withRetain(options.retainAsPublished() && published.retain());
        return new Outgoing(m, options.subscriptionIdentifier());
    }

    /** A retained message sent because of a new subscription: RETAIN stays 1 (MQTT-3.3.1-9). */
    public static Outgoing retained(Message retained, SubscriptionOptions options) {
        Message m = retained.withQos(retained.qos().min(options.maxQos())).withRetain(true);
        return new Outgoing(m, options.subscriptionIdentifier());
    }

    /** The message to store, the subscription identifier included. */
    public Message toStored() {
        if (subscriptionId == 0) {
            return message;
        }
        return message.toBuilder().userProperty(SUBSCRIPTION_ID_MARK, Integer.toString(subscriptionId)).build();
    }

    /** Reads back what {@link #toStored()} wrote. */
    public static Outgoing fromStored(Message stored) {
        List<UserProperty> props = stored.userProperties();
        if (props.isEmpty() || !props.get(props.size() - 1).name().equals(SUBSCRIPTION_ID_MARK)) {
            return new Outgoing(stored, 0);
        }
        int id;
        try {
            id = Integer.parseInt(props.get(props.size() - 1).value());
        } catch (NumberFormatException e) {
            id = 0;
        }
        Message m = stored.toBuilder().userProperties(props.subList(0, props.size() - 1)).build();
        return new Outgoing(m, id);
    }

    public int size() {
        return message.payloadSize();
    }
}
