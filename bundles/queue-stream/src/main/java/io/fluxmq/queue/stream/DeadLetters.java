package io.fluxmq.queue.stream;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.message.UserProperty;
import io.fluxmq.api.queue.QueueProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The copy of a rejected stream message that goes to the dead-letter queue. */
final class DeadLetters {
    private DeadLetters() {
    }

    /**
     * The message with the dead-letter properties (original queue, topic, group, reason, time),
     * replacing any of the same names the publisher set. A stream keeps no per-message delivery
     * count, so {@link QueueProperties#DEAD_LETTER_DELIVERY_COUNT} is not set.
     */
    static Message of(Message original, String queue, String group, String reason, Instant now) {
        List<UserProperty> properties = new ArrayList<>();
        for (UserProperty p : original.userProperties()) {
            if (!isDeadLetterProperty(p.name())) {
                properties.add(p);
            }
        }
        properties.add(new UserProperty(QueueProperties.DEAD_LETTER_QUEUE, queue));
        properties.add(new UserProperty(QueueProperties.DEAD_LETTER_TOPIC, original.topic().value()));
        properties.add(new UserProperty(QueueProperties.DEAD_LETTER_GROUP, group));
        if (reason != null) {
            properties.add(new UserProperty(QueueProperties.DEAD_LETTER_REASON, reason));
        }
        properties.add(new UserProperty(QueueProperties.DEAD_LETTER_TIME, now.toString()));
        return original.toBuilder().userProperties(properties).build();
    }

    private static boolean isDeadLetterProperty(String name) {
        return switch (name) {
            case QueueProperties.DEAD_LETTER_QUEUE, QueueProperties.DEAD_LETTER_TOPIC, QueueProperties.DEAD_LETTER_GROUP,
                    QueueProperties.DEAD_LETTER_DELIVERY_COUNT, QueueProperties.DEAD_LETTER_REASON,
                    QueueProperties.DEAD_LETTER_TIME -> true;
            default -> false;
        };
    }
}
