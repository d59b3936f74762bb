package io.fluxmq.mqtt.connection;

import static io.fluxmq.mqtt.codec.packet.MqttVersion.MQTT_3_1_1;
import static io.fluxmq.mqtt.codec.packet.MqttVersion.MQTT_5;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.QoS;
import io.fluxmq.api.queue.OverflowPolicy;
import io.fluxmq.api.storage.InflightMessage;
import io.fluxmq.mqtt.TestBroker;
import io.fluxmq.mqtt.broker.BrokerSettings;
import io.fluxmq.mqtt.codec.packet.ConnAckPacket;
import io.fluxmq.mqtt.codec.packet.ConnectPacket;
import io.fluxmq.mqtt.codec.packet.DisconnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttPacket;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.fluxmq.mqtt.codec.packet.PubAckPacket;
import io.fluxmq.mqtt.codec.packet.PubRecPacket;
import io.fluxmq.mqtt.codec.packet.PubRelPacket;
import io.fluxmq.mqtt.codec.packet.PublishPacket;
import io.fluxmq.mqtt.codec.packet.Will;
import io.fluxmq.storage.memory.MemoryStateStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Section 4.1 (session state), 4.4 (redelivery), 3.1.2.5 (wills), and the live-update story. */
class SessionConformanceTest {
    private final MemoryStateStore store = new MemoryStateStore();
    private TestBroker broker = new TestBroker(TestBroker.settings(), store);

    @AfterEach
    void stop() {
        TestClient.closeAll();
        broker.close();
    }

    private TestClient persistent(String id, MqttVersion v, boolean expectPresent) {
        TestClient c = new TestClient(broker.broker, v);
        MqttProperties props = v == MQTT_5 ? MqttProperties.builder().sessionExpiryInterval(600L).build()
                : MqttProperties.EMPTY;
        c.send(TestClient.connect(v, id, false, props));
        ConnAckPacket ack = c.next(ConnAckPacket.class);
        assertThat(ack.sessionPresent()).isEqualTo(expectPresent);
        return c;
    }

    private TestClient clean(String id) {
        TestClient c = new TestClient(broker.broker, MQTT_5);
        c.connect(id);
        return c;
    }

    @Test
    void unacknowledgedMessagesAreResentWithDupOnResume_MQTT_4_4_0_1() {
        TestClient sub = persistent("resend", MQTT_5, false);
        PublishConformanceTest.subscribe(sub, "r/#", QoS.EXACTLY_ONCE);
        TestClient pub = clean("rp");
        pub.send(PublishConformanceTest.publish("r/1", QoS.AT_LEAST_ONCE, 1, "q1", MqttProperties.EMPTY));
        pub.send(PublishConformanceTest.publish("r/2", QoS.EXACTLY_ONCE, 2, "q2", MqttProperties.EMPTY));
        pub.send(PublishConformanceTest.publish("r/3", QoS.EXACTLY_ONCE, 3, "q3", MqttProperties.EMPTY));
        List<MqttPacket> first = sub.received();
        assertThat(first).hasSize(3);
        PublishPacket third = (PublishPacket) first.get(2);
        sub.send(new PubRecPacket(third.packetId())); // the third moves on to PUBREL
        sub.next(PubRelPacket.class);
        sub.close(); // no acks: the connection drops
        first.forEach(p -> ((PublishPacket) p).release());

        TestClient again = persistent("resend", MQTT_5, true);
        List<MqttPacket> resent = again.received();
        assertThat(resent).hasSize(3);
        PublishPacket a = (PublishPacket) resent.get(0);
        PublishPacket b = (PublishPacket) resent.get(1);
        assertThat(a.isDup()).isTrue();
        assertThat(a.topicName()).isEqualTo("r/1");
        assertThat(b.isDup()).isTrue();
        assertThat(b.qos()).isEqualTo(QoS.EXACTLY_ONCE);
        assertThat(resent.get(2)).isInstanceOf(PubRelPacket.class); // MQTT-4.4.0-1: PUBREL resent, not PUBLISH
        a.release();
        b.release();
    }

    @Test
    void cleanStartDiscardsTheSession_MQTT_3_1_2_4() {
        TestClient c = persistent("cs", MQTT_5, false);
        PublishConformanceTest.subscribe(c, "cs/#", QoS.AT_LEAST_ONCE);
        c.send(DisconnectPacket.NORMAL);
        TestClient again = new TestClient(broker.broker, MQTT_5);
        again.send(TestClient.connect(MQTT_5, "cs", true, MqttProperties.EMPTY));
        assertThat(again.next(ConnAckPacket.class).sessionPresent()).isFalse();
        assertThat(broker.router.subscriptionsOf("mqtt:cs")).isEmpty();
        assertThat(store.loadSubscriptions("cs").toCompletableFuture().join()).isEmpty();
    }

    @Test
    void aPersistentSessionSurvivesABrokerRestartOnTheSameStore() {
        TestClient c = persistent("live", MQTT_3_1_1, false);
        PublishConformanceTest.subscribe(c, "up/#", QoS.AT_LEAST_ONCE);
        c.send(DisconnectPacket.NORMAL);
        TestClient.closeAll();
        broker.close();

        // a new bundle version starts on the same store and a new router
        broker = new TestBroker(TestBroker.settings(), store);
        assertThat(broker.router.subscriptionsOf("mqtt:live")).hasSize(1);
        TestClient pub = clean("pub");
        pub.send(PublishConformanceTest.publish("up/x", QoS.AT_LEAST_ONCE, 1, "while away", MqttProperties.EMPTY));
        assertThat(pub.next(PubAckPacket.class).reasonCode().isError()).isFalse();
        assertThat(store.offlineCount("live").toCompletableFuture().join()).isEqualTo(1);

        TestClient again = persistent("live", MQTT_3_1_1, true);
        assertThat(PublishConformanceTest.text(again.next(PublishPacket.class))).isEqualTo("while away");
    }

    @Test
    void theOfflineQueueIsBoundedAndDropsTheOldest() {
        broker.close();
        BrokerSettings small = TestBroker.settings().withOfflineLimits(2, 1 << 20, OverflowPolicy.DROP_OLDEST);
        broker = new TestBroker(small, store);
        TestClient c = persistent("bounded", MQTT_5, false);
        PublishConformanceTest.subscribe(c, "b", QoS.AT_LEAST_ONCE);
        c.send(DisconnectPacket.NORMAL);
        TestClient pub = clean("bp");
        for (int i = 1; i <= 4; i++) {
            pub.send(PublishConformanceTest.publish("b", QoS.AT_LEAST_ONCE, i, "m" + i, MqttProperties.EMPTY));
        }
        TestClient again = persistent("bounded", MQTT_5, true);
        List<MqttPacket> got = again.received();
        assertThat(got).extracting(p -> PublishConformanceTest.text((PublishPacket) p)).containsExactly("m3", "m4");
        assertThat(broker.broker.stats().dropped()).isEqualTo(2);
    }

    @Test
    void theWillIsPublishedWhenTheKeepAliveExpires_MQTT_3_1_2_8() {
        TestClient watcher = clean("watch");
        PublishConformanceTest.subscribe(watcher, "will/#", QoS.AT_LEAST_ONCE);
        TestClient c = new TestClient(broker.broker, MQTT_3_1_1);
        Will will = new Will("will/ka", QoS.AT_LEAST_ONCE, false, "dead".getBytes(), MqttProperties.EMPTY);
        c.send(new ConnectPacket(MQTT_3_1_1, "ka", true, 2, null, null, will, MqttProperties.EMPTY));
        c.next(ConnAckPacket.class);
        assertThat(store.loadWills().toCompletableFuture().join()).hasSize(1); // kept in the state store
        c.advance(3_100);
        assertThat(c.isOpen()).isFalse();
        assertThat(PublishConformanceTest.text(watcher.next(PublishPacket.class))).isEqualTo("dead");
        assertThat(store.loadWills().toCompletableFuture().join()).isEmpty();
    }

    @Test
    void theInboundQos2StateIsKeptAcrossReconnects_MQTT_4_3_3() {
        TestClient c = persistent("in2", MQTT_5, false);
        c.send(PublishConformanceTest.publish("x", QoS.EXACTLY_ONCE, 5, "p", MqttProperties.EMPTY));
        c.next(PubRecPacket.class);
        assertThat(store.loadInflight("in2").toCompletableFuture().join())
                .extracting(InflightMessage::direction).containsExactly(InflightMessage.Direction.INBOUND);
        c.close();
        TestClient again = persistent("in2", MQTT_5, true);
        again.send(new PubRelPacket(5));
        assertThat(again.next(io.fluxmq.mqtt.codec.packet.PubCompPacket.class).reasonCode().isError()).isFalse();
        assertThat(store.loadInflight("in2").toCompletableFuture().join()).isEmpty();
    }
}
