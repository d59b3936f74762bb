package io.fluxmq.mqtt.codec.decode;

import static io.fluxmq.mqtt.codec.decode.MqttDecodeException.malformed;
import static io.fluxmq.mqtt.codec.decode.MqttDecodeException.protocolError;

import io.fluxmq.api.message.QoS;
import io.fluxmq.mqtt.codec.packet.ConnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttPacketType;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.MqttPropertyId;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.fluxmq.mqtt.codec.packet.Will;

/**
 * CONNECT (section 3.1) in two steps: {@link #readProtocol} picks the version from the protocol
 * name and level, so that the caller knows how to answer even if the rest is broken;
 * {@link #readRest} reads flags, keep alive, properties and payload in that version. Statement ids
 * differ between the versions (MQTT 3.1.1 numbers its will rules 13 to 15, MQTT 5 11 to 13).
 */
public final class ConnectDecoder {
    private static final String MQTT_3_1_NAME = "MQIsdp";

    private ConnectDecoder() {
    }

    /**
     * @return the version of a supported protocol level
     * @throws MqttDecodeException Unsupported Protocol Version (with the CONNACK format to answer
     *         in) for another level, or a Protocol Error for a name that is not MQTT's
     */
    public static MqttVersion readProtocol(MqttReader r) {
        String name = r.readString("protocol name");
        int level = r.readByte("protocol level");
        if (name.equals(MqttVersion.PROTOCOL_NAME)) {
            MqttVersion version = MqttVersion.ofProtocolLevel(level);
            if (version != null) {
                return version;
            }
            // A client below level 5 reads a 3.1.1 CONNACK (return code 0x01); others get MQTT 5's 0x84.
            MqttVersion answer = level < 5 ? MqttVersion.MQTT_3_1_1 : MqttVersion.MQTT_5;
            throw MqttDecodeException.unsupportedVersion(answer, "MQTT-3.1.2-2", "unsupported protocol level " + level);
        }
        if (name.equals(MQTT_3_1_NAME) && level == 3) {
            throw MqttDecodeException.unsupportedVersion(MqttVersion.MQTT_3_1_1, "MQTT-3.1.2-2", "MQTT 3.1 is not supported");
        }
        throw protocolError("MQTT-3.1.2-1", "protocol name must be 'MQTT', was '" + name + "'");
    }

    /** Everything after the protocol level. */
    public static ConnectPacket readRest(MqttReader r, MqttVersion version) {
        boolean v5 = version.isMqtt5();
        int flags = r.readByte("connect flags");
        if ((flags & 0x01) != 0) {
            throw malformed("MQTT-3.1.2-3", "the reserved connect flag is 1");
        }
        boolean hasUsername = (flags & 0x80) != 0;
        boolean hasPassword = (flags & 0x40) != 0;
        boolean willRetain = (flags & 0x20) != 0;
        int willQos = (flags >> 3) & 0x03;
        boolean willFlag = (flags & 0x04) != 0;
        boolean cleanStart = (flags & 0x02) != 0;
        if (!willFlag && willQos != 0) {
            throw malformed(v5 ? "MQTT-3.1.2-11" : "MQTT-3.1.2-13", "Will QoS " + willQos + " without the Will Flag");
        }
        if (!willFlag && willRetain) {
            throw malformed(v5 ? "MQTT-3.1.2-13" : "MQTT-3.1.2-15", "Will Retain without the Will Flag");
        }
        if (willQos == 3) {
            throw malformed(v5 ? "MQTT-3.1.2-12" : "MQTT-3.1.2-14", "Will QoS 3");
        }
        if (!v5 && hasPassword && !hasUsername) {
            // MQTT 5 allows a password alone (section 3.1.2.9); 3.1.1 does not
            throw malformed("MQTT-3.1.2-22", "Password Flag without User Name Flag");
        }
        int keepAlive = r.readTwoByteInteger("keep alive");
        MqttProperties properties = MqttProperties.EMPTY;
        if (v5) {
            properties = Mqtt5PropertiesDecoder.read(r, MqttPacketType.CONNECT);
            if (properties.contains(MqttPropertyId.AUTHENTICATION_DATA)
                    && !properties.contains(MqttPropertyId.AUTHENTICATION_METHOD)) {
                throw protocolError("section 3.1.2.11.10", "Authentication Data without Authentication Method");
            }
        }
        String clientId = r.readString("client identifier");
        Will will = willFlag ? readWill(r, version, QoS.of(willQos), willRetain) : null;
        String username = hasUsername ? r.readString("user name") : null;
        byte[] password = hasPassword ? r.readBinary("password") : null;
        r.expectEnd("MQTT-3.1.4-1", "CONNECT");
        return new ConnectPacket(version, clientId, cleanStart, keepAlive, username, password, will, properties);
    }

    private static Will readWill(MqttReader r, MqttVersion version, QoS qos, boolean retain) {
        MqttProperties properties = MqttProperties.EMPTY;
        if (version.isMqtt5()) {
            properties = Mqtt5PropertiesDecoder.readWill(r);
            TopicChecks.responseTopic(properties);
        }
        String topic = r.readString("will topic");
        TopicChecks.topicName(topic, "will topic");
        byte[] payload = r.readBinary("will payload");
        return new Will(topic, qos, retain, payload, properties);
    }
}
