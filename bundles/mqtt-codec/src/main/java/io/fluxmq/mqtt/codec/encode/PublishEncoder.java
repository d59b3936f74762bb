package io.fluxmq.mqtt.codec.encode;

import io.fluxmq.api.message.QoS;
import io.fluxmq.mqtt.codec.packet.MqttPacketType;
import io.fluxmq.mqtt.codec.packet.PublishPacket;
import io.netty.buffer.ByteBuf;

/** The variable header of PUBLISH (section 3.3.2); the payload is sent as it is, never copied here. */
final class PublishEncoder {
    private PublishEncoder() {
    }

    static int variableHeaderSize(PublishPacket p, boolean v5) {
        if (!v5 && p.topicName().isEmpty()) {
            throw new IllegalArgumentException("MQTT 3.1.1 has no topic alias: the topic name must not be empty");
        }
        int size = MqttWriter.stringSize(p.topicName()) + (p.qos() == QoS.AT_MOST_ONCE ? 0 : 2);
        if (v5) {
            size += Mqtt5PropertiesEncoder.size(p.properties(), MqttPacketType.PUBLISH, false);
        }
        return size;
    }

    static void writeVariableHeader(ByteBuf out, PublishPacket p, boolean v5) {
        MqttWriter.writeString(out, p.topicName());
        if (p.qos() != QoS.AT_MOST_ONCE) {
            out.writeShort(p.packetId());
        }
        if (v5) {
            Mqtt5PropertiesEncoder.write(out, p.properties(), MqttPacketType.PUBLISH, false);
        }
    }
}
