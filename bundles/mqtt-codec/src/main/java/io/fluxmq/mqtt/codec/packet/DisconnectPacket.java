package io.fluxmq.mqtt.codec.packet;

import java.util.Objects;

/**
 * DISCONNECT (section 3.14). MQTT 3.1.1 has neither reason code nor properties (and only the
 * client sends it); the encoder writes an empty packet.
 *
 * @param reasonCode a code allowed in DISCONNECT
 * @param properties Session Expiry Interval (client only, MQTT-3.14.2-2), Reason String, User
 *        Properties, Server Reference
 */
public record DisconnectPacket(ReasonCode reasonCode, MqttProperties properties) implements MqttPacket {
    /** A normal disconnection without properties. */
    public static final DisconnectPacket NORMAL = new DisconnectPacket(ReasonCode.NORMAL_DISCONNECTION, MqttProperties.EMPTY);

    public DisconnectPacket {
        Packets.checkReasonCode(reasonCode, MqttPacketType.DISCONNECT);
        Objects.requireNonNull(properties, "properties");
    }

    public DisconnectPacket(ReasonCode reasonCode) {
        this(reasonCode, MqttProperties.EMPTY);
    }

    @Override
    public MqttPacketType type() {
        return MqttPacketType.DISCONNECT;
    }

    public DisconnectPacket withProperties(MqttProperties newProperties) {
        return new DisconnectPacket(reasonCode, newProperties);
    }
}
