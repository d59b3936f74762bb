package io.fluxmq.it.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.it.MqttDistribution;
import io.fluxmq.it.mqtt.raw.Bytes;
import io.fluxmq.it.mqtt.raw.Packets;
import io.fluxmq.it.mqtt.raw.Props;
import io.fluxmq.it.mqtt.raw.RawClient;
import io.fluxmq.it.mqtt.raw.ReceivedPacket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The QoS 1 and QoS 2 flows of MQTT 5.0 section 4.3 and 4.4 in the corners the other classes leave
 * open: identifiers the broker picks, DUP of forwarded messages, acknowledgements with a failure
 * reason code, message expiry during a QoS 2 exchange, and deliveries that an UNSUBSCRIBE or a shared
 * subscription member's refusal interrupts. Raw client, statement ids of MQTT 5.0.
 */
@ExtendWith(SharedBroker.Conformance.class)
class Section4_3_QosFlowIT {
    private static final byte[] SESSION = Props.builder().u32(Props.SESSION_EXPIRY_INTERVAL, 60).build();
    private static MqttDistribution broker;

    @BeforeAll
    static void broker(MqttDistribution b) {
        broker = b;
    }

    private static RawClient client(String id) {
        return Raw.connect5(broker, id);
    }

    private static RawClient persistent(String id) {
        RawClient c = RawClient.open(broker.tcpPort());
        c.connectOk(Packets.connect(id).cleanStart(false).properties(SESSION));
        return c;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Publishes at QoS 2 and completes the exchange (PUBREC, PUBREL, PUBCOMP). */
    private static void publish2(RawClient c, String topic, byte[] props, String payload) {
        int id = c.nextPacketId();
        c.send(Packets.publish(true, topic, 2, false, id, props, utf8(payload)));
        ReceivedPacket rec = c.expect(ReceivedPacket.PUBREC);
        assertThat(rec.packetId()).isEqualTo(id);
        assertThat(rec.reasonCode()).as("PUBREC of " + payload).isZero();
        c.send(Packets.pubrel(id));
        assertThat(c.expect(ReceivedPacket.PUBCOMP).packetId()).isEqualTo(id);
    }

    /** Waits until the broker has read everything sent so far on {@code c}. */
    private static void roundTrip(RawClient c) {
        c.send(Packets.pingreq());
        c.expect(ReceivedPacket.PINGRESP);
    }

    @Test
    void dupOfAForwardedPublishDoesNotFollowTheIncomingDup_MQTT_3_3_1_3() {
        try (RawClient sub = client("g43-dup-sub"); RawClient pub = client("g43-dup-pub")) {
            Raw.subscribed(sub, "g43/dup", 1);
            // the publisher's first and only send carries DUP 1
            pub.send(Packets.publish(true, utf8("g43/dup"), 1, false, true, 3, Props.empty(), utf8("d")));
            assertThat(pub.expect(ReceivedPacket.PUBACK).packetId()).isEqualTo(3);
            ReceivedPacket p = Raw.receiveAndAck(sub);
            assertThat(p.payloadText()).isEqualTo("d");
            assertThat(p.dup()).as("DUP of the broker's first send of " + p).isFalse();
        }
    }

    @Test
    void theServerPicksANonZeroUnusedIdentifierForEachQos1AndQos2Publish_MQTT_2_2_1_4_MQTT_4_3_2_1_MQTT_4_3_3_1() {
        try (RawClient sub = client("g43-ids-sub"); RawClient pub = client("g43-ids-pub")) {
            Raw.subscribed(sub, "g43/ids/#", 2);
            for (int i = 0; i < 8; i++) {
                Raw.publish1(pub, "g43/ids/one", "q1-" + i, false);
                publish2(pub, "g43/ids/two", Props.empty(), "q2-" + i);
            }
            List<ReceivedPacket> inFlight = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                inFlight.add(sub.expect(ReceivedPacket.PUBLISH));
            }
            Set<Integer> ids = new HashSet<>();
            for (ReceivedPacket p : inFlight) {
                assertThat(p.qos()).isIn(1, 2);
                assertThat(p.packetId()).as("identifier of " + p).isNotZero();
                assertThat(ids.add(p.packetId())).as("identifier of " + p + " already in use by an unacknowledged PUBLISH")
                        .isTrue();
            }
            for (ReceivedPacket p : inFlight) {
                Raw.ack(sub, p);
            }
            sub.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void anUnacknowledgedQos2PublishIsResentOnResumeUntilItsPubrec_MQTT_4_3_3_3() {
        ReceivedPacket first;
        try (RawClient sub = persistent("g43-q2unacked-sub"); RawClient pub = client("g43-q2unacked-pub")) {
            Raw.subscribed(sub, "g43/q2unacked", 2);
            publish2(pub, "g43/q2unacked", Props.empty(), "pending");
            first = sub.expect(ReceivedPacket.PUBLISH);
            assertThat(first.qos()).isEqualTo(2);
            sub.abort();
        }
        try (RawClient sub = persistent("g43-q2unacked-sub")) {
            ReceivedPacket again = sub.expect(ReceivedPacket.PUBLISH);
            assertThat(again.dup()).isTrue();
            assertThat(again.packetId()).isEqualTo(first.packetId());
            assertThat(again.payloadText()).isEqualTo("pending");
            Raw.ack(sub, again);
            sub.expectNothing(RawClient.QUIET);
            sub.send(Packets.disconnect(0x00, Props.builder().u32(Props.SESSION_EXPIRY_INTERVAL, 0).build()));
        }
    }

    @Test
    void messageExpiryIsNotAppliedToAQos2PublishAlreadySent_MQTT_4_3_3_7() {
        ReceivedPacket first;
        try (RawClient sub = persistent("g43-q2expiry-sub"); RawClient pub = client("g43-q2expiry-pub")) {
            Raw.subscribed(sub, "g43/q2expiry", 2);
            publish2(pub, "g43/q2expiry", Props.builder().u32(Props.MESSAGE_EXPIRY_INTERVAL, 1).build(), "sent");
            first = sub.expect(ReceivedPacket.PUBLISH);
            sub.abort();
        }
        Raw.sleep(2_200); // past the message's expiry
        try (RawClient sub = persistent("g43-q2expiry-sub")) {
            ReceivedPacket again = sub.expect(ReceivedPacket.PUBLISH);
            assertThat(again.packetId()).as("the PUBLISH already sent is resent though expired").isEqualTo(first.packetId());
            assertThat(again.payloadText()).isEqualTo("sent");
            Raw.ack(sub, again);
            sub.send(Packets.disconnect(0x00, Props.builder().u32(Props.SESSION_EXPIRY_INTERVAL, 0).build()));
        }
    }

    @Test
    void afterAFailedPubrecTheSameIdentifierIsANewMessage_MQTT_4_3_3_9() {
        byte[] utf8Marked = Props.builder().u8(Props.PAYLOAD_FORMAT_INDICATOR, 1).build();
        try (RawClient sub = client("g43-recfail-sub"); RawClient pub = client("g43-recfail-pub")) {
            Raw.subscribed(sub, "g43/recfail", 2);
            pub.send(Packets.publish(true, utf8("g43/recfail"), 2, false, false, 7, utf8Marked,
                    new byte[] {(byte) 0xC0, (byte) 0xAF}));
            ReceivedPacket refused = pub.expect(ReceivedPacket.PUBREC);
            assertThat(refused.packetId()).isEqualTo(7);
            assertThat(refused.reasonCode()).isEqualTo(0x99);
            // the same identifier again, without PUBREL in between: a new message
            pub.send(Packets.publish(true, "g43/recfail", 2, false, 7, utf8Marked, utf8("fresh")));
            ReceivedPacket rec = pub.expect(ReceivedPacket.PUBREC);
            assertThat(rec.packetId()).isEqualTo(7);
            assertThat(rec.reasonCode()).isZero();
            pub.send(Packets.pubrel(7));
            assertThat(pub.expect(ReceivedPacket.PUBCOMP).reasonCode()).isZero();
            assertThat(Raw.receiveAndAck(sub).payloadText()).isEqualTo("fresh");
            sub.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void theQos2ExchangeIsCompletedForAMessageThatExpiredMeanwhile_MQTT_4_3_3_13() {
        try (RawClient pub = client("g43-recexp-pub")) {
            pub.send(Packets.publish(true, "g43/recexp", 2, false, 9,
                    Props.builder().u32(Props.MESSAGE_EXPIRY_INTERVAL, 1).build(), utf8("short-lived")));
            // nobody subscribes to the topic: 0x10 (No matching subscribers) is a success code too
            assertThat(pub.expect(ReceivedPacket.PUBREC).reasonCode()).isLessThan(0x80);
            Raw.sleep(2_200);
            pub.send(Packets.pubrel(9));
            ReceivedPacket comp = pub.expect(ReceivedPacket.PUBCOMP);
            assertThat(comp.packetId()).isEqualTo(9);
            assertThat(comp.reasonCode()).as("PUBCOMP after the expiry").isZero();
        }
    }

    @Test
    void aPubackOrPubrecWithAFailureCodeAcknowledgesThePublishForGood_MQTT_4_4_0_2() {
        try (RawClient sub = persistent("g43-nack-sub"); RawClient pub = client("g43-nack-pub")) {
            Raw.subscribed(sub, "g43/nack/#", 2);
            Raw.publish1(pub, "g43/nack/one", "refused at 1", false);
            ReceivedPacket p1 = sub.expect(ReceivedPacket.PUBLISH);
            sub.send(Bytes.frame(0x40, new Bytes().u16(p1.packetId()).u8(0x80).u8(0).toByteArray()));
            publish2(pub, "g43/nack/two", Props.empty(), "refused at 2");
            ReceivedPacket p2 = sub.expect(ReceivedPacket.PUBLISH);
            sub.send(Bytes.frame(0x50, new Bytes().u16(p2.packetId()).u8(0x80).u8(0).toByteArray()));
            // no PUBREL follows a failed PUBREC
            sub.expectNothing(RawClient.QUIET);
            roundTrip(sub);
            sub.abort();
        }
        try (RawClient sub = persistent("g43-nack-sub")) {
            sub.expectNothing(Duration.ofSeconds(1));
            sub.send(Packets.disconnect(0x00, Props.builder().u32(Props.SESSION_EXPIRY_INTERVAL, 0).build()));
        }
    }

    @Test
    void aMemberRefusingASharedMessageDoesNotPassItToAnotherMember_MQTT_4_8_2_6() {
        try (RawClient a = client("g43-shrej-a"); RawClient b = client("g43-shrej-b"); RawClient pub = client("g43-shrej-pub")) {
            Raw.subscribed(a, "$share/g43rej/g43/shrej", 1);
            Raw.subscribed(b, "$share/g43rej/g43/shrej", 1);
            Raw.publish1(pub, "g43/shrej", "refused", false);
            ReceivedPacket got = a.poll(Duration.ofSeconds(2));
            RawClient taker = a;
            RawClient other = b;
            if (got == null) {
                got = b.expect(ReceivedPacket.PUBLISH);
                taker = b;
                other = a;
            }
            assertThat(got.payloadText()).isEqualTo("refused");
            taker.send(Bytes.frame(0x40, new Bytes().u16(got.packetId()).u8(0x80).u8(0).toByteArray()));
            roundTrip(taker);
            other.expectNothing(Duration.ofSeconds(1));
            taker.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void aQos2DeliveryStartedBeforeUnsubscribeIsCompleted_MQTT_3_10_4_3() {
        try (RawClient sub = client("g43-unsub-sub"); RawClient pub = client("g43-unsub-pub")) {
            Raw.subscribed(sub, "g43/unsub", 2);
            publish2(pub, "g43/unsub", Props.empty(), "started");
            ReceivedPacket p = sub.expect(ReceivedPacket.PUBLISH);
            sub.send(Packets.unsubscribe(true, 40, "g43/unsub"));
            assertThat(sub.expect(ReceivedPacket.UNSUBACK).packetId()).isEqualTo(40);
            sub.send(Packets.pubrec(p.packetId()));
            ReceivedPacket rel = sub.expect(ReceivedPacket.PUBREL);
            assertThat(rel.packetId()).isEqualTo(p.packetId());
            assertThat(rel.reasonCode()).isZero();
            sub.send(Packets.pubcomp(p.packetId()));
            Raw.publish1(pub, "g43/unsub", "after", false);
            sub.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void theSessionIsKeptWhileTheConnectionIsOpenEvenPastItsExpiryInterval_MQTT_4_1_0_1() {
        try (RawClient sub = RawClient.open(broker.tcpPort()); RawClient pub = client("g43-open-pub")) {
            sub.connectOk(Packets.connect("g43-open-sub").properties(
                    Props.builder().u32(Props.SESSION_EXPIRY_INTERVAL, 1).build()));
            Raw.subscribed(sub, "g43/open", 1);
            Raw.sleep(2_500);
            Raw.publish1(pub, "g43/open", "still subscribed", false);
            assertThat(Raw.receiveAndAck(sub).payloadText()).isEqualTo("still subscribed");
        }
    }
}
