package io.fluxmq.mqtt.codec.packet;

import java.util.List;
import java.util.Objects;

/**
 * SUBACK (section 3.9): one code per Topic Filter of the SUBSCRIBE, in the same order. MQTT 3.1.1
 * knows Granted QoS 0, 1, 2 and failure 0x80; the encoder writes any error code as 0x80.
 *
 * @param packetId the identifier of the SUBSCRIBE
 * @param reasonCodes codes allowed in SUBACK, at least one
 * @param properties Reason String and User Properties (MQTT 5)
 */
public record SubAckPacket(int packetId, List<ReasonCode> reasonCodes, MqttProperties properties) implements MqttPacket {

    public SubAckPacket {
        MqttStrings.checkPacketId(packetId);
        reasonCodes = Packets.checkReasonCodes(reasonCodes, MqttPacketType.SUBACK);
        if (reasonCodes.isEmpty()) {
            throw new IllegalArgumentException("SUBACK needs a reason code per topic filter");
        }
        Objects.requireNonNull(properties, "properties");
    }

    @Override
    public MqttPacketType type() {
        return MqttPacketType.SUBACK;
    }

    public SubAckPacket withProperties(MqttProperties newProperties) {
        return new SubAckPacket(packetId, reasonCodes, newProperties);
    }
}
