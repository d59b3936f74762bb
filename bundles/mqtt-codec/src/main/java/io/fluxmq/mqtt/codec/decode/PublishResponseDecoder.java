package io.fluxmq.mqtt.codec.decode;

import static io.fluxmq.mqtt.codec.decode.MqttDecodeException.protocolError;

import io.fluxmq.mqtt.codec.packet.MqttPacketType;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.PubAckPacket;
import io.fluxmq.mqtt.codec.packet.PubCompPacket;
import io.fluxmq.mqtt.codec.packet.PubRecPacket;
import io.fluxmq.mqtt.codec.packet.PubRelPacket;
import io.fluxmq.mqtt.codec.packet.PublishResponse;
import io.fluxmq.mqtt.codec.packet.ReasonCode;

/**
 * PUBACK, PUBREC, PUBREL and PUBCOMP (sections 3.4 to 3.7). MQTT 3.1.1: exactly a packet
 * identifier. MQTT 5: the reason code may be left out when it is Success with no properties
 * (Remaining Length 2), the property length when there are no properties (Remaining Length 3).
 */
final class PublishResponseDecoder {
    private PublishResponseDecoder() {
    }

    static PublishResponse decode(MqttPacketType type, MqttReader r) {
        boolean v3 = r.isMqtt3();
        int packetId = r.readTwoByteInteger("packet identifier");
        if (packetId == 0) {
            throw protocolError(v3 ? "section 2.3.1" : "MQTT-2.2.1-5", type + " with packet identifier 0");
        }
        ReasonCode code = ReasonCode.SUCCESS;
        MqttProperties properties = MqttProperties.EMPTY;
        if (!v3 && r.hasRemaining()) {
            int value = r.readByte("reason code");
            code = ReasonCode.of(type, value);
            if (code == null) {
                throw protocolError(rule(type), String.format("0x%02X is not a %s reason code", value, type));
            }
            if (r.hasRemaining()) {
                properties = Mqtt5PropertiesDecoder.read(r, type);
            }
        }
        r.expectEnd(v3 ? "section 3.4.1" : "section 3.4.2", type.toString());
        return switch (type) {
            case PUBACK -> new PubAckPacket(packetId, code, properties);
            case PUBREC -> new PubRecPacket(packetId, code, properties);
            case PUBREL -> new PubRelPacket(packetId, code, properties);
            case PUBCOMP -> new PubCompPacket(packetId, code, properties);
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    private static String rule(MqttPacketType type) {
        return switch (type) {
            case PUBACK -> "MQTT-3.4.2-1";
            case PUBREC -> "MQTT-3.5.2-1";
            case PUBREL -> "MQTT-3.6.2-1";
            default -> "MQTT-3.7.2-1";
        };
    }
}
