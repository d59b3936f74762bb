package io.fluxmq.mqtt.publish;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.message.UserProperty;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.router.SubscriptionOptions;
import io.fluxmq.api.topic.InvalidTopicException;
import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.mqtt.queue.QueueSettlement;
import java.util.List;

/**
 * A message as one session receives it: downgraded to the subscription's QoS (MQTT-3.8.4-8), its
 * RETAIN flag per Retain As Published (MQTT-3.3.1-12, -13), and the subscription identifier to send
 * with it (MQTT-3.3.4-3).
 *
 * <p>A message routed through a shared subscription remembers that subscription's filter
 * ({@code $share/<group>/<filter>}), so that it can go to another member of the group if this
 * session ends without the client having acknowledged it (section 4.8.2).
 *
 * <p>Offline queues and inflight exchanges store plain {@link Message}s; the subscription
 * identifier and the shared filter travel in them as last user properties whose names start with
 * U+0000, a character no MQTT client can put in a string (MQTT-1.5.4-2), so they can never clash
 * with real ones and are stripped before sending.
 *
 * <p>A queue delivery carries its {@link QueueSettlement}; it is never stored with the session (the
 * queue keeps it pending) and the flow settles it when the client has it or it cannot be sent.
 */
public record Outgoing(Message message, int subscriptionId, QueueSettlement queue, TopicFilter shared) {
    public Outgoing(Message message, int subscriptionId, QueueSettlement queue) {
        this(message, subscriptionId, queue, null);
    }

    public Outgoing(Message message, int subscriptionId) {
        this(message, subscriptionId, null, null);
    }

    private static final String MARK_PREFIX = "\u0000fluxmq.";
    static final String SUBSCRIPTION_ID_MARK = MARK_PREFIX + "subscription-id";
    static final String SHARED_MARK = MARK_PREFIX + "shared";

    /** A routed message for a subscription. */
    public static Outgoing of(Message published, Subscription subscription) {
        SubscriptionOptions options = subscription.options();
        Message m = published.withQos(published.qos().min(options.maxQos()))
                .withRetain(options.retainAsPublished() && published.retain());
        TopicFilter filter = subscription.filter();
        return new Outgoing(m, options.subscriptionIdentifier(), null, filter.isShared() ? filter : null);
    }

    /** A retained message sent because of a new subscription: RETAIN stays 1 (MQTT-3.3.1-9). */
    public static Outgoing retained(Message retained, SubscriptionOptions options) {
        Message m = retained.withQos(retained.qos().min(options.maxQos())).withRetain(true);
        return new Outgoing(m, options.subscriptionIdentifier());
    }

    /** The message to store, the subscription identifier and the shared filter included. */
    public Message toStored() {
        if (subscriptionId == 0 && shared == null) {
            return message;
        }
        Message.Builder b = message.toBuilder();
        if (shared != null) {
            b.userProperty(SHARED_MARK, shared.text());
        }
        if (subscriptionId != 0) {
            b.userProperty(SUBSCRIPTION_ID_MARK, Integer.toString(subscriptionId));
        }
        return b.build();
    }

    /** Reads back what {@link #toStored()} wrote; a mark that does not parse is dropped. */
    public static Outgoing fromStored(Message stored) {
        List<UserProperty> props = stored.userProperties();
        int end = props.size();
        int id = 0;
        TopicFilter shared = null;
        while (end > 0 && props.get(end - 1).name().startsWith(MARK_PREFIX)) {
            UserProperty p = props.get(--end);
            if (p.name().equals(SUBSCRIPTION_ID_MARK)) {
                id = parseId(p.value());
            } else if (p.name().equals(SHARED_MARK)) {
                shared = parseShared(p.value());
            }
        }
        if (end == props.size()) {
            return new Outgoing(stored, 0);
        }
        Message m = stored.toBuilder().userProperties(props.subList(0, end)).build();
        return new Outgoing(m, id, null, shared);
    }

    private static int parseId(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static TopicFilter parseShared(String value) {
        try {
            TopicFilter f = TopicFilter.of(value);
            return f.isShared() ? f : null;
        } catch (InvalidTopicException e) {
            return null;
        }
    }

    public int size() {
        return message.payloadSize();
    }
}
