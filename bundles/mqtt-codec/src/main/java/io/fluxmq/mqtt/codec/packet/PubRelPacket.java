package io.fluxmq.mqtt.codec.packet;

import java.util.Objects;

/**
 * PUBREL (section 3.6).
 *
 * @param packetId the identifier of the PUBLISH flow, 1..65535
 * @param reasonCode a code allowed in PUBREL; {@link ReasonCode#SUCCESS} in MQTT 3.1.1
 * @param properties Reason String and User Properties (MQTT 5)
 */
public record PubRelPacket(int packetId, ReasonCode reasonCode, MqttProperties properties) implements PublishResponse {

    public PubRelPacket {
        MqttStrings.checkPacketId(packetId);
        Packets.checkReasonCode(reasonCode, MqttPacketType.PUBREL);
        Objects.requireNonNull(properties, "properties");
    }

    /** A successful PUBREL without properties, the only kind MQTT 3.1.1 has. */
    public PubRelPacket(int packetId) {
        this(packetId, ReasonCode.SUCCESS, MqttProperties.EMPTY);
    }

    @Override
    public MqttPacketType type() {
        return MqttPacketType.PUBREL;
    }

    @Override
    public PubRelPacket withProperties(MqttProperties newProperties) {
        return new PubRelPacket(packetId, reasonCode, newProperties);
    }
}
