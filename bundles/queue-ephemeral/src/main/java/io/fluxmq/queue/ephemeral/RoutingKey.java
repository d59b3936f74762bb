package io.fluxmq.queue.ephemeral;

import io.fluxmq.api.queue.QueueManager;
import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.api.topic.TopicName;

/**
 * Matches a consumer's routing filter against a message's routing key: the topic after
 * {@code $queue/<queue>/}, empty for {@code $queue/<queue>} itself, and the whole topic for a message
 * a binding captured from an ordinary topic.
 */
final class RoutingKey {
    private RoutingKey() {
    }

    /** Whether the filter (null for all) takes the message of {@code topic} appended to {@code queue}. */
    static boolean matches(TopicFilter filter, String queue, TopicName topic) {
        if (filter == null) {
            return true;
        }
        String value = topic.value();
        String prefix = QueueManager.QUEUE_PREFIX + queue;
        if (value.equals(prefix)) {
            // An empty key has no levels: only '#' takes it.
            return filter.filter().equals("#");
        }
        if (value.startsWith(prefix) && value.charAt(prefix.length()) == '/') {
            String key = value.substring(prefix.length() + 1);
            return key.isEmpty() ? filter.filter().equals("#") : filter.matches(TopicName.of(key));
        }
        return filter.matches(topic);
    }
}
