package io.fluxmq.mqtt.publish;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.message.PayloadFormat;
import io.fluxmq.api.topic.TopicName;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.fluxmq.mqtt.codec.packet.PublishPacket;
import io.fluxmq.mqtt.codec.packet.Will;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/**
 * Converts between MQTT PUBLISH packets and the broker's {@link Message}. The mapping:
 *
 * <pre>
 * PUBLISH                        Message
 * Topic Name (alias resolved)    topic
 * payload                        payload (copied once on the way in, wrapped on the way out)
 * QoS, RETAIN                    qos, retain
 * Payload Format Indicator 1     payloadFormat UTF8 (0 or absent: BYTES, sent as absent)
 * Message Expiry Interval        expiryIntervalSeconds; sent as what is left (MQTT-3.3.2-6)
 * Content Type                   contentType
 * Response Topic                 responseTopic
 * Correlation Data               correlationData
 * User Property (in order)       userProperties (MQTT-3.3.2-17, -18)
 * Subscription Identifier        not in the message: per subscription, see {@link Outgoing}
 * Topic Alias                    not in the message: per connection
 * </pre>
 */
public final class MqttMessages {
    private MqttMessages() {
    }

    /** The message of a received PUBLISH; the packet is not released here. */
    public static Message toMessage(String topic, PublishPacket p) {
        Message.Builder b = Message.builder(TopicName.of(topic))
                .wrapPayload(ByteBufUtil.getBytes(p.payload()))
                .qos(p.qos())
                .retain(p.isRetain());
        return withProperties(b, p.properties()).build();
    }

    /** The message a will publishes. */
    public static Message toMessage(Will w) {
        Message.Builder b = Message.builder(TopicName.of(w.topic())).wrapPayload(w.payload()).qos(w.qos()).retain(w.retain());
        return withProperties(b, w.properties()).build();
    }

    private static Message.Builder withProperties(Message.Builder b, MqttProperties props) {
        b.payloadFormat(props.payloadFormat())
                .contentType(props.contentType())
                .responseTopic(props.responseTopic())
                .correlationData(props.correlationData())
                .userProperties(props.userProperties());
        Long expiry = props.messageExpiryInterval();
        if (expiry != null) {
            b.expiryIntervalSeconds(expiry);
        }
        return b;
    }

    /**
     * The PUBLISH for a message.
     *
     * @param topicName the topic, or "" when the alias stands for it
     * @param alias the Topic Alias to send, or null
     */
    public static PublishPacket toPacket(Outgoing o, String topicName, Integer alias, int packetId, boolean dup,
            MqttVersion version, long nowMillis) {
        Message m = o.message();
        MqttProperties props = MqttProperties.EMPTY;
        if (version.isMqtt5()) {
            MqttProperties.Builder b = MqttProperties.builder()
                    .contentType(m.contentType())
                    .responseTopic(m.responseTopic())
                    .correlationData(m.correlationData())
                    .userProperties(m.userProperties())
                    .topicAlias(alias);
            if (m.payloadFormat() == PayloadFormat.UTF8) {
                b.payloadFormatIndicator(1);
            }
            long expiry = m.remainingExpirySeconds(nowMillis);
            if (expiry != Message.NO_EXPIRY) {
                b.messageExpiryInterval(expiry);
            }
            if (o.subscriptionId() > 0) {
                b.addSubscriptionIdentifier(o.subscriptionId());
            }
            props = b.build();
        }
        return new PublishPacket(topicName, m.qos(), dup, m.retain(), packetId, props,
                Unpooled.wrappedBuffer(m.payload()));
    }

    /** Whether the payload is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates). */
    public static boolean isUtf8(PublishPacket p) {
        return ByteBufUtil.isText(p.payload(), java.nio.charset.StandardCharsets.UTF_8);
    }

    public static boolean isUtf8(byte[] payload) {
        return ByteBufUtil.isText(Unpooled.wrappedBuffer(payload), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Whether the receiver may check the payload against its Payload Format Indicator (section
     * 3.3.2.3.2: MAY) and it fails: marked as UTF-8 but is not.
     */
    public static boolean violatesPayloadFormat(PublishPacket p) {
        Integer indicator = p.properties().payloadFormatIndicator();
        return indicator != null && indicator == 1 && !isUtf8(p);
    }
}
