package io.fluxmq.mqtt.connection;

import static io.fluxmq.mqtt.codec.packet.MqttVersion.MQTT_3_1_1;
import static io.fluxmq.mqtt.codec.packet.MqttVersion.MQTT_5;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.QoS;
import io.fluxmq.api.router.RetainHandling;
import io.fluxmq.mqtt.TestBroker;
import io.fluxmq.mqtt.codec.packet.ConnAckPacket;
import io.fluxmq.mqtt.codec.packet.DisconnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttPacket;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
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
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sections 3.3 to 3.11 (PUBLISH, its acks, SUBSCRIBE, UNSUBSCRIBE) and 4.3 (QoS flows). */
class PublishConformanceTest {
    private final TestBroker broker = new TestBroker(TestBroker.settings());

    @AfterEach
    void stop() {
        TestClient.closeAll();
        broker.close();
    }

    private TestClient connected(String id, MqttVersion v) {
        TestClient c = new TestClient(broker.broker, v);
        c.connect(id);
        return c;
    }

    private TestClient connected(String id, MqttProperties props) {
        TestClient c = new TestClient(broker.broker, MQTT_5);
        c.send(TestClient.connect(MQTT_5, id, true, props));
        assertThat(c.next(ConnAckPacket.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        return c;
    }

    static PublishPacket publish(String topic, QoS qos, int id, String payload, MqttProperties props) {
        return new PublishPacket(topic, qos, false, false, id, props,
                Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8));
    }

    static PublishPacket retained(String topic, String payload) {
        return new PublishPacket(topic, QoS.AT_MOST_ONCE, false, true, 0, MqttProperties.EMPTY,
                Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8));
    }

    static void subscribe(TestClient c, String filter, SubscriptionOptions options, MqttProperties props,
            ReasonCode expected) {
        c.send(new SubscribePacket(7, List.of(new Subscription(filter, options)), props));
        assertThat(c.next(SubAckPacket.class).reasonCodes()).containsExactly(expected);
    }

    static void subscribe(TestClient c, String filter, QoS qos) {
        subscribe(c, filter, SubscriptionOptions.ofQos(qos), MqttProperties.EMPTY, ReasonCode.valueOf("GRANTED_QOS_" + qos.value()));
    }

    static String text(PublishPacket p) {
        try {
            return p.payload().toString(StandardCharsets.UTF_8);
        } finally {
            p.release();
        }
    }

    @Test
    void qos1IsAcknowledgedAndDeliveredDowngradedToTheSubscriptionQos_MQTT_3_8_4_8() {
        TestClient sub = connected("sub", MQTT_3_1_1);
        subscribe(sub, "a/+", QoS.AT_MOST_ONCE);
        TestClient pub = connected("pub", MQTT_3_1_1);
        pub.send(publish("a/b", QoS.AT_LEAST_ONCE, 1, "hello", MqttProperties.EMPTY));
        assertThat(pub.next(PubAckPacket.class).packetId()).isEqualTo(1);
        PublishPacket got = sub.next(PublishPacket.class);
        assertThat(got.qos()).isEqualTo(QoS.AT_MOST_ONCE);
        assertThat(got.topicName()).isEqualTo("a/b");
        assertThat(text(got)).isEqualTo("hello");
    }

    @Test
    void qos2FlowRoutesOnceAndCompletesWithPubComp_MQTT_4_3_3() {
        TestClient sub = connected("sub2", MQTT_5);
        subscribe(sub, "q2", QoS.EXACTLY_ONCE);
        TestClient pub = connected("pub2", MQTT_5);
        pub.send(publish("q2", QoS.EXACTLY_ONCE, 9, "once", MqttProperties.EMPTY));
        assertThat(pub.next(PubRecPacket.class).packetId()).isEqualTo(9);
        // a resent PUBLISH before PUBREL is acknowledged but not routed again (MQTT-4.3.3-10)
        pub.send(new PublishPacket("q2", QoS.EXACTLY_ONCE, true, false, 9, MqttProperties.EMPTY,
                Unpooled.copiedBuffer("once", StandardCharsets.UTF_8)));
        assertThat(pub.next(PubRecPacket.class).packetId()).isEqualTo(9);
        pub.send(new PubRelPacket(9));
        assertThat(pub.next(PubCompPacket.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        PublishPacket got = sub.next(PublishPacket.class);
        assertThat(got.qos()).isEqualTo(QoS.EXACTLY_ONCE);
        assertThat(text(got)).isEqualTo("once");
        assertThat(sub.received()).isEmpty();
        // the subscriber's side of the flow
        sub.send(new PubRecPacket(got.packetId()));
        assertThat(sub.next(PubRelPacket.class).packetId()).isEqualTo(got.packetId());
        sub.send(new PubCompPacket(got.packetId()));
        assertThat(sub.received()).isEmpty();
    }

    @Test
    void pubRelForAnUnknownPacketIdGetsPubComp0x92_section_3_7_2_1() {
        TestClient pub = connected("rel", MQTT_5);
        pub.send(new PubRelPacket(44));
        assertThat(pub.next(PubCompPacket.class).reasonCode()).isEqualTo(ReasonCode.PACKET_IDENTIFIER_NOT_FOUND);
    }

    @Test
    void noMatchingSubscribersIsReported_section_3_4_2_1() {
        TestClient pub = connected("lonely", MQTT_5);
        pub.send(publish("nobody/here", QoS.AT_LEAST_ONCE, 3, "x", MqttProperties.EMPTY));
        assertThat(pub.next(PubAckPacket.class).reasonCode()).isEqualTo(ReasonCode.NO_MATCHING_SUBSCRIBERS);
    }

    @Test
    void retainedMessagesAreSentOnSubscribeWithRetain1AndClearedByAnEmptyPayload_MQTT_3_3_1_6_and_9_and_10() {
        TestClient pub = connected("rpub", MQTT_5);
        pub.send(retained("r/1", "first"));
        pub.send(retained("r/1", "second")); // replaces (MQTT-3.3.1-5)
        pub.send(retained("r/2", "other"));
        TestClient sub = connected("rsub", MQTT_5);
        subscribe(sub, "r/#", QoS.AT_LEAST_ONCE);
        List<MqttPacket> got = sub.received();
        assertThat(got).hasSize(2).allSatisfy(p -> assertThat(((PublishPacket) p).isRetain()).isTrue());
        assertThat(got.stream().map(p -> text((PublishPacket) p))).containsExactlyInAnyOrder("second", "other");
        pub.send(retained("r/1", ""));
        PublishPacket clear = sub.next(PublishPacket.class); // delivered as normal
        assertThat(clear.payload().readableBytes()).isZero();
        clear.release();
        assertThat(broker.retained.get(io.fluxmq.api.topic.TopicName.of("r/1"))).isEmpty();
    }

    @Test
    void retainHandling2SendsNoRetainedMessages_MQTT_3_3_1_11_and_1ResendsOnlyForNewSubscriptions() {
        TestClient pub = connected("rh", MQTT_5);
        pub.send(retained("h/1", "kept"));
        TestClient sub = connected("rhs", MQTT_5);
        subscribe(sub, "h/#", new SubscriptionOptions(QoS.AT_MOST_ONCE, false, false, RetainHandling.DO_NOT_SEND),
                MqttProperties.EMPTY, ReasonCode.GRANTED_QOS_0);
        assertThat(sub.received()).isEmpty();
        SubscriptionOptions ifNew = new SubscriptionOptions(QoS.AT_MOST_ONCE, false, false,
                RetainHandling.SEND_IF_NEW_SUBSCRIPTION);
        subscribe(sub, "h/+", ifNew, MqttProperties.EMPTY, ReasonCode.GRANTED_QOS_0);
        assertThat(text(sub.next(PublishPacket.class))).isEqualTo("kept");
        subscribe(sub, "h/+", ifNew, MqttProperties.EMPTY, ReasonCode.GRANTED_QOS_0);
        assertThat(sub.received()).isEmpty();
    }

    @Test
    void retainAsPublishedKeepsTheFlagOtherwiseItIsCleared_MQTT_3_3_1_12_and_13() {
        TestClient keep = connected("rap1", MQTT_5);
        subscribe(keep, "rap", new SubscriptionOptions(QoS.AT_MOST_ONCE, false, true, RetainHandling.DO_NOT_SEND),
                MqttProperties.EMPTY, ReasonCode.GRANTED_QOS_0);
        TestClient clear = connected("rap0", MQTT_5);
        subscribe(clear, "rap", new SubscriptionOptions(QoS.AT_MOST_ONCE, false, false, RetainHandling.DO_NOT_SEND),
                MqttProperties.EMPTY, ReasonCode.GRANTED_QOS_0);
        connected("rapp", MQTT_5).send(retained("rap", "v"));
        PublishPacket k = keep.next(PublishPacket.class);
        PublishPacket c = clear.next(PublishPacket.class);
        assertThat(k.isRetain()).isTrue();
        assertThat(c.isRetain()).isFalse();
        k.release();
        c.release();
    }

    @Test
    void noLocalSubscriptionsDoNotGetTheirOwnMessages_MQTT_3_8_3_3() {
        TestClient c = connected("nl", MQTT_5);
        subscribe(c, "nl/t", new SubscriptionOptions(QoS.AT_MOST_ONCE, true, false, RetainHandling.SEND_ON_SUBSCRIBE),
                MqttProperties.EMPTY, ReasonCode.GRANTED_QOS_0);
        c.send(publish("nl/t", QoS.AT_MOST_ONCE, 0, "mine", MqttProperties.EMPTY));
        assertThat(c.received()).isEmpty();
        connected("other", MQTT_5).send(publish("nl/t", QoS.AT_MOST_ONCE, 0, "theirs", MqttProperties.EMPTY));
        assertThat(text(c.next(PublishPacket.class))).isEqualTo("theirs");
    }

    @Test
    void subscriptionIdentifiersAndPropertiesAreForwarded_MQTT_3_3_4_3_and_MQTT_3_3_2_17() {
        TestClient sub = connected("sid", MQTT_5);
        subscribe(sub, "p/#", SubscriptionOptions.ofQos(QoS.AT_LEAST_ONCE),
                MqttProperties.builder().addSubscriptionIdentifier(42).build(), ReasonCode.GRANTED_QOS_1);
        MqttProperties props = MqttProperties.builder().contentType("text/plain").responseTopic("reply/here")
                .correlationData(new byte[] {1, 2}).payloadFormatIndicator(1).messageExpiryInterval(100L)
                .addUserProperty("b", "2").addUserProperty("a", "1").addUserProperty("b", "3").build();
        connected("ppub", MQTT_5).send(publish("p/x", QoS.AT_LEAST_ONCE, 1, "props", props));
        PublishPacket got = sub.next(PublishPacket.class);
        MqttProperties p = got.properties();
        assertThat(p.subscriptionIdentifiers()).containsExactly(42);
        assertThat(p.contentType()).isEqualTo("text/plain");
        assertThat(p.responseTopic()).isEqualTo("reply/here");
        assertThat(p.correlationData()).containsExactly(1, 2);
        assertThat(p.payloadFormatIndicator()).isEqualTo(1);
        assertThat(p.messageExpiryInterval()).isBetween(99L, 100L);
        assertThat(p.userProperties()).extracting(u -> u.name() + "=" + u.value()).containsExactly("b=2", "a=1", "b=3");
        got.release();
    }

    @Test
    void inboundTopicAliasesAreResolvedAndAnAliasAboveTheMaximumIsRefused_MQTT_3_3_2_9() {
        TestClient sub = connected("tas", MQTT_5);
        subscribe(sub, "alias/t", QoS.AT_MOST_ONCE);
        TestClient pub = connected("tap", MQTT_5);
        pub.send(publish("alias/t", QoS.AT_MOST_ONCE, 0, "1", MqttProperties.builder().topicAlias(3).build()));
        pub.send(publish("", QoS.AT_MOST_ONCE, 0, "2", MqttProperties.builder().topicAlias(3).build()));
        assertThat(sub.received()).hasSize(2).allSatisfy(p -> {
            assertThat(((PublishPacket) p).topicName()).isEqualTo("alias/t");
            ((PublishPacket) p).release();
        });
        pub.send(publish("alias/t", QoS.AT_MOST_ONCE, 0, "3", MqttProperties.builder().topicAlias(65).build()));
        assertThat(pub.next(DisconnectPacket.class).reasonCode()).isEqualTo(ReasonCode.TOPIC_ALIAS_INVALID);
        assertThat(pub.isOpen()).isFalse();
    }

    @Test
    void outboundTopicAliasesAreUsedWhenTheClientAllowsThem_section_3_3_2_3_4() {
        TestClient sub = connected("otas", MqttProperties.builder().topicAliasMaximum(2).build());
        subscribe(sub, "o/#", QoS.AT_MOST_ONCE);
        TestClient pub = connected("otap", MQTT_5);
        pub.send(publish("o/1", QoS.AT_MOST_ONCE, 0, "a", MqttProperties.EMPTY));
        pub.send(publish("o/1", QoS.AT_MOST_ONCE, 0, "b", MqttProperties.EMPTY));
        PublishPacket first = sub.next(PublishPacket.class);
        PublishPacket second = sub.next(PublishPacket.class);
        assertThat(first.topicName()).isEqualTo("o/1");
        assertThat(first.properties().topicAlias()).isEqualTo(1);
        assertThat(second.topicName()).isEmpty();
        assertThat(second.properties().topicAlias()).isEqualTo(1);
        first.release();
        second.release();
    }

    @Test
    void aMessageLargerThanTheClientsMaximumPacketSizeIsNotSent_MQTT_3_1_2_25() {
        TestClient sub = connected("small", MqttProperties.builder().maximumPacketSize(100L).build());
        subscribe(sub, "size/#", QoS.AT_LEAST_ONCE);
        TestClient pub = connected("sizep", MQTT_5);
        pub.send(publish("size/big", QoS.AT_LEAST_ONCE, 1, "x".repeat(200), MqttProperties.EMPTY));
        pub.send(publish("size/small", QoS.AT_LEAST_ONCE, 2, "y", MqttProperties.EMPTY));
        PublishPacket got = sub.next(PublishPacket.class);
        assertThat(got.topicName()).isEqualTo("size/small");
        got.release();
        assertThat(sub.received()).isEmpty();
    }

    @Test
    void theInflightWindowIsBoundedByTheClientsReceiveMaximum_MQTT_3_3_4_9() {
        TestClient sub = connected("rm", MqttProperties.builder().receiveMaximum(2).build());
        subscribe(sub, "w", QoS.AT_LEAST_ONCE);
        TestClient pub = connected("rmp", MQTT_5);
        for (int i = 1; i <= 5; i++) {
            pub.send(publish("w", QoS.AT_LEAST_ONCE, i, "m" + i, MqttProperties.EMPTY));
        }
        List<MqttPacket> first = sub.received();
        assertThat(first).hasSize(2);
        PublishPacket one = (PublishPacket) first.get(0);
        sub.send(new PubAckPacket(one.packetId()));
        List<MqttPacket> next = sub.received();
        assertThat(next).hasSize(1);
        assertThat(text((PublishPacket) next.get(0))).isEqualTo("m3");
        assertThat(text(one)).isEqualTo("m1");
        ((PublishPacket) first.get(1)).release();
    }

    @Test
    void exceedingTheServersReceiveMaximumIsAnError_section_3_3_4() {
        TestBroker small = new TestBroker(TestBroker.settings().toBuilder().receiveMaximum(1).topicAliasMaximum(8)
                .maxSessionExpirySeconds(3600).maxOfflineMessages(100).maxOfflineBytes(1 << 20).build());
        try {
            TestClient pub = new TestClient(small.broker, MQTT_5);
            pub.connect("over");
            pub.send(publish("x", QoS.EXACTLY_ONCE, 1, "a", MqttProperties.EMPTY));
            pub.next(PubRecPacket.class);
            pub.send(publish("x", QoS.EXACTLY_ONCE, 2, "b", MqttProperties.EMPTY));
            assertThat(pub.next(DisconnectPacket.class).reasonCode()).isEqualTo(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED);
        } finally {
            TestClient.closeAll();
            small.close();
        }
    }

    @Test
    void subAckHasOneCodePerFilterAndAnInvalidFilterFailsAlone_MQTT_3_8_4_6() {
        TestClient c = connected("codes", MQTT_5);
        c.send(new SubscribePacket(5, List.of(new Subscription("ok/#", SubscriptionOptions.ofQos(QoS.EXACTLY_ONCE)),
                new Subscription("bad/#/x", SubscriptionOptions.ofQos(QoS.AT_MOST_ONCE)),
                new Subscription("$share/g/s", SubscriptionOptions.ofQos(QoS.AT_LEAST_ONCE))), MqttProperties.EMPTY));
        assertThat(c.next(SubAckPacket.class).reasonCodes()).containsExactly(ReasonCode.GRANTED_QOS_2,
                ReasonCode.TOPIC_FILTER_INVALID, ReasonCode.GRANTED_QOS_1);
        c.send(new UnsubscribePacket(6, List.of("ok/#", "never"), MqttProperties.EMPTY));
        assertThat(c.next(UnsubAckPacket.class).reasonCodes()).containsExactly(ReasonCode.SUCCESS,
                ReasonCode.NO_SUBSCRIPTION_EXISTED);
    }

    @Test
    void sharedSubscriptionsDeliverEachMessageToOneMember_section_4_8_2() {
        TestClient a = connected("ga", MQTT_5);
        TestClient b = connected("gb", MQTT_5);
        subscribe(a, "$share/g/jobs", QoS.AT_MOST_ONCE);
        subscribe(b, "$share/g/jobs", QoS.AT_MOST_ONCE);
        TestClient pub = connected("gp", MQTT_5);
        for (int i = 0; i < 10; i++) {
            pub.send(publish("jobs", QoS.AT_MOST_ONCE, 0, "j" + i, MqttProperties.EMPTY));
        }
        List<MqttPacket> toA = a.received();
        List<MqttPacket> toB = b.received();
        assertThat(toA.size() + toB.size()).isEqualTo(10);
        assertThat(toA).hasSize(5);
        toA.forEach(p -> ((PublishPacket) p).release());
        toB.forEach(p -> ((PublishPacket) p).release());
    }

    @Test
    void sysTopicsAreNotMatchedByAFirstLevelWildcard_MQTT_4_7_2_1() {
        TestClient c = connected("sys", MQTT_3_1_1);
        subscribe(c, "#", QoS.AT_MOST_ONCE);
        TestClient s = connected("sys2", MQTT_3_1_1);
        subscribe(s, "$SYS/broker/clients/connected", QoS.AT_MOST_ONCE);
        new io.fluxmq.mqtt.sys.SysTopicPublisher(broker.broker).publishNow();
        assertThat(c.received()).isEmpty();
        assertThat(text(s.next(PublishPacket.class))).isEqualTo("2");
    }
}
