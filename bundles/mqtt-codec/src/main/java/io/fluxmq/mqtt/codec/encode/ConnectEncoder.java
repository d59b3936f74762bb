package io.fluxmq.mqtt.codec.encode;

import io.fluxmq.mqtt.codec.packet.ConnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttPacketType;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.fluxmq.mqtt.codec.packet.Will;
import io.netty.buffer.ByteBuf;

/** CONNECT (section 3.1), in the version the packet names. */
final class ConnectEncoder {
    private ConnectEncoder() {
    }

    static int size(ConnectPacket p) {
        boolean v5 = p.version().isMqtt5();
        if (!v5 && p.password() != null && p.username() == null) {
            throw new IllegalArgumentException("MQTT 3.1.1 has no password without a user name (MQTT-3.1.2-22)");
        }
        int size = MqttWriter.stringSize(MqttVersion.PROTOCOL_NAME) + 1 + 1 + 2;
        if (v5) {
            size += Mqtt5PropertiesEncoder.size(p.properties(), MqttPacketType.CONNECT, false);
        }
        size += MqttWriter.stringSize(p.clientId());
        Will will = p.will();
        if (will != null) {
            if (v5) {
                size += Mqtt5PropertiesEncoder.size(will.properties(), MqttPacketType.CONNECT, true);
            }
            size += MqttWriter.stringSize(will.topic()) + 2 + will.payloadSize();
        }
        if (p.username() != null) {
            size += MqttWriter.stringSize(p.username());
        }
        byte[] password = p.password();
        if (password != null) {
            size += MqttWriter.binarySize(password);
        }
        return size;
    }

    static void write(ByteBuf out, ConnectPacket p) {
        boolean v5 = p.version().isMqtt5();
        MqttWriter.writeString(out, MqttVersion.PROTOCOL_NAME);
        out.writeByte(p.version().protocolLevel());
        Will will = p.will();
        int flags = (p.username() != null ? 0x80 : 0) | (p.password() != null ? 0x40 : 0) | (p.cleanStart() ? 0x02 : 0);
        if (will != null) {
            flags |= 0x04 | (will.qos().value() << 3) | (will.retain() ? 0x20 : 0);
        }
        out.writeByte(flags);
        out.writeShort(p.keepAliveSeconds());
        if (v5) {
            Mqtt5PropertiesEncoder.write(out, p.properties(), MqttPacketType.CONNECT, false);
        }
        MqttWriter.writeString(out, p.clientId());
        if (will != null) {
            if (v5) {
                Mqtt5PropertiesEncoder.write(out, will.properties(), MqttPacketType.CONNECT, true);
            }
            MqttWriter.writeString(out, will.topic());
            MqttWriter.writeBinary(out, will.payload());
        }
        if (p.username() != null) {
            MqttWriter.writeString(out, p.username());
        }
        byte[] password = p.password();
        if (password != null) {
            MqttWriter.writeBinary(out, password);
        }
    }
}
