package io.fluxmq.mqtt.codec.packet;

import java.util.Objects;

/**
 * PUBREC (section 3.5).
 *
 * @param packetId the identifier of the PUBLISH flow, 1..65535
 * @param reasonCode a code allowed in PUBREC; {@link ReasonCode#SUCCESS} in MQTT 3.1.1
 * @param properties Reason String and User Properties (MQTT 5)
 */
public record PubRecPacket(int packetId, ReasonCode reasonCode, MqttProperties properties) implements PublishResponse {

    public PubRecPacket {
        MqttStrings.checkPacketId(packetId);
        Packets.checkReasonCode(reasonCode, MqttPacketType.PUBREC);
        Objects.requireNonNull(properties, "properties");
    }

    /** A successful PUBREC without properties, the only kind MQTT 3.1.1 has. */
    public PubRecPacket(int packetId) {
        this(packetId, ReasonCode.SUCCESS, MqttProperties.EMPTY);
    }

    @Override
    public MqttPacketType type() {
        return MqttPacketType.PUBREC;
    }

    @Override
    public PubRecPacket withProperties(MqttProperties newProperties) {
        return new PubRecPacket(packetId, reasonCode, newProperties);
    }
}
