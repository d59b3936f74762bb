package io.fluxmq.mqtt.codec.decode;

import static io.fluxmq.mqtt.codec.decode.MqttDecodeException.malformed;
import static io.fluxmq.mqtt.codec.decode.MqttDecodeException.protocolError;

import io.fluxmq.mqtt.codec.packet.MqttPacketType;
import io.fluxmq.mqtt.codec.packet.MqttVersion;

/**
 * Checks the first byte of a packet as soon as it arrives, before its length is read or its body
 * waited for: the type exists in the version, may be sent in this direction and at this point of
 * the connection, and its flags are the ones section 2.1.3 fixes.
 */
public final class FixedHeaderValidator {
    private FixedHeaderValidator() {
    }

    /**
     * @param firstByte the packet's first byte
     * @param version the negotiated version, or null before CONNECT
     * @param server true when decoding what a client sends
     * @param connectSeen whether a CONNECT was decoded on this connection (server side)
     * @return the packet type
     */
    public static MqttPacketType check(int firstByte, MqttVersion version, boolean server, boolean connectSeen) {
        boolean mqtt3 = version == MqttVersion.MQTT_3_1_1;
        MqttPacketType type = MqttPacketType.of(firstByte >> 4);
        if (type == null || (type == MqttPacketType.AUTH && mqtt3)) {
            throw malformed(mqtt3 ? "section 2.2.1" : "section 2.1.2", "packet type " + (firstByte >> 4) + " is reserved");
        }
        if (server) {
            if (!connectSeen && type != MqttPacketType.CONNECT) {
                throw protocolError("MQTT-3.1.0-1", "the first packet must be CONNECT, was " + type);
            }
            if (connectSeen && type == MqttPacketType.CONNECT) {
                throw protocolError("MQTT-3.1.0-2", "a second CONNECT");
            }
            if (!type.sentByClient()) {
                throw protocolError("section 2.1.2", type + " is sent by servers only");
            }
        } else if (!type.sentByServer() || (type == MqttPacketType.DISCONNECT && mqtt3)) {
            throw protocolError("section 2.1.2", type + " is not sent by servers" + (mqtt3 ? " in MQTT 3.1.1" : ""));
        }
        checkFlags(type, firstByte & 0x0F, mqtt3);
        return type;
    }

    private static void checkFlags(MqttPacketType type, int flags, boolean mqtt3) {
        if (type == MqttPacketType.PUBLISH) {
            int qos = (flags >> 1) & 0x03;
            if (qos == 3) {
                throw malformed("MQTT-3.3.1-4", "PUBLISH with both QoS bits set");
            }
            if (qos == 0 && (flags & 0x08) != 0) {
                // an invalid flag combination is a Malformed Packet (section 2.1.3)
                throw malformed("MQTT-3.3.1-2", "PUBLISH at QoS 0 with the DUP flag set");
            }
            return;
        }
        if (flags != type.fixedHeaderFlags()) {
            String rule = switch (type) {
                case PUBREL -> "MQTT-3.6.1-1";
                case SUBSCRIBE -> "MQTT-3.8.1-1";
                case UNSUBSCRIBE -> "MQTT-3.10.1-1";
                case DISCONNECT -> mqtt3 ? "MQTT-2.2.2-1" : "MQTT-3.14.1-1";
                case AUTH -> "MQTT-3.15.1-1";
                default -> mqtt3 ? "MQTT-2.2.2-1" : "MQTT-2.1.3-1";
            };
            throw malformed(rule, type + " fixed header flags must be " + bits(type.fixedHeaderFlags()) + ", were " + bits(flags));
        }
    }

    private static String bits(int nibble) {
        String b = Integer.toBinaryString(nibble | 0x10);
        return "0b" + b.substring(b.length() - 4);
    }
}
