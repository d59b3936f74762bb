package io.fluxmq.it.mqtt;

import static io.fluxmq.it.mqtt.Raw.assertDisconnectedWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.it.MqttDistribution;
import io.fluxmq.it.mqtt.raw.Packets;
import io.fluxmq.it.mqtt.raw.Props;
import io.fluxmq.it.mqtt.raw.RawClient;
import io.fluxmq.it.mqtt.raw.ReceivedPacket;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DISCONNECT (MQTT 5.0 section 3.14) and the Will Message it keeps or releases (section 3.1.2.5,
 * 3.1.3.2): published on network loss, on DISCONNECT 0x04, after the Will Delay Interval; not on a
 * normal DISCONNECT nor when the client comes back in time. Statement ids are MQTT 5.0's;
 * {@code V311} tests cite MQTT 3.1.1's.
 */
@ExtendWith(SharedBroker.Conformance.class)
class Section3_14_DisconnectAndWillIT {
    private static MqttDistribution broker;

    @BeforeAll
    static void broker(MqttDistribution b) {
        broker = b;
    }

    private static RawClient watcher(String id, String filter) {
        RawClient w = Raw.connect5(broker, id);
        Raw.subscribed(w, filter, 1);
        return w;
    }

    private static RawClient withWill(String id, String topic, boolean retain, byte[] connectProps, byte[] willProps) {
        RawClient c = RawClient.open(broker.tcpPort());
        c.connectOk(Packets.connect(id).will(topic, "will of " + id, 1, retain).properties(connectProps)
                .willProperties(willProps));
        return c;
    }

    @Test
    void networkLossPublishesTheWill_MQTT_3_1_2_8() {
        try (RawClient w = watcher("c314-loss-w", "c314/loss")) {
            RawClient c = withWill("c314-loss", "c314/loss", false, Props.empty(), Props.empty());
            c.abort();
            ReceivedPacket will = Raw.receiveAndAck(w);
            assertThat(will.payloadText()).isEqualTo("will of c314-loss");
            assertThat(will.retain()).as("Will Retain 0 (MQTT-3.1.2-14)").isFalse();
        }
    }

    @Test
    void normalDisconnectDiscardsTheWill_MQTT_3_14_4_3_MQTT_3_1_2_10() {
        try (RawClient w = watcher("c314-normal-w", "c314/normal")) {
            RawClient c = withWill("c314-normal", "c314/normal", false, Props.empty(), Props.empty());
            c.send(Packets.disconnect());
            c.awaitClose();
            w.expectNothing(Duration.ofSeconds(1));
        }
    }

    @Test
    void disconnectWith0x04PublishesTheWill_section_3_14_2_1() {
        try (RawClient w = watcher("c314-04-w", "c314/with04")) {
            RawClient c = withWill("c314-04", "c314/with04", false, Props.empty(), Props.empty());
            c.send(Packets.disconnect(0x04, Props.empty()));
            c.awaitClose();
            assertThat(Raw.receiveAndAck(w).payloadText()).isEqualTo("will of c314-04");
        }
    }

    @Test
    void normalDisconnectDiscardsTheWillV311_MQTT_3_1_2_10() {
        try (RawClient w = watcher("c314-311-w", "c314/v311")) {
            RawClient c = RawClient.open(broker.tcpPort());
            c.connectOk(Packets.connect("c314-311").v311().will("c314/v311", "bye", 1, false));
            c.send(Packets.disconnect());
            c.awaitClose();
            w.expectNothing(Duration.ofSeconds(1));
            RawClient d = RawClient.open(broker.tcpPort());
            d.connectOk(Packets.connect("c314-311b").v311().will("c314/v311", "lost", 1, false));
            d.abort();
            assertThat(Raw.receiveAndAck(w).payloadText()).isEqualTo("lost");
        }
    }

    @Test
    void willRetain1PublishesTheWillRetained_MQTT_3_1_2_15() {
        RawClient c = withWill("c314-retain", "c314/retained-will", true, Props.empty(), Props.empty());
        c.abort();
        try (RawClient w = RawClient.open(broker.tcpPort())) {
            w.connectOk(Packets.connect("c314-retain-w"));
            ReceivedPacket got = null;
            for (int attempt = 0; attempt < 20 && got == null; attempt++) {
                Raw.subscribed(w, "c314/retained-will", 1);
                got = w.poll(Duration.ofMillis(250));
            }
            assertThat(got).as("the retained will").isNotNull();
            assertThat(got.retain()).isTrue();
            assertThat(got.payloadText()).isEqualTo("will of c314-retain");
            Raw.ack(w, got);
        }
    }

    @Test
    void willIsPublishedAfterTheWillDelayInterval_MQTT_3_1_2_8() {
        byte[] session = Props.builder().u32(Props.SESSION_EXPIRY_INTERVAL, 60).build();
        byte[] delay = Props.builder().u32(Props.WILL_DELAY_INTERVAL, 2).build();
        try (RawClient w = watcher("c314-delay-w", "c314/delay")) {
            RawClient c = withWill("c314-delay", "c314/delay", false, session, delay);
            long start = System.nanoTime();
            c.abort();
            ReceivedPacket will = w.expect(ReceivedPacket.PUBLISH);
            long millis = (System.nanoTime() - start) / 1_000_000;
            Raw.ack(w, will);
            assertThat(millis).as("will published after the 2 s delay").isBetween(1_500L, 4_500L);
        }
    }

    @Test
    void reconnectingBeforeTheWillDelayCancelsTheWill_MQTT_3_1_3_9() {
        byte[] session = Props.builder().u32(Props.SESSION_EXPIRY_INTERVAL, 60).build();
        byte[] delay = Props.builder().u32(Props.WILL_DELAY_INTERVAL, 2).build();
        try (RawClient w = watcher("c314-cancel-w", "c314/cancel")) {
            RawClient c = withWill("c314-cancel", "c314/cancel", false, session, delay);
            c.abort();
            try (RawClient back = RawClient.open(broker.tcpPort())) {
                back.connectOk(Packets.connect("c314-cancel").cleanStart(false).properties(session));
                w.expectNothing(Duration.ofSeconds(3));
                back.send(Packets.disconnect());
                back.awaitClose();
            }
        }
    }

    @Test
    void willIsPublishedWhenTheSessionEndsBeforeTheWillDelay_MQTT_3_1_2_8() {
        byte[] session = Props.builder().u32(Props.SESSION_EXPIRY_INTERVAL, 1).build();
        byte[] delay = Props.builder().u32(Props.WILL_DELAY_INTERVAL, 30).build();
        try (RawClient w = watcher("c314-sessionend-w", "c314/sessionend")) {
            RawClient c = withWill("c314-sessionend", "c314/sessionend", false, session, delay);
            long start = System.nanoTime();
            c.abort();
            ReceivedPacket will = w.receive(Duration.ofSeconds(10));
            Raw.ack(w, will);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(will.payloadText()).isEqualTo("will of c314-sessionend");
            assertThat(millis).as("published when the 1 s session ended, not after the 30 s delay")
                    .isBetween(500L, 5_000L);
        }
    }

    @Test
    void willPropertiesAreForwarded_section_3_1_3_2() {
        byte[] willProps = Props.builder().string(Props.CONTENT_TYPE, "text/plain")
                .string(Props.RESPONSE_TOPIC, "c314/reply").userProperty("why", "lost").build();
        try (RawClient w = watcher("c314-props-w", "c314/props")) {
            RawClient c = withWill("c314-props", "c314/props", false, Props.empty(), willProps);
            c.abort();
            ReceivedPacket will = Raw.receiveAndAck(w);
            assertThat(will.props().string(Props.CONTENT_TYPE)).isEqualTo("text/plain");
            assertThat(will.props().string(Props.RESPONSE_TOPIC)).isEqualTo("c314/reply");
            assertThat(will.props().userProperties()).containsExactly("why=lost");
        }
    }

    @Test
    void takeoverPublishesTheWillOfTheFirstConnection_section_3_1_4() {
        try (RawClient w = watcher("c314-takeover-w", "c314/takeover")) {
            RawClient first = withWill("c314-takeover", "c314/takeover", false, Props.empty(), Props.empty());
            try (RawClient second = Raw.connect5(broker, "c314-takeover")) {
                assertDisconnectedWith(first, 0x8E);
                assertThat(Raw.receiveAndAck(w).payloadText()).isEqualTo("will of c314-takeover");
            }
        }
    }

    @Test
    void sessionExpiryInDisconnectAfterZeroInConnectIsAProtocolError_section_3_14_2_2_2() {
        try (RawClient c = Raw.connect5(broker, "c314-expiry")) {
            c.send(Packets.disconnect(0x00, Props.builder().u32(Props.SESSION_EXPIRY_INTERVAL, 30).build()));
            assertDisconnectedWith(c, 0x82);
        }
    }

    @Test
    void disconnectEndsTheConnection_MQTT_3_14_4_1() {
        try (RawClient c = Raw.connect5(broker, "c314-end")) {
            c.send(Packets.disconnect());
            assertThat(c.awaitClose()).isEmpty();
        }
    }

    @Test
    void disconnectWithSessionExpiryZeroEndsAPersistentSession_section_3_14_2_2_2() {
        byte[] session = Props.builder().u32(Props.SESSION_EXPIRY_INTERVAL, 60).build();
        try (RawClient c = RawClient.open(broker.tcpPort())) {
            c.connectOk(Packets.connect("c314-end-session").cleanStart(false).properties(session));
            c.send(Packets.disconnect(0x00, Props.builder().u32(Props.SESSION_EXPIRY_INTERVAL, 0).build()));
            c.awaitClose();
        }
        try (RawClient c = RawClient.open(broker.tcpPort())) {
            assertThat(c.connectOk(Packets.connect("c314-end-session").cleanStart(false).properties(session))
                    .sessionPresent()).isFalse();
        }
    }
}
