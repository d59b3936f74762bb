package io.fluxmq.mqtt.codec.encode;

import io.fluxmq.mqtt.codec.packet.AuthPacket;
import io.fluxmq.mqtt.codec.packet.ConnAckPacket;
import io.fluxmq.mqtt.codec.packet.ConnectPacket;
import io.fluxmq.mqtt.codec.packet.DisconnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttPacket;
import io.fluxmq.mqtt.codec.packet.MqttPropertyId;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.fluxmq.mqtt.codec.packet.PublishPacket;
import io.fluxmq.mqtt.codec.packet.PublishResponse;
import io.fluxmq.mqtt.codec.packet.SubAckPacket;
import io.fluxmq.mqtt.codec.packet.SubscribePacket;
import io.fluxmq.mqtt.codec.packet.UnsubAckPacket;
import io.fluxmq.mqtt.codec.packet.UnsubscribePacket;
import io.netty.buffer.ByteBuf;

/**
 * Sizes and writes whole packets: fixed header, variable header and payload, except the payload
 * of PUBLISH, which the caller sends as its own buffer. CONNECT is always written in the version
 * it names. Throws {@link IllegalArgumentException} for a packet the version cannot express
 * (AUTH in MQTT 3.1.1, an empty topic in 3.1.1, a property the packet may not carry, more than
 * 268,435,455 bytes).
 */
public final class PacketEncoder {
    private PacketEncoder() {
    }

    /** The Remaining Length, PUBLISH payload included. */
    public static int remainingLength(MqttPacket p, MqttVersion version) {
        boolean v5 = version.isMqtt5();
        long length = switch (p.type()) {
            case CONNECT -> ConnectEncoder.size((ConnectPacket) p);
            case CONNACK -> AckEncoder.connAckSize((ConnAckPacket) p, v5);
            case PUBLISH -> (long) PublishEncoder.variableHeaderSize((PublishPacket) p, v5)
                    + ((PublishPacket) p).payload().readableBytes();
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> AckEncoder.publishResponseSize((PublishResponse) p, v5);
            case SUBSCRIBE -> SubscriptionEncoder.subscribeSize((SubscribePacket) p, v5);
            case SUBACK -> SubscriptionEncoder.subAckSize((SubAckPacket) p, v5);
            case UNSUBSCRIBE -> SubscriptionEncoder.unsubscribeSize((UnsubscribePacket) p, v5);
            case UNSUBACK -> SubscriptionEncoder.unsubAckSize((UnsubAckPacket) p, v5);
            case PINGREQ, PINGRESP -> 0;
            case DISCONNECT -> AckEncoder.disconnectSize((DisconnectPacket) p, v5);
            case AUTH -> AckEncoder.authSize((AuthPacket) p, v5);
        };
        if (length > MqttPropertyId.MAX_VARIABLE_BYTE_INTEGER) {
            throw new IllegalArgumentException(p.type() + " needs a Remaining Length of " + length
                    + ", more than MQTT can frame");
        }
        return (int) length;
    }

    /** The size on the wire: fixed header, variable header and payload. */
    public static int encodedSize(MqttPacket p, MqttVersion version) {
        int remaining = remainingLength(p, version);
        return 1 + MqttWriter.variableByteIntegerSize(remaining) + remaining;
    }

    /** The bytes before the PUBLISH payload, or the whole packet for the other types. */
    public static int headerSize(MqttPacket p, int remainingLength) {
        int total = 1 + MqttWriter.variableByteIntegerSize(remainingLength) + remainingLength;
        return p instanceof PublishPacket publish ? total - publish.payload().readableBytes() : total;
    }

    /** Writes all but the PUBLISH payload; {@code remainingLength} comes from {@link #remainingLength}. */
    public static void write(ByteBuf out, MqttPacket p, MqttVersion version, int remainingLength) {
        boolean v5 = version.isMqtt5();
        out.writeByte(firstByte(p));
        MqttWriter.writeVariableByteInteger(out, remainingLength);
        switch (p.type()) {
            case CONNECT -> ConnectEncoder.write(out, (ConnectPacket) p);
            case CONNACK -> AckEncoder.writeConnAck(out, (ConnAckPacket) p, v5);
            case PUBLISH -> PublishEncoder.writeVariableHeader(out, (PublishPacket) p, v5);
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> AckEncoder.writePublishResponse(out, (PublishResponse) p, v5);
            case SUBSCRIBE -> SubscriptionEncoder.writeSubscribe(out, (SubscribePacket) p, v5);
            case SUBACK -> SubscriptionEncoder.writeSubAck(out, (SubAckPacket) p, v5);
            case UNSUBSCRIBE -> SubscriptionEncoder.writeUnsubscribe(out, (UnsubscribePacket) p, v5);
            case UNSUBACK -> SubscriptionEncoder.writeUnsubAck(out, (UnsubAckPacket) p, v5);
            case PINGREQ, PINGRESP -> {
            }
            case DISCONNECT -> AckEncoder.writeDisconnect(out, (DisconnectPacket) p, v5);
            case AUTH -> AckEncoder.writeAuth(out, (AuthPacket) p);
        }
    }

    private static int firstByte(MqttPacket p) {
        int first = p.type().value() << 4;
        if (p instanceof PublishPacket publish) {
            return first | (publish.isDup() ? 0x08 : 0) | (publish.qos().value() << 1) | (publish.isRetain() ? 0x01 : 0);
        }
        return first | p.type().fixedHeaderFlags();
    }
}
