package io.fluxmq.mqtt.codec.packet;

import java.util.List;
import java.util.Objects;

/**
 * UNSUBSCRIBE (section 3.10). Filters are compared character by character with the existing
 * subscriptions (MQTT-3.10.4-1), so they are kept as sent and not parsed.
 *
 * @param packetId 1..65535
 * @param topicFilters at least one (MQTT-3.10.3-2), in the order sent
 * @param properties User Properties (MQTT 5)
 */
public record UnsubscribePacket(int packetId, List<String> topicFilters, MqttProperties properties) implements MqttPacket {

    public UnsubscribePacket {
        MqttStrings.checkPacketId(packetId);
        topicFilters = List.copyOf(topicFilters);
        if (topicFilters.isEmpty()) {
            throw new IllegalArgumentException("UNSUBSCRIBE needs at least one topic filter (MQTT-3.10.3-2)");
        }
        topicFilters.forEach(f -> MqttStrings.check(f, "topic filter"));
        Objects.requireNonNull(properties, "properties");
    }

    @Override
    public MqttPacketType type() {
        return MqttPacketType.UNSUBSCRIBE;
    }
}
