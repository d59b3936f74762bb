package io.fluxmq.mqtt.codec.decode;

import static io.fluxmq.mqtt.codec.decode.MqttDecodeException.malformed;
import static io.fluxmq.mqtt.codec.decode.MqttDecodeException.protocolError;

import io.fluxmq.mqtt.codec.packet.ConnAckPacket;
import io.fluxmq.mqtt.codec.packet.MqttPacketType;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.ReasonCode;

/** CONNACK (section 3.2), as a client reads it. */
final class ConnAckDecoder {
    private ConnAckDecoder() {
    }

    static ConnAckPacket decode(MqttReader r) {
        boolean v3 = r.isMqtt3();
        int ackFlags = r.readByte("connect acknowledge flags");
        if ((ackFlags & 0xFE) != 0) {
            throw malformed(v3 ? "section 3.2.2.1" : "MQTT-3.2.2-1", "reserved connect acknowledge flags are set");
        }
        boolean sessionPresent = (ackFlags & 0x01) != 0;
        int value = r.readByte("reason code");
        ReasonCode code = v3 ? ReasonCode.ofMqtt3ConnectReturnCode(value) : ReasonCode.of(MqttPacketType.CONNACK, value);
        if (code == null) {
            throw protocolError(v3 ? "section 3.2.2.3" : "MQTT-3.2.2-8", String.format("0x%02X is not a CONNACK code", value));
        }
        if (sessionPresent && code != ReasonCode.SUCCESS) {
            throw protocolError(v3 ? "MQTT-3.2.2-4" : "MQTT-3.2.2-6", "Session Present with a failure code");
        }
        MqttProperties properties = v3 ? MqttProperties.EMPTY : Mqtt5PropertiesDecoder.read(r, MqttPacketType.CONNACK);
        r.expectEnd("section 3.2", "CONNACK");
        return new ConnAckPacket(sessionPresent, code, properties);
    }
}
