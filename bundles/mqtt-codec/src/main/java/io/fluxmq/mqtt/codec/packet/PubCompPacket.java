package io.fluxmq.mqtt.codec.packet;

import java.util.Objects;

/**
 * PUBCOMP (section 3.7).
 *
 * @param packetId the identifier of the PUBLISH flow, 1..65535
 * @param reasonCode a code allowed in PUBCOMP; {@link ReasonCode#SUCCESS} in MQTT 3.1.1
 * @param properties Reason String and User Properties (MQTT 5)
 */
public record PubCompPacket(int packetId, ReasonCode reasonCode, MqttProperties properties) implements PublishResponse {

    public PubCompPacket {
        MqttStrings.checkPacketId(packetId);
        Packets.checkReasonCode(reasonCode, MqttPacketType.PUBCOMP);
        Objects.requireNonNull(properties, "properties");
    }

    /** A successful PUBCOMP without properties, the only kind MQTT 3.1.1 has. */
    public PubCompPacket(int packetId) {
        this(packetId, ReasonCode.SUCCESS, MqttProperties.EMPTY);
    }

    @Override
    public MqttPacketType type() {
        return MqttPacketType.PUBCOMP;
    }

    @Override
    public PubCompPacket withProperties(MqttProperties newProperties) {
        return new PubCompPacket(packetId, reasonCode, newProperties);
    }
}
