package io.fluxmq.mqtt.codec.packet;

import java.util.Objects;

/**
 * One Topic Filter and its options in a SUBSCRIBE. The filter is well-formed UTF-8 but its topic
 * syntax is not checked by the decoder: a bad filter fails that one subscription (SUBACK 0x8F in
 * MQTT 5, 0x80 in 3.1.1), not the connection, so the broker parses it with
 * {@link io.fluxmq.api.topic.TopicFilter#of(String)} and answers per filter.
 *
 * @param topicFilter the filter as sent, including any {@code $share/<group>/} prefix
 * @param options the subscription options
 */
public record Subscription(String topicFilter, SubscriptionOptions options) {

    public Subscription {
        MqttStrings.check(topicFilter, "topic filter");
        Objects.requireNonNull(options, "options");
    }
}
