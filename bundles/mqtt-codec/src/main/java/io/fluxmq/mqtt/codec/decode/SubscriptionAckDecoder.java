package io.fluxmq.mqtt.codec.decode;

import static io.fluxmq.mqtt.codec.decode.MqttDecodeException.protocolError;

import io.fluxmq.mqtt.codec.packet.MqttPacketType;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import io.fluxmq.mqtt.codec.packet.SubAckPacket;
import io.fluxmq.mqtt.codec.packet.UnsubAckPacket;
import java.util.ArrayList;
import java.util.List;

/** SUBACK (section 3.9) and UNSUBACK (section 3.11), as a client reads them. */
final class SubscriptionAckDecoder {
    private SubscriptionAckDecoder() {
    }

    static SubAckPacket decodeSubAck(MqttReader r) {
        boolean v3 = r.isMqtt3();
        int packetId = packetId(r, MqttPacketType.SUBACK);
        MqttProperties properties = v3 ? MqttProperties.EMPTY : Mqtt5PropertiesDecoder.read(r, MqttPacketType.SUBACK);
        List<ReasonCode> codes = new ArrayList<>();
        while (r.hasRemaining()) {
            int value = r.readByte("reason code");
            // 3.1.1 return codes are 0, 1, 2 (granted QoS) and 0x80 (failure), all MQTT 5 codes too
            ReasonCode code = v3 && value > 2 && value != 0x80 ? null : ReasonCode.of(MqttPacketType.SUBACK, value);
            if (code == null) {
                throw protocolError(v3 ? "section 3.9.3" : "MQTT-3.9.3-2", String.format("0x%02X is not a SUBACK code", value));
            }
            codes.add(code);
        }
        if (codes.isEmpty()) {
            throw protocolError(v3 ? "section 3.9.3" : "MQTT-3.9.3-2", "SUBACK without a reason code");
        }
        return new SubAckPacket(packetId, codes, properties);
    }

    static UnsubAckPacket decodeUnsubAck(MqttReader r) {
        int packetId = packetId(r, MqttPacketType.UNSUBACK);
        if (r.isMqtt3()) {
            r.expectEnd("section 3.11.1", "UNSUBACK");
            return new UnsubAckPacket(packetId, List.of(), MqttProperties.EMPTY);
        }
        MqttProperties properties = Mqtt5PropertiesDecoder.read(r, MqttPacketType.UNSUBACK);
        List<ReasonCode> codes = new ArrayList<>();
        while (r.hasRemaining()) {
            int value = r.readByte("reason code");
            ReasonCode code = ReasonCode.of(MqttPacketType.UNSUBACK, value);
            if (code == null) {
                throw protocolError("MQTT-3.11.3-2", String.format("0x%02X is not an UNSUBACK code", value));
            }
            codes.add(code);
        }
        if (codes.isEmpty()) {
            throw protocolError("MQTT-3.11.3-2", "UNSUBACK without a reason code");
        }
        return new UnsubAckPacket(packetId, codes, properties);
    }

    private static int packetId(MqttReader r, MqttPacketType type) {
        int packetId = r.readTwoByteInteger("packet identifier");
        if (packetId == 0) {
            throw protocolError(r.isMqtt3() ? "section 2.3.1" : "MQTT-2.2.1-6", type + " with packet identifier 0");
        }
        return packetId;
    }
}
