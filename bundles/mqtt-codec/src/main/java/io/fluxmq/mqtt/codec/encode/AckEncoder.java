package io.fluxmq.mqtt.codec.encode;

import io.fluxmq.mqtt.codec.packet.AuthPacket;
import io.fluxmq.mqtt.codec.packet.ConnAckPacket;
import io.fluxmq.mqtt.codec.packet.DisconnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttPacketType;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.PublishResponse;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import io.netty.buffer.ByteBuf;

/**
 * The packets made of a reason code and properties: CONNACK, PUBACK/PUBREC/PUBREL/PUBCOMP,
 * DISCONNECT and AUTH. In MQTT 5 the short forms are used where the spec allows them (a Success
 * code without properties is left out); MQTT 3.1.1 has no reason codes except CONNACK's return code.
 */
final class AckEncoder {
    private AckEncoder() {
    }

    static int connAckSize(ConnAckPacket p, boolean v5) {
        return 2 + (v5 ? Mqtt5PropertiesEncoder.size(p.properties(), MqttPacketType.CONNACK, false) : 0);
    }

    static void writeConnAck(ByteBuf out, ConnAckPacket p, boolean v5) {
        out.writeByte(p.sessionPresent() ? 1 : 0);
        out.writeByte(v5 ? p.reasonCode().value() : p.reasonCode().mqtt3ConnectReturnCode());
        if (v5) {
            Mqtt5PropertiesEncoder.write(out, p.properties(), MqttPacketType.CONNACK, false);
        }
    }

    static int publishResponseSize(PublishResponse p, boolean v5) {
        return 2 + (v5 ? reasonAndPropertiesSize(p.type(), p.reasonCode(), p.properties(), ReasonCode.SUCCESS) : 0);
    }

    static void writePublishResponse(ByteBuf out, PublishResponse p, boolean v5) {
        out.writeShort(p.packetId());
        if (v5) {
            writeReasonAndProperties(out, p.type(), p.reasonCode(), p.properties(), ReasonCode.SUCCESS);
        }
    }

    static int disconnectSize(DisconnectPacket p, boolean v5) {
        return v5 ? reasonAndPropertiesSize(MqttPacketType.DISCONNECT, p.reasonCode(), p.properties(),
                ReasonCode.NORMAL_DISCONNECTION) : 0;
    }

    static void writeDisconnect(ByteBuf out, DisconnectPacket p, boolean v5) {
        if (v5) {
            writeReasonAndProperties(out, MqttPacketType.DISCONNECT, p.reasonCode(), p.properties(),
                    ReasonCode.NORMAL_DISCONNECTION);
        }
    }

    static int authSize(AuthPacket p, boolean v5) {
        if (!v5) {
            throw new IllegalArgumentException("AUTH does not exist in MQTT 3.1.1");
        }
        if (p.reasonCode() == ReasonCode.SUCCESS && p.properties().isEmpty()) {
            return 0;
        }
        // AUTH has no rule for leaving out an empty property block, so it is always written
        return 1 + Mqtt5PropertiesEncoder.size(p.properties(), MqttPacketType.AUTH, false);
    }

    static void writeAuth(ByteBuf out, AuthPacket p) {
        if (p.reasonCode() != ReasonCode.SUCCESS || !p.properties().isEmpty()) {
            out.writeByte(p.reasonCode().value());
            Mqtt5PropertiesEncoder.write(out, p.properties(), MqttPacketType.AUTH, false);
        }
    }

    private static int reasonAndPropertiesSize(MqttPacketType type, ReasonCode code, MqttProperties properties,
            ReasonCode omissible) {
        if (properties.isEmpty()) {
            return code == omissible ? 0 : 1;
        }
        return 1 + Mqtt5PropertiesEncoder.size(properties, type, false);
    }

    private static void writeReasonAndProperties(ByteBuf out, MqttPacketType type, ReasonCode code,
            MqttProperties properties, ReasonCode omissible) {
        if (properties.isEmpty()) {
            if (code != omissible) {
                out.writeByte(code.value());
            }
            return;
        }
        out.writeByte(code.value());
        Mqtt5PropertiesEncoder.write(out, properties, type, false);
    }
}
