package io.fluxmq.mqtt.codec.encode;

import io.fluxmq.mqtt.codec.packet.MqttPacketType;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import io.fluxmq.mqtt.codec.packet.SubAckPacket;
import io.fluxmq.mqtt.codec.packet.SubscribePacket;
import io.fluxmq.mqtt.codec.packet.Subscription;
import io.fluxmq.mqtt.codec.packet.UnsubAckPacket;
import io.fluxmq.mqtt.codec.packet.UnsubscribePacket;
import io.netty.buffer.ByteBuf;

/** SUBSCRIBE, SUBACK, UNSUBSCRIBE and UNSUBACK (sections 3.8 to 3.11). */
final class SubscriptionEncoder {
    private SubscriptionEncoder() {
    }

    static int subscribeSize(SubscribePacket p, boolean v5) {
        int size = 2 + propertiesSize(p.properties(), MqttPacketType.SUBSCRIBE, v5);
        for (Subscription s : p.subscriptions()) {
            size += MqttWriter.stringSize(s.topicFilter()) + 1;
        }
        return size;
    }

    static void writeSubscribe(ByteBuf out, SubscribePacket p, boolean v5) {
        out.writeShort(p.packetId());
        writeProperties(out, p.properties(), MqttPacketType.SUBSCRIBE, v5);
        for (Subscription s : p.subscriptions()) {
            MqttWriter.writeString(out, s.topicFilter());
            // MQTT 3.1.1 has the requested QoS only; its bits 2-7 are reserved (MQTT-3-8.3-4)
            out.writeByte(v5 ? s.options().toByte() : s.options().maxQos().value());
        }
    }

    static int unsubscribeSize(UnsubscribePacket p, boolean v5) {
        int size = 2 + propertiesSize(p.properties(), MqttPacketType.UNSUBSCRIBE, v5);
        for (String f : p.topicFilters()) {
            size += MqttWriter.stringSize(f);
        }
        return size;
    }

    static void writeUnsubscribe(ByteBuf out, UnsubscribePacket p, boolean v5) {
        out.writeShort(p.packetId());
        writeProperties(out, p.properties(), MqttPacketType.UNSUBSCRIBE, v5);
        p.topicFilters().forEach(f -> MqttWriter.writeString(out, f));
    }

    static int subAckSize(SubAckPacket p, boolean v5) {
        return 2 + propertiesSize(p.properties(), MqttPacketType.SUBACK, v5) + p.reasonCodes().size();
    }

    static void writeSubAck(ByteBuf out, SubAckPacket p, boolean v5) {
        out.writeShort(p.packetId());
        writeProperties(out, p.properties(), MqttPacketType.SUBACK, v5);
        for (ReasonCode c : p.reasonCodes()) {
            out.writeByte(v5 ? c.value() : c.mqtt3SubscribeReturnCode());
        }
    }

    /** MQTT 3.1.1 UNSUBACK is the packet identifier alone. */
    static int unsubAckSize(UnsubAckPacket p, boolean v5) {
        return 2 + (v5 ? Mqtt5PropertiesEncoder.size(p.properties(), MqttPacketType.UNSUBACK, false) + p.reasonCodes().size() : 0);
    }

    static void writeUnsubAck(ByteBuf out, UnsubAckPacket p, boolean v5) {
        out.writeShort(p.packetId());
        if (v5) {
            Mqtt5PropertiesEncoder.write(out, p.properties(), MqttPacketType.UNSUBACK, false);
            p.reasonCodes().forEach(c -> out.writeByte(c.value()));
        }
    }

    private static int propertiesSize(io.fluxmq.mqtt.codec.packet.MqttProperties p, MqttPacketType type, boolean v5) {
        return v5 ? Mqtt5PropertiesEncoder.size(p, type, false) : 0;
    }

    private static void writeProperties(ByteBuf out, io.fluxmq.mqtt.codec.packet.MqttProperties p, MqttPacketType type,
            boolean v5) {
        if (v5) {
            Mqtt5PropertiesEncoder.write(out, p, type, false);
        }
    }
}
