package io.fluxmq.mqtt.codec;

import io.fluxmq.api.message.QoS;
import io.fluxmq.api.router.RetainHandling;
import io.fluxmq.mqtt.codec.packet.AuthPacket;
import io.fluxmq.mqtt.codec.packet.ConnAckPacket;
import io.fluxmq.mqtt.codec.packet.ConnectPacket;
import io.fluxmq.mqtt.codec.packet.DisconnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttPacket;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.fluxmq.mqtt.codec.packet.PingReqPacket;
import io.fluxmq.mqtt.codec.packet.PingRespPacket;
import io.fluxmq.mqtt.codec.packet.PubAckPacket;
import io.fluxmq.mqtt.codec.packet.PubCompPacket;
import io.fluxmq.mqtt.codec.packet.PubRecPacket;
import io.fluxmq.mqtt.codec.packet.PubRelPacket;
import io.fluxmq.mqtt.codec.packet.PublishPacket;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import io.fluxmq.mqtt.codec.packet.SubAckPacket;
import io.fluxmq.mqtt.codec.packet.SubscribePacket;
import io.fluxmq.mqtt.codec.packet.Subscription;
import io.fluxmq.mqtt.codec.packet.SubscriptionOptions;
import io.fluxmq.mqtt.codec.packet.UnsubAckPacket;
import io.fluxmq.mqtt.codec.packet.UnsubscribePacket;
import io.fluxmq.mqtt.codec.packet.Will;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One packet of every type, MQTT 5 ones with every property their packet may carry. Fresh on each call. */
final class Samples {
    private Samples() {
    }

    static MqttProperties willProperties() {
        return MqttProperties.builder().willDelayInterval(30L).payloadFormatIndicator(1).messageExpiryInterval(0xFFFF_FFFFL)
                .contentType("text/plain").responseTopic("reply/here").correlationData(new byte[] {1, 2, 3})
                .addUserProperty("k", "v").addUserProperty("k", "v2").build();
    }

    static ConnectPacket connect5() {
        MqttProperties p = MqttProperties.builder().sessionExpiryInterval(3600L).receiveMaximum(20).maximumPacketSize(1_048_576L)
                .topicAliasMaximum(10).requestResponseInformation(true).requestProblemInformation(false)
                .addUserProperty("a", "1").addUserProperty("a", "1").authenticationMethod("SCRAM-SHA-1")
                .authenticationData(new byte[] {9, 8, 7}).build();
        Will will = new Will("will/topic", QoS.AT_LEAST_ONCE, true, "bye".getBytes(StandardCharsets.UTF_8), willProperties());
        return new ConnectPacket(MqttVersion.MQTT_5, "client-\u00e9\uD83D\uDE00", false, 65_535, "user", new byte[] {0, 1, 2},
                will, p);
    }

    static ConnectPacket connect3() {
        Will will = new Will("w", QoS.EXACTLY_ONCE, false, new byte[0], MqttProperties.EMPTY);
        return new ConnectPacket(MqttVersion.MQTT_3_1_1, "c3", true, 0, "u", "p".getBytes(StandardCharsets.UTF_8), will,
                MqttProperties.EMPTY);
    }

    static ConnAckPacket connAck5() {
        MqttProperties p = MqttProperties.builder().sessionExpiryInterval(10L).receiveMaximum(100).maximumQos(QoS.AT_LEAST_ONCE)
                .retainAvailable(false).maximumPacketSize(65_536L).assignedClientIdentifier("auto-1").topicAliasMaximum(5)
                .reasonString("welcome").addUserProperty("x", "y").wildcardSubscriptionAvailable(true)
                .subscriptionIdentifierAvailable(true).sharedSubscriptionAvailable(false).serverKeepAlive(30)
                .responseInformation("resp/").serverReference("other:1883").authenticationMethod("SCRAM-SHA-1")
                .authenticationData(new byte[] {4}).build();
        return new ConnAckPacket(true, ReasonCode.SUCCESS, p);
    }

    static PublishPacket publishFromServer5() {
        MqttProperties p = MqttProperties.builder().payloadFormatIndicator(0).messageExpiryInterval(60L).topicAlias(3)
                .responseTopic("r/t").correlationData(new byte[] {42}).addUserProperty("h", "1").addUserProperty("h", "2")
                .addSubscriptionIdentifier(1).addSubscriptionIdentifier(268_435_455).contentType("application/json").build();
        return new PublishPacket("a/b", QoS.EXACTLY_ONCE, true, true, 65_535, p, Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8));
    }

    static PublishPacket publishFromClient5() {
        MqttProperties p = MqttProperties.builder().topicAlias(7).build();
        return new PublishPacket("", QoS.AT_LEAST_ONCE, false, false, 1, p, Unpooled.wrappedBuffer(new byte[300]));
    }

    static PublishPacket publish3(QoS qos) {
        return new PublishPacket("s/1", qos, qos != QoS.AT_MOST_ONCE, qos == QoS.EXACTLY_ONCE, qos == QoS.AT_MOST_ONCE ? 0 : 77,
                MqttProperties.EMPTY, Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
    }

    static MqttProperties reason() {
        return MqttProperties.builder().reasonString("why").addUserProperty("n", "v").build();
    }

    static SubscribePacket subscribe5() {
        return new SubscribePacket(2, List.of(
                new Subscription("a/+", new SubscriptionOptions(QoS.EXACTLY_ONCE, true, true, RetainHandling.DO_NOT_SEND)),
                new Subscription("$share/g/b/#", new SubscriptionOptions(QoS.AT_MOST_ONCE, false, false,
                        RetainHandling.SEND_IF_NEW_SUBSCRIPTION))),
                MqttProperties.builder().addSubscriptionIdentifier(12_345).addUserProperty("s", "t").build());
    }

    static SubscribePacket subscribe3() {
        return new SubscribePacket(3, List.of(new Subscription("a/#", SubscriptionOptions.ofQos(QoS.AT_LEAST_ONCE)),
                new Subscription("b", SubscriptionOptions.ofQos(QoS.EXACTLY_ONCE))), MqttProperties.EMPTY);
    }

    /** Packets a client sends, in the version. */
    static List<MqttPacket> fromClient(MqttVersion v) {
        if (v == MqttVersion.MQTT_3_1_1) {
            return List.of(publish3(QoS.AT_MOST_ONCE), publish3(QoS.AT_LEAST_ONCE), publish3(QoS.EXACTLY_ONCE),
                    new PubAckPacket(5), new PubRecPacket(6), new PubRelPacket(7), new PubCompPacket(8), subscribe3(),
                    new UnsubscribePacket(9, List.of("a/#", "b"), MqttProperties.EMPTY), PingReqPacket.INSTANCE,
                    DisconnectPacket.NORMAL);
        }
        return List.of(publishFromClient5(), new PubAckPacket(5), new PubAckPacket(5, ReasonCode.NO_MATCHING_SUBSCRIBERS,
                        MqttProperties.EMPTY), new PubRecPacket(6, ReasonCode.QUOTA_EXCEEDED, reason()),
                new PubRelPacket(7, ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, reason()), new PubCompPacket(8, ReasonCode.SUCCESS, reason()),
                subscribe5(), new UnsubscribePacket(9, List.of("a/+", "$share/g/b/#"),
                        MqttProperties.builder().addUserProperty("u", "1").build()),
                PingReqPacket.INSTANCE, DisconnectPacket.NORMAL, new DisconnectPacket(ReasonCode.DISCONNECT_WITH_WILL_MESSAGE),
                new DisconnectPacket(ReasonCode.NORMAL_DISCONNECTION, MqttProperties.builder().sessionExpiryInterval(0L)
                        .reasonString("done").addUserProperty("a", "b").build()),
                new AuthPacket(ReasonCode.CONTINUE_AUTHENTICATION, MqttProperties.builder().authenticationMethod("SCRAM-SHA-1")
                        .authenticationData(new byte[] {1}).reasonString("more").addUserProperty("p", "q").build()),
                new AuthPacket(ReasonCode.SUCCESS, MqttProperties.EMPTY));
    }

    /** Packets a server sends, in the version. */
    static List<MqttPacket> fromServer(MqttVersion v) {
        if (v == MqttVersion.MQTT_3_1_1) {
            return List.of(new ConnAckPacket(true, ReasonCode.SUCCESS), new ConnAckPacket(false, ReasonCode.NOT_AUTHORIZED),
                    publish3(QoS.EXACTLY_ONCE), new PubAckPacket(1), new PubRecPacket(2), new PubRelPacket(3), new PubCompPacket(4),
                    new SubAckPacket(5, List.of(ReasonCode.GRANTED_QOS_0, ReasonCode.GRANTED_QOS_2, ReasonCode.UNSPECIFIED_ERROR),
                            MqttProperties.EMPTY),
                    new UnsubAckPacket(6, List.of(), MqttProperties.EMPTY), PingRespPacket.INSTANCE);
        }
        return List.of(connAck5(), new ConnAckPacket(false, ReasonCode.BANNED), publishFromServer5(),
                new PubAckPacket(1, ReasonCode.NOT_AUTHORIZED, reason()), new PubRecPacket(2), new PubRelPacket(3),
                new PubCompPacket(4, ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, MqttProperties.EMPTY),
                new SubAckPacket(5, List.of(ReasonCode.GRANTED_QOS_1, ReasonCode.TOPIC_FILTER_INVALID,
                        ReasonCode.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED), reason()),
                new UnsubAckPacket(6, List.of(ReasonCode.SUCCESS, ReasonCode.NO_SUBSCRIPTION_EXISTED), reason()),
                PingRespPacket.INSTANCE,
                new DisconnectPacket(ReasonCode.SERVER_MOVED, MqttProperties.builder().serverReference("b:1883").reasonString("move")
                        .addUserProperty("z", "1").build()),
                new AuthPacket(ReasonCode.RE_AUTHENTICATE, MqttProperties.builder().authenticationMethod("m").build()));
    }
}
