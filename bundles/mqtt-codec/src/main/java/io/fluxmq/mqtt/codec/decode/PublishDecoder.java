package io.fluxmq.mqtt.codec.decode;

import static io.fluxmq.mqtt.codec.decode.MqttDecodeException.protocolError;

import io.fluxmq.api.message.QoS;
import io.fluxmq.mqtt.codec.packet.MqttPacketType;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.PublishPacket;
import io.netty.buffer.ByteBuf;

/**
 * PUBLISH (section 3.3). The flags were checked with the fixed header. An empty Topic Name with a
 * Topic Alias is accepted: resolving aliases is connection state, the broker's job. The payload
 * is a retained slice of the input, the packet's owner releases it.
 */
final class PublishDecoder {
    private PublishDecoder() {
    }

    static PublishPacket decode(MqttReader r, int flags, boolean server) {
        boolean v3 = r.isMqtt3();
        boolean dup = (flags & 0x08) != 0;
        QoS qos = QoS.of((flags >> 1) & 0x03);
        boolean retain = (flags & 0x01) != 0;
        String topic = r.readString("topic name");
        int packetId = 0;
        if (qos != QoS.AT_MOST_ONCE) {
            packetId = r.readTwoByteInteger("packet identifier");
            if (packetId == 0) {
                throw protocolError(v3 ? "MQTT-2.3.1-1" : server ? "MQTT-2.2.1-3" : "MQTT-2.2.1-4",
                        "PUBLISH at QoS " + qos.value() + " with packet identifier 0");
            }
        }
        MqttProperties properties = MqttProperties.EMPTY;
        if (!v3) {
            properties = Mqtt5PropertiesDecoder.read(r, MqttPacketType.PUBLISH);
            if (server && !properties.subscriptionIdentifiers().isEmpty()) {
                throw protocolError("MQTT-3.3.4-6", "a PUBLISH from a client carries a Subscription Identifier");
            }
            TopicChecks.responseTopic(properties);
        }
        if (topic.isEmpty()) {
            if (v3 || properties.topicAlias() == null) {
                throw protocolError(v3 ? "MQTT-4.7.3-1" : "section 3.3.2.3.4", "empty Topic Name without a Topic Alias");
            }
        } else {
            TopicChecks.topicName(topic, "topic name");
        }
        ByteBuf payload = r.readRetainedRest();
        try {
            return new PublishPacket(topic, qos, dup, retain, packetId, properties, payload);
        } catch (RuntimeException e) {
            payload.release();
            throw e;
        }
    }
}
