package io.fluxmq.mqtt.codec.packet;

import java.util.Objects;

/**
 * PUBACK (section 3.4).
 *
 * @param packetId the identifier of the PUBLISH flow, 1..65535
 * @param reasonCode a code allowed in PUBACK; {@link ReasonCode#SUCCESS} in MQTT 3.1.1
 * @param properties Reason String and User Properties (MQTT 5)
 */
public record PubAckPacket(int packetId, ReasonCode reasonCode, MqttProperties properties) implements PublishResponse {

    public PubAckPacket {
        MqttStrings.checkPacketId(packetId);
        Packets.checkReasonCode(reasonCode, MqttPacketType.PUBACK);
        Objects.requireNonNull(properties, "properties");
    }

    /** A successful PUBACK without properties, the only kind MQTT 3.1.1 has. */
    public PubAckPacket(int packetId) {
        this(packetId, ReasonCode.SUCCESS, MqttProperties.EMPTY);
    }

    @Override
    public MqttPacketType type() {
        return MqttPacketType.PUBACK;
    }

    @Override
    public PubAckPacket withProperties(MqttProperties newProperties) {
        return new PubAckPacket(packetId, reasonCode, newProperties);
    }
}
