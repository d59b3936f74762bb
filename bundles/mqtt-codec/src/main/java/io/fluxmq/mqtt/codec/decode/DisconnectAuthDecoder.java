package io.fluxmq.mqtt.codec.decode;

import static io.fluxmq.mqtt.codec.decode.MqttDecodeException.protocolError;

import io.fluxmq.mqtt.codec.packet.AuthPacket;
import io.fluxmq.mqtt.codec.packet.DisconnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttPacketType;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.ReasonCode;

/**
 * DISCONNECT (section 3.14) and AUTH (section 3.15): a reason code and properties, each left out
 * when the Remaining Length ends before it (Normal disconnection / Success, no properties).
 */
final class DisconnectAuthDecoder {
    private DisconnectAuthDecoder() {
    }

    static DisconnectPacket decodeDisconnect(MqttReader r, boolean server) {
        if (r.isMqtt3()) {
            r.expectEnd("section 3.14.1", "DISCONNECT");
            return DisconnectPacket.NORMAL;
        }
        ReasonCode code = ReasonCode.NORMAL_DISCONNECTION;
        MqttProperties properties = MqttProperties.EMPTY;
        if (r.hasRemaining()) {
            code = reasonCode(r, MqttPacketType.DISCONNECT, "MQTT-3.14.2-1");
            if (r.hasRemaining()) {
                properties = Mqtt5PropertiesDecoder.read(r, MqttPacketType.DISCONNECT);
            }
        }
        if (!server && properties.sessionExpiryInterval() != null) {
            throw protocolError("MQTT-3.14.2-2", "a DISCONNECT from the server carries a Session Expiry Interval");
        }
        r.expectEnd("section 3.14.2", "DISCONNECT");
        return new DisconnectPacket(code, properties);
    }

    static AuthPacket decodeAuth(MqttReader r) {
        ReasonCode code = ReasonCode.SUCCESS;
        MqttProperties properties = MqttProperties.EMPTY;
        if (r.hasRemaining()) {
            code = reasonCode(r, MqttPacketType.AUTH, "MQTT-3.15.2-1");
            if (r.hasRemaining()) {
                properties = Mqtt5PropertiesDecoder.read(r, MqttPacketType.AUTH);
            }
        }
        r.expectEnd("section 3.15.2", "AUTH");
        return new AuthPacket(code, properties);
    }

    private static ReasonCode reasonCode(MqttReader r, MqttPacketType type, String rule) {
        int value = r.readByte("reason code");
        ReasonCode code = ReasonCode.of(type, value);
        if (code == null) {
            throw protocolError(rule, String.format("0x%02X is not a %s reason code", value, type));
        }
        return code;
    }
}
