package io.fluxmq.mqtt.codec.packet;

import java.util.List;
import java.util.Objects;

/**
 * SUBSCRIBE (section 3.8).
 *
 * @param packetId 1..65535
 * @param subscriptions at least one (MQTT-3.8.3-2), in the order sent
 * @param properties Subscription Identifier and User Properties (MQTT 5)
 */
public record SubscribePacket(int packetId, List<Subscription> subscriptions, MqttProperties properties) implements MqttPacket {

    public SubscribePacket {
        MqttStrings.checkPacketId(packetId);
        subscriptions = List.copyOf(subscriptions);
        if (subscriptions.isEmpty()) {
            throw new IllegalArgumentException("SUBSCRIBE needs at least one topic filter (MQTT-3.8.3-2)");
        }
        Objects.requireNonNull(properties, "properties");
    }

    @Override
    public MqttPacketType type() {
        return MqttPacketType.SUBSCRIBE;
    }

    /** The Subscription Identifier, or 0 when none was given. */
    public int subscriptionIdentifier() {
        List<Integer> ids = properties.subscriptionIdentifiers();
        return ids.isEmpty() ? 0 : ids.get(0);
    }
}
