package io.fluxmq.api.queue;

import io.fluxmq.api.topic.TopicFilter;
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
}
