package io.fluxmq.api.queue;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.message.UserProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * One message handed to one consumer.
 *
 * @param deliveryCount 1 on first delivery, incremented on each redelivery
 */
public record Delivery(String queue, String group, long offset, int deliveryCount, Message message) {
    /** The message id a consumer uses to acknowledge: {@code <queue>:<offset>}. */
    public String messageId() {
        return queue + ":" + offset;
    }

    /**
     * The message as a consumer receives it: the publisher's user properties without the
     * {@linkplain QueueProperties#isReserved reserved} names, followed by this delivery's
     * {@link QueueProperties}. The payload is shared, not copied.
     */
    public Message stampedMessage() {
        List<UserProperty> properties = new ArrayList<>(message.userProperties().size() + 6);
        for (UserProperty p : message.userProperties()) {
            if (!QueueProperties.isReserved(p.name())) {
                properties.add(p);
            }
        }
        properties.add(new UserProperty(QueueProperties.MESSAGE_ID, messageId()));
        properties.add(new UserProperty(QueueProperties.GROUP_ID, group));
        properties.add(new UserProperty(QueueProperties.QUEUE, queue));
        properties.add(new UserProperty(QueueProperties.OFFSET, Long.toString(offset)));
        properties.add(new UserProperty(QueueProperties.TOPIC, message.topic().value()));
        properties.add(new UserProperty(QueueProperties.DELIVERY_COUNT, Integer.toString(deliveryCount)));
        return message.toBuilder().userProperties(properties).build();
    }

    /**
     * Parses a {@linkplain #messageId() message id}.
     *
     * @return the offset, or -1 when the id does not name an offset of {@code queue}
     */
    public static long offsetOf(String messageId, String queue) {
        if (messageId == null || !messageId.startsWith(queue) || messageId.length() <= queue.length() + 1
                || messageId.charAt(queue.length()) != ':') {
            return -1;
        }
        try {
            long offset = Long.parseLong(messageId.substring(queue.length() + 1));
            return offset >= 0 ? offset : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
