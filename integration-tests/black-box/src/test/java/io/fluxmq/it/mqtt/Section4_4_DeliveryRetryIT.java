package io.fluxmq.it.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.it.MqttDistribution;
import io.fluxmq.it.mqtt.raw.Packets;
import io.fluxmq.it.mqtt.raw.Props;
import io.fluxmq.it.mqtt.raw.RawClient;
import io.fluxmq.it.mqtt.raw.ReceivedPacket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Message delivery retry (MQTT 5.0 section 4.4) and the QoS 2 state of a session across
 * connections (section 4.3.3): what a client gets again, and what the broker remembers, when a
 * connection is lost in the middle of an exchange and the session resumes. Statement ids are MQTT
 * 5.0's.
 */
@ExtendWith(SharedBroker.Conformance.class)
class Section4_4_DeliveryRetryIT {
    private static final byte[] SESSION = Props.builder().u32(Props.SESSION_EXPIRY_INTERVAL, 60).build();
    private static MqttDistribution broker;

    @BeforeAll
    static void broker(MqttDistribution b) {
        broker = b;
    }

    private static RawClient client(String id) {
        return Raw.connect5(broker, id);
    }

    @Test
    void unacknowledgedPublishIsResentWithDupAndTheSameIdentifierOnResume_MQTT_4_4_0_1_MQTT_3_3_1_1() {
        byte[] session = SESSION;
        ReceivedPacket first;
        try (RawClient sub = RawClient.open(broker.tcpPort()); RawClient pub = client("c33-resend-pub")) {
            sub.connectOk(Packets.connect("c33-resend-sub").cleanStart(false).properties(session));
            Raw.subscribed(sub, "c33/resend", 1);
            Raw.publish1(pub, "c33/resend", "again", false);
            first = sub.expect(ReceivedPacket.PUBLISH);
            assertThat(first.dup()).isFalse();
            sub.abort();
        }
        try (RawClient sub = RawClient.open(broker.tcpPort())) {
            assertThat(sub.connectOk(Packets.connect("c33-resend-sub").cleanStart(false).properties(session))
                    .sessionPresent()).isTrue();
            ReceivedPacket again = sub.expect(ReceivedPacket.PUBLISH);
            assertThat(again.dup()).as("DUP of " + again).isTrue();
            assertThat(again.packetId()).isEqualTo(first.packetId());
            assertThat(again.payloadText()).isEqualTo("again");
            sub.send(Packets.puback(again.packetId()));
            sub.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void unacknowledgedPubrelIsResentOnResume_MQTT_4_4_0_1() {
        byte[] session = SESSION;
        int id;
        try (RawClient sub = RawClient.open(broker.tcpPort()); RawClient pub = client("c33-relresend-pub")) {
            sub.connectOk(Packets.connect("c33-relresend-sub").cleanStart(false).properties(session));
            Raw.subscribed(sub, "c33/relresend", 2);
            pub.send(Packets.publish(true, "c33/relresend", 2, false, 1, "x"));
            pub.expect(ReceivedPacket.PUBREC);
            pub.send(Packets.pubrel(1));
            pub.expect(ReceivedPacket.PUBCOMP);
            ReceivedPacket p = sub.expect(ReceivedPacket.PUBLISH);
            id = p.packetId();
            sub.send(Packets.pubrec(id));
            sub.expect(ReceivedPacket.PUBREL);
            sub.abort();
        }
        try (RawClient sub = RawClient.open(broker.tcpPort())) {
            sub.connectOk(Packets.connect("c33-relresend-sub").cleanStart(false).properties(session));
            ReceivedPacket rel = sub.expect(ReceivedPacket.PUBREL);
            assertThat(rel.packetId()).isEqualTo(id);
            sub.send(Packets.pubcomp(id));
            // the PUBLISH itself is not sent again once PUBREL was (MQTT-4.3.3-6)
            sub.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void aLongOfflineQueueIsDeliveredExactlyOnceInOrderThroughASmallReceiveMaximum_MQTT_4_3_3_10_MQTT_4_6_0_6() {
        byte[] props = Props.builder().u32(Props.SESSION_EXPIRY_INTERVAL, 60).u16(Props.RECEIVE_MAXIMUM, 3).build();
        try (RawClient sub = RawClient.open(broker.tcpPort())) {
            sub.connectOk(Packets.connect("c44-queue-sub").cleanStart(false).properties(props));
            Raw.subscribed(sub, "c44/queue", 2);
            sub.send(Packets.disconnect());
            sub.awaitClose();
        }
        int n = 300;
        try (RawClient pub = client("c44-queue-pub")) {
            byte[][] burst = new byte[n][];
            for (int i = 0; i < n; i++) {
                burst[i] = Packets.publish(true, "c44/queue", 2, false, i + 1, String.valueOf(i));
            }
            pub.send(RawClient.concat(burst));
            for (int i = 0; i < n; i++) {
                int id = pub.expect(ReceivedPacket.PUBREC).packetId();
                pub.send(Packets.pubrel(id));
            }
            for (int i = 0; i < n; i++) {
                pub.expect(ReceivedPacket.PUBCOMP);
            }
        }
        List<String> got = new ArrayList<>();
        try (RawClient sub = RawClient.open(broker.tcpPort())) {
            assertThat(sub.connectOk(Packets.connect("c44-queue-sub").cleanStart(false).properties(props))
                    .sessionPresent()).isTrue();
            // complete each exchange as it comes; at most 3 may be unacknowledged at once
            java.util.Set<Integer> open = new java.util.HashSet<>();
            while (got.size() < n) {
                ReceivedPacket p = sub.receive();
                if (p.type() == ReceivedPacket.PUBLISH) {
                    assertThat(p.dup()).as("first delivery of " + p).isFalse();
                    got.add(p.payloadText());
                    open.add(p.packetId());
                    assertThat(open.size()).as("unacknowledged PUBLISHes").isLessThanOrEqualTo(3);
                    sub.send(Packets.pubrec(p.packetId()));
                } else {
                    assertThat(p.type()).as(p.toString()).isEqualTo(ReceivedPacket.PUBREL);
                    sub.send(Packets.pubcomp(p.packetId()));
                    open.remove(p.packetId());
                }
            }
            // the last PUBRELs, then nothing more
            ReceivedPacket p = sub.poll(RawClient.QUIET);
            while (p != null) {
                assertThat(p.type()).as("after every message: " + p).isEqualTo(ReceivedPacket.PUBREL);
                sub.send(Packets.pubcomp(p.packetId()));
                p = sub.poll(RawClient.QUIET);
            }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add(String.valueOf(i));
        }
        assertThat(got).as("exactly once, in order").containsExactlyElementsOf(expected);
    }
}
