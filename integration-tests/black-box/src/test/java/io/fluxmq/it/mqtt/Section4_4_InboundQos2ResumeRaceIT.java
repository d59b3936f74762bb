package io.fluxmq.it.mqtt;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.it.MqttDistribution;
import io.fluxmq.it.mqtt.raw.Packets;
import io.fluxmq.it.mqtt.raw.Props;
import io.fluxmq.it.mqtt.raw.RawClient;
import io.fluxmq.it.mqtt.raw.ReceivedPacket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Regression: a resumed session's inbound QoS 2 state (identifiers awaiting PUBREL) was loaded
 * from the store after CONNACK, while packets the client sent with or right after CONNECT were
 * already processed against empty state: a resent PUBLISH (DUP) was routed again (a QoS 2 message
 * delivered twice) and a resent PUBREL got PUBCOMP 0x92. The broker now loads it before CONNACK.
 *
 * <p>Message delivery retry (MQTT 5.0 section 4.4) and the QoS 2 state of a session across
 * connections (section 4.3.3): what a client gets again, and what the broker remembers, when a
 * connection is lost in the middle of an exchange and the session resumes. Statement ids are MQTT
 * 5.0's.
 */
@ExtendWith(SharedBroker.Conformance.class)
class Section4_4_InboundQos2ResumeRaceIT {
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
    void inboundQos2StateOutlivesTheConnection_MQTT_4_3_3_10_MQTT_4_4_0_1() {
        try (RawClient sub = client("c44-in2-sub")) {
            Raw.subscribed(sub, "c44/in2", 2);
            try (RawClient pub = RawClient.open(broker.tcpPort())) {
                pub.connectOk(Packets.connect("c44-in2-pub").cleanStart(false).properties(SESSION));
                pub.send(Packets.publish(true, "c44/in2", 2, false, 7, "once"));
                assertThat(pub.expect(ReceivedPacket.PUBREC).packetId()).isEqualTo(7);
                pub.abort(); // lost before PUBREL
            }
            try (RawClient pub = RawClient.open(broker.tcpPort())) {
                assertThat(pub.connectOk(Packets.connect("c44-in2-pub").cleanStart(false).properties(SESSION))
                        .sessionPresent()).isTrue();
                // the client resends its unacknowledged PUBLISH: acknowledged again, not delivered again
                pub.send(Packets.publish(true, "c44/in2".getBytes(UTF_8), 2, false, true,
                        7, Props.empty(), "once".getBytes(UTF_8)));
                assertThat(pub.expect(ReceivedPacket.PUBREC).packetId()).isEqualTo(7);
                pub.send(Packets.pubrel(7));
                ReceivedPacket comp = pub.expect(ReceivedPacket.PUBCOMP);
                assertThat(comp.packetId()).isEqualTo(7);
                assertThat(comp.reasonCode()).isZero();
            }
            assertThat(publishesTo(sub)).as("PUBLISHes the subscriber got for one QoS 2 message").hasSize(1);
        }
    }

    @Test
    void pubrelResentWithTheConnectCompletesTheExchange_MQTT_4_4_0_1() {
        try (RawClient pub = RawClient.open(broker.tcpPort())) {
            pub.connectOk(Packets.connect("c44-rel-pub").cleanStart(false).properties(SESSION));
            pub.send(Packets.publish(true, "c44/rel", 2, false, 9, "x"));
            pub.expect(ReceivedPacket.PUBREC);
            pub.abort();
        }
        try (RawClient pub = RawClient.open(broker.tcpPort())) {
            // a client may send before CONNACK arrives; its PUBREL then follows CONNECT in one write
            pub.sendConnect(RawClient.concat(Packets.connect("c44-rel-pub").cleanStart(false).properties(SESSION)
                    .build(), Packets.pubrel(9)), true);
            assertThat(pub.expect(ReceivedPacket.CONNACK).sessionPresent()).isTrue();
            ReceivedPacket comp = pub.expect(ReceivedPacket.PUBCOMP);
            assertThat(comp.packetId()).isEqualTo(9);
            assertThat(comp.reasonCode()).as("the identifier is known to the resumed session").isZero();
        }
    }

    @Test
    void publishResentWithTheConnectIsNotDeliveredTwice_MQTT_4_3_3_10_MQTT_4_4_0_1() {
        try (RawClient sub = client("c44-dup-sub")) {
            Raw.subscribed(sub, "c44/dup", 2);
            try (RawClient pub = RawClient.open(broker.tcpPort())) {
                pub.connectOk(Packets.connect("c44-dup-pub").cleanStart(false).properties(SESSION));
                pub.send(Packets.publish(true, "c44/dup", 2, false, 5, "once"));
                pub.expect(ReceivedPacket.PUBREC);
                pub.abort();
            }
            try (RawClient pub = RawClient.open(broker.tcpPort())) {
                pub.sendConnect(RawClient.concat(Packets.connect("c44-dup-pub").cleanStart(false).properties(SESSION)
                        .build(), Packets.publish(true, "c44/dup".getBytes(UTF_8), 2,
                        false, true, 5, Props.empty(), "once".getBytes(UTF_8))), true);
                assertThat(pub.expect(ReceivedPacket.CONNACK).sessionPresent()).isTrue();
                assertThat(pub.expect(ReceivedPacket.PUBREC).packetId()).isEqualTo(5);
                pub.send(Packets.pubrel(5));
                ReceivedPacket comp = pub.expect(ReceivedPacket.PUBCOMP);
                assertThat(comp.reasonCode()).isZero();
            }
            assertThat(publishesTo(sub)).as("PUBLISHes the subscriber got for one QoS 2 message").hasSize(1);
        }
    }

    /** Every PUBLISH that arrives within a quiet period, each QoS 2 exchange completed. */
    private static List<ReceivedPacket> publishesTo(RawClient sub) {
        List<ReceivedPacket> got = new ArrayList<>();
        ReceivedPacket p = sub.poll(Duration.ofSeconds(2));
        while (p != null) {
            if (p.type() == ReceivedPacket.PUBLISH) {
                got.add(p);
                sub.send(Packets.pubrec(p.packetId()));
            } else if (p.type() == ReceivedPacket.PUBREL) {
                sub.send(Packets.pubcomp(p.packetId()));
            }
            p = sub.poll(RawClient.QUIET);
        }
        return got;
    }
}
