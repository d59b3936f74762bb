package io.fluxmq.mqtt.codec.packet;

import java.util.List;
import java.util.Objects;

/**
 * UNSUBACK (section 3.11). MQTT 5 has one code per Topic Filter of the UNSUBSCRIBE; MQTT 3.1.1 has
 * none, so a decoded 3.1.1 UNSUBACK has an empty list and the encoder writes none.
 *
 * @param packetId the identifier of the UNSUBSCRIBE
 * @param reasonCodes codes allowed in UNSUBACK
 * @param properties Reason String and User Properties (MQTT 5)
 */
public record UnsubAckPacket(int packetId, List<ReasonCode> reasonCodes, MqttProperties properties) implements MqttPacket {

    public UnsubAckPacket {
        MqttStrings.checkPacketId(packetId);
        reasonCodes = Packets.checkReasonCodes(reasonCodes, MqttPacketType.UNSUBACK);
        Objects.requireNonNull(properties, "properties");
    }

    @Override
    public MqttPacketType type() {
        return MqttPacketType.UNSUBACK;
    }

    public UnsubAckPacket withProperties(MqttProperties newProperties) {
        return new UnsubAckPacket(packetId, reasonCodes, newProperties);
    }
}
