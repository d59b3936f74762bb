package io.fluxmq.api.queue;

import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.api.topic.TopicName;
import java.util.Objects;

/**
 * How a consumer attaches to a queue.
 *
 * @param consumerId unique among the queue's consumers (e.g. the MQTT client id)
 * @param group the consumer group sharing the work; each message goes to one consumer per group
 * @param routingFilter only messages whose routing key (the topic after {@code $queue/<name>/})
 *        matches; null for all
 * @param cursor stream start position: "earliest", "latest", an offset or an ISO-8601 instant;
 *        null for the group's committed position (or latest)
 */
public record ConsumerSpec(String consumerId, String group, TopicFilter routingFilter, String cursor) {
    public ConsumerSpec {
        Objects.requireNonNull(consumerId, "consumerId");
        Objects.requireNonNull(group, "group");
    }

    /** Whether this consumer's {@link #routingFilter} takes a message of {@code topic} appended to {@code queue}. */
    public boolean takes(String queue, TopicName topic) {
        return routes(routingFilter, queue, topic);
    }

    /**
     * Whether a routing filter takes a message of {@code topic} appended to {@code queue}. The
     * message's routing key is the topic after {@code $queue/<queue>/}; a message published to
     * {@code $queue/<queue>} itself has an empty key, which only {@code #} takes; a message a
     * binding captured from another topic (another queue's included) is keyed by its whole topic.
     *
     * @param filter the routing filter, null for every message
     */
    public static boolean routes(TopicFilter filter, String queue, TopicName topic) {
        if (filter == null) {
            return true;
        }
        String value = topic.value();
        int prefix = QueueManager.QUEUE_PREFIX.length() + queue.length();
        boolean addressed = value.startsWith(QueueManager.QUEUE_PREFIX)
                && value.startsWith(queue, QueueManager.QUEUE_PREFIX.length())
                && (value.length() == prefix || value.charAt(prefix) == '/');
        if (!addressed) {
            return filter.matches(topic);
        }
        if (value.length() <= prefix + 1) {
            return filter.filter().equals("#");
        }
        return filter.matches(TopicName.of(value.substring(prefix + 1)));
    }
}
