package io.fluxmq.mqtt.codec.packet;

import java.util.Objects;

/**
 * AUTH (section 3.15), MQTT 5 only: enhanced authentication and re-authentication.
 *
 * @param reasonCode Success, Continue authentication or Re-authenticate
 * @param properties Authentication Method and Data, Reason String, User Properties
 */
public record AuthPacket(ReasonCode reasonCode, MqttProperties properties) implements MqttPacket {

    public AuthPacket {
        Packets.checkReasonCode(reasonCode, MqttPacketType.AUTH);
        Objects.requireNonNull(properties, "properties");
    }

    @Override
    public MqttPacketType type() {
        return MqttPacketType.AUTH;
    }

    public AuthPacket withProperties(MqttProperties newProperties) {
        return new AuthPacket(reasonCode, newProperties);
    }
}
