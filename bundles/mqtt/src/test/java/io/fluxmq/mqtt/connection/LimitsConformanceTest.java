package io.fluxmq.mqtt.connection;

import static io.fluxmq.mqtt.codec.packet.MqttVersion.MQTT_3_1_1;
import static io.fluxmq.mqtt.codec.packet.MqttVersion.MQTT_5;
import static io.fluxmq.mqtt.connection.PublishConformanceTest.publish;
import static io.fluxmq.mqtt.connection.PublishConformanceTest.subscribe;
import static io.fluxmq.mqtt.connection.PublishConformanceTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.QoS;
import io.fluxmq.api.queue.OverflowPolicy;
import io.fluxmq.mqtt.TestBroker;
import io.fluxmq.mqtt.broker.BrokerSettings;
import io.fluxmq.mqtt.codec.packet.AuthPacket;
import io.fluxmq.mqtt.codec.packet.ConnAckPacket;
import io.fluxmq.mqtt.codec.packet.ConnectPacket;
import io.fluxmq.mqtt.codec.packet.DisconnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttPacket;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.fluxmq.mqtt.codec.packet.PubAckPacket;
import io.fluxmq.mqtt.codec.packet.PubRecPacket;
import io.fluxmq.mqtt.codec.packet.PublishPacket;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import io.fluxmq.mqtt.codec.packet.SubAckPacket;
import io.fluxmq.mqtt.codec.packet.SubscribePacket;
import io.fluxmq.mqtt.codec.packet.Subscription;
import io.fluxmq.mqtt.codec.packet.SubscriptionOptions;
import io.fluxmq.mqtt.codec.packet.UnsubscribePacket;
import io.fluxmq.mqtt.codec.packet.Will;
import io.fluxmq.mqtt.sys.MqttStatistic;
import io.fluxmq.mqtt.sys.SysTopicPublisher;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The issue's "limits and hostile input" list as far as the broker (not the codec) enforces it:
 * topic length and levels, subscriptions per client, the outbound inflight window and queued bytes,
 * and the protocol-correct close for packets illegal in the current state (section 4.13), each
 * counted in the statistics.
 */
class LimitsConformanceTest {
    private static final String LONG_TOPIC = "a/topic/longer/than/thirty/two/bytes";

    private TestBroker broker;

    private TestClient client(BrokerSettings settings, MqttVersion v) {
        if (broker == null) {
            broker = new TestBroker(settings);
        }
        return new TestClient(broker.broker, v);
    }

    private TestClient connected(BrokerSettings settings, String id, MqttVersion v) {
        TestClient c = client(settings, v);
        c.connect(id);
        return c;
    }

    private long stat(MqttStatistic s) {
        return new SysTopicPublisher(broker.broker).value(s);
    }

    @AfterEach
    void stop() {
        TestClient.closeAll();
        if (broker != null) {
            broker.close();
        }
    }

    private static BrokerSettings topicLimits() {
        return TestBroker.settings().toBuilder().maxTopicLength(32).maxTopicLevels(4).build();
    }

    // ---- topic length and levels

    @Test
    void aQos1PublishOverTheTopicLengthGetsPubAck0x90AndIsNotRouted_section_3_4_2_1() {
        TestClient sub = connected(topicLimits(), "tl-sub", MQTT_5);
        subscribe(sub, "a/#", QoS.AT_LEAST_ONCE);
        TestClient pub = connected(topicLimits(), "tl-pub", MQTT_5);
        pub.send(publish(LONG_TOPIC, QoS.AT_LEAST_ONCE, 1, "x", MqttProperties.EMPTY));
        PubAckPacket ack = pub.next(PubAckPacket.class);
        assertThat(ack.reasonCode()).isEqualTo(ReasonCode.TOPIC_NAME_INVALID);
        assertThat(ack.properties().reasonString()).contains("max.topic.length");
        assertThat(pub.isOpen()).isTrue();
        assertThat(sub.nothingReceived()).isTrue();
        pub.send(publish("a/ok", QoS.AT_LEAST_ONCE, 2, "y", MqttProperties.EMPTY));
        assertThat(pub.next(PubAckPacket.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        assertThat(text(sub.next(PublishPacket.class))).isEqualTo("y");
        assertThat(stat(MqttStatistic.MESSAGES_REJECTED)).isEqualTo(1);
    }

    @Test
    void aQos2PublishWithTooManyLevelsGetsPubRec0x90_section_3_5_2_1() {
        TestClient pub = connected(topicLimits(), "lv-pub", MQTT_5);
        pub.send(publish("a/b/c/d/e", QoS.EXACTLY_ONCE, 3, "x", MqttProperties.EMPTY));
        PubRecPacket rec = pub.next(PubRecPacket.class);
        assertThat(rec.reasonCode()).isEqualTo(ReasonCode.TOPIC_NAME_INVALID);
        assertThat(rec.properties().reasonString()).contains("max.topic.levels");
        assertThat(pub.isOpen()).isTrue();
    }

    @Test
    void aQos0PublishOverTheLimitsGetsDisconnect0x90_section_4_13() {
        TestClient pub = connected(topicLimits(), "q0-pub", MQTT_5);
        pub.send(publish("a/b/c/d/e", QoS.AT_MOST_ONCE, 0, "x", MqttProperties.EMPTY));
        assertThat(pub.next(DisconnectPacket.class).reasonCode()).isEqualTo(ReasonCode.TOPIC_NAME_INVALID);
        assertThat(pub.isOpen()).isFalse();
        assertThat(stat(MqttStatistic.CONNECTIONS_CLOSED_LIMIT)).isEqualTo(1);
    }

    @Test
    void mqtt311PublishOverTheLimitsClosesTheConnectionHavingNoNegativeAck() {
        TestClient pub = connected(topicLimits(), "v3-pub", MQTT_3_1_1);
        pub.send(publish(LONG_TOPIC, QoS.AT_LEAST_ONCE, 1, "x", MqttProperties.EMPTY));
        assertThat(pub.isOpen()).isFalse();
        assertThat(pub.nothingReceived()).isTrue(); // 3.1.1 has no negative PUBACK
        assertThat(stat(MqttStatistic.CONNECTIONS_CLOSED_LIMIT)).isEqualTo(1);
    }

    @Test
    void packetsAfterTheOffendingOneInTheSameReadAreNotProcessed() {
        TestClient sub = connected(topicLimits(), "same-sub", MQTT_5);
        subscribe(sub, "a/#", QoS.AT_MOST_ONCE);
        TestClient pub = connected(topicLimits(), "same-pub", MQTT_5);
        pub.sendTogether(publish("a/b/c/d/e", QoS.AT_MOST_ONCE, 0, "x", MqttProperties.EMPTY),
                publish("a/next", QoS.AT_MOST_ONCE, 0, "y", MqttProperties.EMPTY));
        assertThat(pub.next(DisconnectPacket.class).reasonCode()).isEqualTo(ReasonCode.TOPIC_NAME_INVALID);
        assertThat(sub.nothingReceived()).isTrue();
    }

    @Test
    void aFilterOverTheLimitsGets0x8FAloneInSubAck_MQTT_3_8_4_6() {
        TestClient c = connected(topicLimits(), "tf", MQTT_5);
        c.send(new SubscribePacket(1, List.of(new Subscription("a/+/c/d/#", SubscriptionOptions.ofQos(QoS.AT_MOST_ONCE)),
                new Subscription("a/+", SubscriptionOptions.ofQos(QoS.AT_LEAST_ONCE))), MqttProperties.EMPTY));
        assertThat(c.next(SubAckPacket.class).reasonCodes()).containsExactly(ReasonCode.TOPIC_FILTER_INVALID,
                ReasonCode.GRANTED_QOS_1);
        assertThat(broker.broker.sessions().get("tf").subscriptions()).hasSize(1);
        assertThat(stat(MqttStatistic.SUBSCRIPTIONS_REJECTED)).isEqualTo(1);
    }

    @Test
    void mqtt311FilterOverTheLimitsGetsReturnCode0x80_section_3_9_3() {
        TestClient c = connected(topicLimits(), "tf3", MQTT_3_1_1);
        c.send(new SubscribePacket(1, List.of(new Subscription(LONG_TOPIC, SubscriptionOptions.ofQos(QoS.AT_MOST_ONCE))),
                MqttProperties.EMPTY));
        assertThat(c.next(SubAckPacket.class).reasonCodes()).containsExactly(ReasonCode.UNSPECIFIED_ERROR); // 0x80
    }

    @Test
    void aWillTopicOverTheLimitsIsRefusedWithConnAck0x90_section_3_2_2_2() {
        TestClient c = client(topicLimits(), MQTT_5);
        Will will = new Will(LONG_TOPIC, QoS.AT_MOST_ONCE, false, new byte[] {1}, MqttProperties.EMPTY);
        c.send(new ConnectPacket(MQTT_5, "w", true, 60, null, null, will, MqttProperties.EMPTY));
        assertThat(c.next(ConnAckPacket.class).reasonCode()).isEqualTo(ReasonCode.TOPIC_NAME_INVALID);
        assertThat(c.isOpen()).isFalse();
    }

    // ---- subscriptions per client

    @Test
    void filtersOverTheSubscriptionQuotaGet0x97_section_3_9_3() {
        BrokerSettings two = TestBroker.settings().toBuilder().maxSubscriptions(2).build();
        TestClient c = connected(two, "quota", MQTT_5);
        c.send(new SubscribePacket(1, List.of(new Subscription("q/1", SubscriptionOptions.ofQos(QoS.AT_MOST_ONCE)),
                new Subscription("q/2", SubscriptionOptions.ofQos(QoS.AT_MOST_ONCE)),
                new Subscription("q/3", SubscriptionOptions.ofQos(QoS.AT_MOST_ONCE))), MqttProperties.EMPTY));
        assertThat(c.next(SubAckPacket.class).reasonCodes()).containsExactly(ReasonCode.GRANTED_QOS_0,
                ReasonCode.GRANTED_QOS_0, ReasonCode.QUOTA_EXCEEDED);
        // replacing an existing subscription is not a new one (MQTT-3.8.4-3)
        subscribe(c, "q/1", QoS.AT_LEAST_ONCE);
        c.send(new UnsubscribePacket(2, List.of("q/2"), MqttProperties.EMPTY));
        c.received().forEach(io.netty.util.ReferenceCountUtil::release);
        subscribe(c, "q/3", QoS.AT_MOST_ONCE);
        assertThat(broker.broker.sessions().get("quota").subscriptions()).hasSize(2);
    }

    // ---- outbound inflight and queued bytes

    @Test
    void theBrokersInflightBoundAppliesToMqtt311ClientsWithoutReceiveMaximum_section_4_9() {
        BrokerSettings small = TestBroker.settings().toBuilder().maxInflight(2).build();
        TestClient sub = connected(small, "if-sub", MQTT_3_1_1);
        subscribe(sub, "w", QoS.AT_LEAST_ONCE);
        TestClient pub = connected(small, "if-pub", MQTT_3_1_1);
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
        one.release();
        ((PublishPacket) first.get(1)).release();
    }

    @Test
    void messagesWaitingForTheWindowAreBoundedInBytesAndTheOldestDropped() {
        BrokerSettings small = TestBroker.settings().toBuilder().maxInflight(1).maxOfflineBytes(8)
                .overflowPolicy(OverflowPolicy.DROP_OLDEST).build();
        TestClient sub = connected(small, "qb-sub", MQTT_5);
        subscribe(sub, "w", QoS.AT_LEAST_ONCE);
        TestClient pub = connected(small, "qb-pub", MQTT_5);
        for (int i = 1; i <= 4; i++) {
            pub.send(publish("w", QoS.AT_LEAST_ONCE, i, "abc" + i, MqttProperties.EMPTY)); // 4 bytes each
        }
        PublishPacket first = sub.next(PublishPacket.class);
        assertThat(text(first)).isEqualTo("abc1");
        assertThat(stat(MqttStatistic.MESSAGES_DROPPED)).isEqualTo(1); // abc2: 3 times 4 bytes > 8
        sub.send(new PubAckPacket(first.packetId()));
        PublishPacket second = sub.next(PublishPacket.class);
        assertThat(text(second)).isEqualTo("abc3");
        sub.send(new PubAckPacket(second.packetId()));
        assertThat(text(sub.next(PublishPacket.class))).isEqualTo("abc4");
    }

    // ---- packets illegal in the current state

    @Test
    void aSecondConnectClosesAMqtt311Connection_MQTT_3_1_0_2() {
        TestClient c = connected(TestBroker.settings(), "twice3", MQTT_3_1_1);
        c.send(TestClient.connect(MQTT_3_1_1, "twice3", true, MqttProperties.EMPTY));
        assertThat(c.isOpen()).isFalse();
        assertThat(c.nothingReceived()).isTrue();
        assertThat(stat(MqttStatistic.CONNECTIONS_CLOSED_MALFORMED)).isEqualTo(1);
    }

    @Test
    void aSecondConnectGetsDisconnect0x82AndIsCounted_MQTT_3_1_0_2() {
        TestClient c = connected(TestBroker.settings(), "twice5", MQTT_5);
        c.send(TestClient.connect(MQTT_5, "twice5", true, MqttProperties.EMPTY));
        assertThat(c.next(DisconnectPacket.class).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
        assertThat(c.isOpen()).isFalse();
        assertThat(stat(MqttStatistic.CONNECTIONS_CLOSED_MALFORMED)).isEqualTo(1);
    }

    @Test
    void aSecondConnectBeforeConnAckEndsTheConnectionWithoutASuccessfulConnAck_MQTT_3_1_0_2() {
        TestClient c = client(TestBroker.settings(), MQTT_5);
        ConnectPacket connect = TestClient.connect(MQTT_5, "early", true, MqttProperties.EMPTY);
        c.sendTogether(connect, connect);
        List<MqttPacket> got = c.received();
        assertThat(got).hasSize(1);
        assertThat(((ConnAckPacket) got.get(0)).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
        assertThat(c.isOpen()).isFalse();
        assertThat(broker.broker.sessions().get("early")).isNull();
    }

    @Test
    void aServerOnlyPacketFromTheClientIsAProtocolError_section_2_1_2() {
        TestClient c = connected(TestBroker.settings(), "suback", MQTT_5);
        c.sendRaw(0x90, 0x03, 0x00, 0x01, 0x00); // SUBACK
        assertThat(c.next(DisconnectPacket.class).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
        assertThat(c.isOpen()).isFalse();
        TestClient v3 = connected(TestBroker.settings(), "suback3", MQTT_3_1_1);
        v3.sendRaw(0x90, 0x03, 0x00, 0x01, 0x00);
        assertThat(v3.isOpen()).isFalse();
        assertThat(v3.nothingReceived()).isTrue();
        assertThat(stat(MqttStatistic.CONNECTIONS_CLOSED_MALFORMED)).isEqualTo(2);
    }

    @Test
    void authWithoutAnAuthenticationMethodIsAProtocolError_MQTT_4_12_0_7() {
        TestClient c = connected(TestBroker.settings(), "auth", MQTT_5);
        c.send(new AuthPacket(ReasonCode.CONTINUE_AUTHENTICATION,
                MqttProperties.builder().authenticationMethod("PLAIN").build()));
        assertThat(c.next(DisconnectPacket.class).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
        assertThat(c.isOpen()).isFalse();
        assertThat(stat(MqttStatistic.CONNECTIONS_CLOSED_PROTOCOL_ERROR)).isEqualTo(1);
    }

    @Test
    void anUnknownTopicAliasIsAProtocolErrorAndCounted_section_3_3_2_3_4() {
        TestClient c = connected(TestBroker.settings(), "alias", MQTT_5);
        c.send(publish("", QoS.AT_MOST_ONCE, 0, "x", MqttProperties.builder().topicAlias(3).build()));
        assertThat(c.next(DisconnectPacket.class).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
        assertThat(stat(MqttStatistic.CONNECTIONS_CLOSED_PROTOCOL_ERROR)).isEqualTo(1);
    }
}
