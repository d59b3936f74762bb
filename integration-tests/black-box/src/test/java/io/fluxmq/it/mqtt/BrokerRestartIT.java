package io.fluxmq.it.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.it.MqttDistribution;
import io.fluxmq.it.mqtt.raw.Packets;
import io.fluxmq.it.mqtt.raw.Props;
import io.fluxmq.it.mqtt.raw.RawClient;
import io.fluxmq.it.mqtt.raw.ReceivedPacket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A live update of the MQTT bundle (a new jar in deploy/): its connections close and the clients
 * resume their sessions on the new bundle. A graceful restart of the distribution (SIGTERM, then bin/fluxmq run on the same folder, with
 * the shipped storage): persistent sessions (subscriptions and the messages queued for them), retained messages and the will of a
 * client the shutdown disconnected are all there afterwards.
 */
class BrokerRestartIT {
    private static final byte[] SESSION = Props.builder().u32(Props.SESSION_EXPIRY_INTERVAL, 3600).build();
    private static MqttDistribution broker;

    @BeforeAll
    static void start() {
        broker = MqttDistribution.named("mqtt-restart").start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void sessionsQueuedMessagesRetainedMessagesAndWillsSurviveAGracefulRestart() {
        try (RawClient sub = RawClient.open(broker.tcpPort())) {
            sub.connectOk(Packets.connect("restart-sub").cleanStart(false).properties(SESSION));
            Raw.subscribed(sub, "restart/q/#", 2);
            sub.send(Packets.disconnect());
            sub.awaitClose();
        }
        try (RawClient sub = RawClient.open(broker.tcpPort())) {
            sub.connectOk(Packets.connect("restart-sub-311").v311().cleanStart(false));
            Raw.subscribed(sub, "restart/q/#", 1);
            sub.send(Packets.disconnect());
            sub.awaitClose();
        }
        try (RawClient pub = Raw.connect5(broker, "restart-pub")) {
            for (int i = 0; i < 20; i++) {
                Raw.publish1(pub, "restart/q/" + i, "m" + i, false);
            }
            Raw.publish1(pub, "restart/retained", "kept", true);
        }
        RawClient willing = RawClient.open(broker.tcpPort());
        willing.connectOk(Packets.connect("restart-willing").will("restart/will", "gone with the broker", 1, true));

        broker.stop();
        willing.awaitClose(Duration.ofSeconds(30));
        willing.close();

        broker.restart();
        try (RawClient sub = RawClient.open(broker.tcpPort())) {
            ReceivedPacket ack = sub.connectOk(Packets.connect("restart-sub").cleanStart(false).properties(SESSION));
            assertThat(ack.sessionPresent()).as("MQTT 5 session after the restart").isTrue();
            assertThat(drain(sub, 20)).containsExactlyElementsOf(numbered(20));
        }
        try (RawClient sub = RawClient.open(broker.tcpPort())) {
            ReceivedPacket ack = sub.connectOk(Packets.connect("restart-sub-311").v311().cleanStart(false));
            assertThat(ack.sessionPresent()).as("MQTT 3.1.1 session after the restart").isTrue();
            assertThat(drain(sub, 20)).containsExactlyElementsOf(numbered(20));
        }
        try (RawClient late = Raw.connect5(broker, "restart-late")) {
            Raw.subscribed(late, "restart/retained", 1);
            assertThat(Raw.receiveAndAck(late).payloadText()).isEqualTo("kept");
            Raw.subscribed(late, "restart/will", 1);
            ReceivedPacket will = late.receive(Duration.ofSeconds(10));
            Raw.ack(late, will);
            assertThat(will.payloadText()).as("the retained will of the client the shutdown disconnected")
                    .isEqualTo("gone with the broker");
        }
    }

    @Test
    void aLiveUpdateOfTheMqttBundleClosesItsConnectionsAndClientsResumeTheirSessions() throws Exception {
        RawClient sub = RawClient.open(broker.tcpPort());
        sub.connectOk(Packets.connect("update-sub").cleanStart(false).properties(SESSION));
        Raw.subscribed(sub, "update/#", 1);
        RawClient plain = Raw.connect5(broker, "update-plain");

        broker.redeploy("io.fluxmq.mqtt-");
        for (RawClient c : List.of(sub, plain)) {
            c.awaitClose(Duration.ofSeconds(30));
            c.close();
        }
        // the updated bundle serves again; the session is where the client left it
        RawClient back = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (back == null && System.nanoTime() < deadline) {
            RawClient c = RawClient.open(broker.tcpPort());
            try {
                ReceivedPacket ack = c.connect(Packets.connect("update-sub").cleanStart(false).properties(SESSION));
                assertThat(ack.reasonCode()).isZero();
                assertThat(ack.sessionPresent()).as("session present after the update").isTrue();
                back = c;
            } catch (AssertionError | java.io.UncheckedIOException notYet) {
                c.close();
                Raw.sleep(250);
            }
        }
        assertThat(back).as("the updated MQTT bundle accepts connections").isNotNull();
        try (RawClient c = back; RawClient pub = Raw.connect5(broker, "update-pub")) {
            Raw.publish1(pub, "update/after", "after the update", false);
            assertThat(Raw.receiveAndAck(c).payloadText()).isEqualTo("after the update");
        }
    }

    private static List<String> drain(RawClient sub, int n) {
        List<String> got = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            got.add(Raw.receiveAndAck(sub).payloadText());
        }
        sub.expectNothing(RawClient.QUIET);
        return got;
    }

    private static List<String> numbered(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("m" + i);
        }
        return out;
    }
}
