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
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Regression: a member of a shared subscription whose session ends (a clean session that
 * disconnects, a persistent one that expires) while it holds messages of the group it has not
 * acknowledged lost them. They now go to another member of the group, each once (MQTT 5.0 section
 * 4.8.2: the Server SHOULD send the message to another client of the shared subscription), except
 * QoS 2 messages already sent to the member, which must not go to anyone else (MQTT-4.8.2-5).
 */
@ExtendWith(SharedBroker.Conformance.class)
class SharedSubscriptionMemberLeavesIT {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static MqttDistribution broker;

    @BeforeAll
    static void broker(MqttDistribution b) {
        broker = b;
    }

    @Test
    void aCleanSessionMemberThatLeavesHandsItsUnacknowledgedQos1MessagesToAnotherMember_section_4_8_2() {
        int n = 20;
        RawClient a = Raw.connect5(broker, "ssl-clean-a");
        Raw.subscribed(a, "$share/leave1/ssl/clean", 1);
        try (RawClient b = Raw.connect5(broker, "ssl-clean-b"); RawClient pub = Raw.connect5(broker, "ssl-clean-pub")) {
            Raw.subscribed(b, "$share/leave1/ssl/clean", 1);
            for (int i = 0; i < n; i++) {
                Raw.publish1(pub, "ssl/clean", String.valueOf(i), false);
            }
            List<String> unacked = takeWithoutAcking(a);
            a.abort(); // no DISCONNECT, no PUBACK: the clean session ends with the connection
            assertThat(unacked).as("A's share").isNotEmpty();
            List<String> gotB = receiveAndAck(b, n);
            assertThat(gotB).as("every message reaches B once, A's unacknowledged ones included: A had " + unacked)
                    .containsExactlyInAnyOrderElementsOf(numbered(n))
                    .containsAll(unacked);
        }
    }

    @Test
    void qos2MessagesQueuedForALeavingMemberGoToAnotherOneButNotThoseItWasSent_MQTT_4_8_2_5() {
        int n = 12;
        RawClient a = RawClient.open(broker.tcpPort());
        // a window of 2: A is sent two messages, the rest of its share waits in the broker
        a.connectOk(Packets.connect("ssl-q2-a").properties(Props.builder().u16(Props.RECEIVE_MAXIMUM, 2).build()));
        Raw.subscribed(a, "$share/leave2/ssl/q2", 2);
        try (RawClient b = Raw.connect5(broker, "ssl-q2-b"); RawClient pub = Raw.connect5(broker, "ssl-q2-pub")) {
            Raw.subscribed(b, "$share/leave2/ssl/q2", 2);
            List<String> gotB = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                publish2(pub, "ssl/q2", String.valueOf(i));
            }
            List<String> sentToA = takeWithoutAcking(a);
            assertThat(sentToA).as("A's window").hasSize(2);
            a.abort();
            gotB.addAll(receiveAndAck(b, n - sentToA.size()));
            List<String> expected = new ArrayList<>(numbered(n));
            expected.removeAll(sentToA);
            assertThat(gotB).as("B gets everything but what A was sent (A had " + sentToA + "), each once")
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void anExpiringMemberHandsOverItsUnacknowledgedAndQueuedMessagesWhenItsSessionEnds_section_4_8_2() {
        int n = 20;
        byte[] expiry = Props.builder().u32(Props.SESSION_EXPIRY_INTERVAL, 2).build();
        RawClient a = RawClient.open(broker.tcpPort());
        a.connectOk(Packets.connect("ssl-expiring-a").cleanStart(false).properties(expiry));
        Raw.subscribed(a, "$share/leave3/ssl/expiring", 1);
        try (RawClient b = Raw.connect5(broker, "ssl-expiring-b");
                RawClient pub = Raw.connect5(broker, "ssl-expiring-pub")) {
            Raw.subscribed(b, "$share/leave3/ssl/expiring", 1);
            for (int i = 0; i < n / 2; i++) {
                Raw.publish1(pub, "ssl/expiring", String.valueOf(i), false);
            }
            List<String> unacked = takeWithoutAcking(a);
            a.abort();
            assertThat(unacked).as("A's share before it left").isNotEmpty();
            // A's session lives on for 2 s: its turns now fill its offline queue
            for (int i = n / 2; i < n; i++) {
                Raw.publish1(pub, "ssl/expiring", String.valueOf(i), false);
            }
            List<String> gotB = receiveAndAck(b, n);
            assertThat(gotB).as("after A's session expired, B has every message once; A had " + unacked)
                    .containsExactlyInAnyOrderElementsOf(numbered(n))
                    .containsAll(unacked);
        }
    }

    /** The PUBLISHes a client is sent until it is quiet, not acknowledged. */
    private static List<String> takeWithoutAcking(RawClient c) {
        List<String> got = new ArrayList<>();
        ReceivedPacket p = c.poll(RawClient.QUIET);
        while (p != null) {
            assertThat(p.type()).isEqualTo(ReceivedPacket.PUBLISH);
            got.add(p.payloadText());
            p = c.poll(Duration.ofMillis(200));
        }
        return got;
    }

    /**
     * Receives and acknowledges (PUBACK; PUBREC, then PUBCOMP for the PUBREL) until {@code n}
     * PUBLISHes arrived or the deadline passed, then for a quiet period in which none may come.
     */
    private static List<String> receiveAndAck(RawClient c, int n) {
        List<String> got = new ArrayList<>();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        ReceivedPacket p = c.poll(Duration.ofMillis(250));
        while (System.nanoTime() < deadline && (p != null || got.size() < n)) {
            if (p != null && p.type() == ReceivedPacket.PUBREL) {
                c.send(Packets.pubcomp(p.packetId()));
            } else if (p != null) {
                assertThat(p.type()).isEqualTo(ReceivedPacket.PUBLISH);
                got.add(p.payloadText());
                c.send(p.qos() == 1 ? Packets.puback(p.packetId()) : Packets.pubrec(p.packetId()));
            }
            p = c.poll(got.size() < n ? Duration.ofMillis(250) : RawClient.QUIET);
        }
        return got;
    }

    private static void publish2(RawClient c, String topic, String payload) {
        int id = c.nextPacketId();
        c.send(Packets.publish(true, topic, 2, false, id, payload));
        assertThat(c.expect(ReceivedPacket.PUBREC).packetId()).isEqualTo(id);
        c.send(Packets.pubrel(id));
        assertThat(c.expect(ReceivedPacket.PUBCOMP).packetId()).isEqualTo(id);
    }

    private static List<String> numbered(int n) {
        return IntStream.range(0, n).mapToObj(String::valueOf).toList();
    }
}
