package io.fluxmq.mqtt.codec.decode;

import static io.fluxmq.mqtt.codec.decode.MqttDecodeException.malformed;
import static io.fluxmq.mqtt.codec.decode.MqttDecodeException.protocolError;

import io.fluxmq.api.message.QoS;
import io.fluxmq.api.router.RetainHandling;
import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.mqtt.codec.packet.MqttPacketType;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.SubscribePacket;
import io.fluxmq.mqtt.codec.packet.Subscription;
import io.fluxmq.mqtt.codec.packet.SubscriptionOptions;
import io.fluxmq.mqtt.codec.packet.UnsubscribePacket;
import java.util.ArrayList;
import java.util.List;

/**
 * SUBSCRIBE (section 3.8) and UNSUBSCRIBE (section 3.10). Topic filter syntax is not a decode
 * failure: the broker answers a bad filter in SUBACK/UNSUBACK and keeps the connection.
 */
final class SubscribeDecoder {
    private static final RetainHandling[] RETAIN_HANDLING = RetainHandling.values();

    private SubscribeDecoder() {
    }

    static SubscribePacket decodeSubscribe(MqttReader r) {
        boolean v3 = r.isMqtt3();
        int packetId = packetId(r, "SUBSCRIBE");
        MqttProperties properties = v3 ? MqttProperties.EMPTY : Mqtt5PropertiesDecoder.read(r, MqttPacketType.SUBSCRIBE);
        List<Subscription> subscriptions = new ArrayList<>();
        while (r.hasRemaining()) {
            String filter = r.readString("topic filter");
            int options = r.readByte("subscription options");
            subscriptions.add(new Subscription(filter, v3 ? options3(options) : options5(options, filter)));
        }
        if (subscriptions.isEmpty()) {
            throw protocolError(v3 ? "MQTT-3.8.3-3" : "MQTT-3.8.3-2", "SUBSCRIBE without a topic filter");
        }
        return new SubscribePacket(packetId, subscriptions, properties);
    }

    static UnsubscribePacket decodeUnsubscribe(MqttReader r) {
        boolean v3 = r.isMqtt3();
        int packetId = packetId(r, "UNSUBSCRIBE");
        MqttProperties properties = v3 ? MqttProperties.EMPTY : Mqtt5PropertiesDecoder.read(r, MqttPacketType.UNSUBSCRIBE);
        List<String> filters = new ArrayList<>();
        while (r.hasRemaining()) {
            filters.add(r.readString("topic filter"));
        }
        if (filters.isEmpty()) {
            throw protocolError("MQTT-3.10.3-2", "UNSUBSCRIBE without a topic filter");
        }
        return new UnsubscribePacket(packetId, filters, properties);
    }

    private static int packetId(MqttReader r, String packet) {
        int packetId = r.readTwoByteInteger("packet identifier");
        if (packetId == 0) {
            throw protocolError(r.isMqtt3() ? "MQTT-2.3.1-1" : "MQTT-2.2.1-3", packet + " with packet identifier 0");
        }
        return packetId;
    }

    /** MQTT 3.1.1: the requested QoS; bits 2-7 reserved (MQTT-3-8.3-4, the spec's own spelling). */
    private static SubscriptionOptions options3(int options) {
        if ((options & 0xFC) != 0 || (options & 0x03) == 3) {
            throw malformed("MQTT-3-8.3-4", String.format("invalid requested QoS byte 0x%02X", options));
        }
        return SubscriptionOptions.ofQos(QoS.of(options));
    }

    /** MQTT 5 section 3.8.3.1. */
    private static SubscriptionOptions options5(int options, String filter) {
        if ((options & 0xC0) != 0) {
            throw malformed("MQTT-3.8.3-5", String.format("reserved subscription option bits set in 0x%02X", options));
        }
        int qos = options & 0x03;
        int retainHandling = (options >> 4) & 0x03;
        boolean noLocal = (options & 0x04) != 0;
        if (qos == 3) {
            throw protocolError("section 3.8.3.1", "Maximum QoS 3");
        }
        if (retainHandling == 3) {
            throw protocolError("section 3.8.3.1", "Retain Handling 3");
        }
        if (noLocal && filter.startsWith(TopicFilter.SHARE_PREFIX)) {
            throw protocolError("MQTT-3.8.3-4", "No Local on the shared subscription " + filter);
        }
        return new SubscriptionOptions(QoS.of(qos), noLocal, (options & 0x08) != 0, RETAIN_HANDLING[retainHandling]);
    }
}
