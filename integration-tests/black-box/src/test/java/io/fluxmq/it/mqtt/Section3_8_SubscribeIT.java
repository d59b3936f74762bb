package io.fluxmq.it.mqtt;

import static io.fluxmq.it.mqtt.Raw.assertClosedSilently;
import static io.fluxmq.it.mqtt.Raw.assertDisconnectedWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.it.MqttDistribution;
import io.fluxmq.it.mqtt.raw.Bytes;
import io.fluxmq.it.mqtt.raw.Packets;
import io.fluxmq.it.mqtt.raw.Props;
import io.fluxmq.it.mqtt.raw.RawClient;
import io.fluxmq.it.mqtt.raw.ReceivedPacket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SUBSCRIBE, SUBACK, UNSUBSCRIBE and UNSUBACK (MQTT 5.0 sections 3.8 to 3.11) and shared
 * subscriptions (section 4.8.2), with the raw client. Statement ids are MQTT 5.0's; {@code V311}
 * tests speak MQTT 3.1.1 and cite its ids.
 */
@ExtendWith(SharedBroker.Conformance.class)
class Section3_8_SubscribeIT {
    private static MqttDistribution broker;

    @BeforeAll
    static void broker(MqttDistribution b) {
        broker = b;
    }

    private static RawClient client(String id) {
        return Raw.connect5(broker, id);
    }

    @Test
    void subackCarriesTheSubscribesPacketIdentifier_MQTT_3_8_4_1_MQTT_3_8_4_2() {
        try (RawClient c = client("c38-id")) {
            for (int id : new int[] {1, 300, 65_535}) {
                c.send(Packets.subscribe(true, id, "c38/id", 1));
                assertThat(c.expect(ReceivedPacket.SUBACK).packetId()).isEqualTo(id);
            }
        }
    }

    @Test
    void subackHasOneReasonCodePerFilterInOrder_MQTT_3_8_4_6_MQTT_3_9_3_1_MQTT_3_8_4_7() {
        try (RawClient c = client("c38-codes")) {
            c.send(Packets.subscribe(true, 2, Props.empty(), new String[] {"c38/q2", "c38/bad/#/x", "c38/q0", "c38/q1"},
                    new int[] {2, 1, 0, 1}));
            ReceivedPacket ack = c.expect(ReceivedPacket.SUBACK);
            assertThat(ack.reasonCodes()).containsExactly(0x02, 0x8F, 0x00, 0x01);
        }
    }

    @Test
    void subackHasOneReturnCodePerFilterInOrderV311_MQTT_3_8_4_5_MQTT_3_9_3_1() {
        try (RawClient c = Raw.connect311(broker, "c38-codes-311")) {
            c.send(Packets.subscribe(false, 2, null, new String[] {"c38/q2", "c38/bad/#/x", "c38/q0", "c38/q1"},
                    new int[] {2, 1, 0, 1}));
            assertThat(c.expect(ReceivedPacket.SUBACK).reasonCodes()).containsExactly(0x02, 0x80, 0x00, 0x01);
        }
    }

    @Test
    void aSubscribeWithSeveralFiltersActsAsSeveralSubscribes_MQTT_3_8_4_5() {
        try (RawClient sub = client("c38-multi"); RawClient pub = client("c38-multi-pub")) {
            sub.send(Packets.subscribe(true, 1, Props.empty(), new String[] {"c38/multi/a", "c38/multi/b"}, new int[] {1, 1}));
            assertThat(sub.expect(ReceivedPacket.SUBACK).reasonCodes()).containsExactly(1, 1);
            Raw.publish1(pub, "c38/multi/a", "a", false);
            Raw.publish1(pub, "c38/multi/b", "b", false);
            assertThat(Raw.receiveAndAck(sub).payloadText()).isEqualTo("a");
            assertThat(Raw.receiveAndAck(sub).payloadText()).isEqualTo("b");
        }
    }

    @Test
    void anIdenticalFilterReplacesTheSubscription_MQTT_3_8_4_3() {
        try (RawClient sub = client("c38-replace"); RawClient pub = client("c38-replace-pub")) {
            Raw.subscribed(sub, "c38/replace", 1);
            Raw.subscribed(sub, "c38/replace", 0);
            Raw.publish1(pub, "c38/replace", "once", false);
            ReceivedPacket p = sub.expect(ReceivedPacket.PUBLISH);
            assertThat(p.qos()).as("the replacing subscription's QoS").isZero();
            sub.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void aReplacingSubscriptionBringsItsOwnSubscriptionIdentifier_MQTT_3_8_4_3() {
        try (RawClient sub = client("c38-subid-replace"); RawClient pub = client("c38-subid-replace-pub")) {
            for (int subId : new int[] {7, 8}) {
                sub.send(Packets.subscribe(true, sub.nextPacketId(), Props.builder()
                        .varint(Props.SUBSCRIPTION_IDENTIFIER, subId).build(), new String[] {"c38/subid/r"}, new int[] {0}));
                sub.expect(ReceivedPacket.SUBACK);
            }
            Raw.publish0(pub, "c38/subid/r", "x");
            assertThat(sub.expect(ReceivedPacket.PUBLISH).props().numbers(Props.SUBSCRIPTION_IDENTIFIER))
                    .containsExactly(8L);
            sub.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void retainedMessagesSentOnSubscribeCarryTheSubscriptionIdentifier_MQTT_3_3_4_3() {
        try (RawClient pub = client("c38-subid-ret-pub")) {
            Raw.publish1(pub, "c38/subid/retained", "r", true);
        }
        try (RawClient sub = client("c38-subid-ret")) {
            sub.send(Packets.subscribe(true, 1, Props.builder().varint(Props.SUBSCRIPTION_IDENTIFIER, 4242).build(),
                    new String[] {"c38/subid/retained"}, new int[] {1}));
            sub.expect(ReceivedPacket.SUBACK);
            ReceivedPacket p = Raw.receiveAndAck(sub);
            assertThat(p.retain()).isTrue();
            assertThat(p.props().numbers(Props.SUBSCRIPTION_IDENTIFIER)).containsExactly(4242L);
        }
    }

    @Test
    void subscribeWithoutAnyFilterIsAProtocolError_MQTT_3_8_3_2() {
        try (RawClient c = client("c38-empty")) {
            c.send(Bytes.frame(0x82, new Bytes().u16(1).raw(Props.empty()).toByteArray()));
            assertDisconnectedWith(c, 0x82);
        }
    }

    @Test
    void subscribeWithoutAnyFilterClosesTheConnectionV311_MQTT_3_8_3_3() {
        try (RawClient c = Raw.connect311(broker, "c38-empty-311")) {
            c.send(Bytes.frame(0x82, new Bytes().u16(1).toByteArray()));
            assertClosedSilently(c);
        }
    }

    @Test
    void reservedSubscriptionOptionBitsAreMalformed_MQTT_3_8_3_5() {
        try (RawClient c = client("c38-reserved")) {
            c.send(Packets.subscribe(true, 1, "c38/reserved", 0x40 | 1));
            assertDisconnectedWith(c, 0x81);
        }
    }

    @Test
    void reservedRequestedQosBitsAreMalformedV311_MQTT_3_8_3_4() {
        try (RawClient c = Raw.connect311(broker, "c38-reserved-311")) {
            c.send(Packets.subscribe(false, 1, "c38/reserved", 0x04 | 1));
            assertClosedSilently(c);
        }
    }

    @Test
    void noLocalOnASharedSubscriptionIsAProtocolError_MQTT_3_8_3_4() {
        try (RawClient c = client("c38-share-nolocal")) {
            c.send(Packets.subscribe(true, 1, "$share/g/c38/nolocal", 0x04 | 1));
            assertDisconnectedWith(c, 0x82);
        }
    }

    @Test
    void subscribeFixedHeaderFlagsMustBe0010_MQTT_3_8_1_1() {
        try (RawClient c = client("c38-flags")) {
            byte[] p = Packets.subscribe(true, 1, "c38/flags", 1);
            p[0] = (byte) 0x80;
            c.send(p);
            assertDisconnectedWith(c, 0x81);
        }
    }

    @Test
    void subscriptionIdentifierZeroIsAProtocolError_section_3_8_2_1_2() {
        try (RawClient c = client("c38-subid0")) {
            c.send(Packets.subscribe(true, 1, Props.builder().varint(Props.SUBSCRIPTION_IDENTIFIER, 0).build(),
                    new String[] {"c38/subid0"}, new int[] {0}));
            assertDisconnectedWith(c, 0x82);
        }
    }

    @Test
    void maximumQos3IsMalformedOrAProtocolError_section_3_8_3_1() {
        try (RawClient c = client("c38-qos3")) {
            c.send(Packets.subscribe(true, 1, "c38/qos3", 3));
            List<ReceivedPacket> before = c.awaitClose();
            assertThat(before).hasSize(1);
            assertThat(before.get(0).type()).isEqualTo(ReceivedPacket.DISCONNECT);
            assertThat(before.get(0).reasonCode()).isIn(0x81, 0x82);
        }
    }

    @Test
    void problemInformation0SuppressesReasonStringsOnSuback_MQTT_3_1_2_29() {
        try (RawClient c = RawClient.open(broker.tcpPort())) {
            c.connectOk(Packets.connect("c38-noproblem")
                    .properties(Props.builder().u8(Props.REQUEST_PROBLEM_INFORMATION, 0).build()));
            ReceivedPacket ack = Raw.subscribe(c, "c38/bad/#/x", 1);
            assertThat(ack.reasonCodes()).containsExactly(0x8F);
            assertThat(ack.props().has(Props.REASON_STRING)).isFalse();
            assertThat(ack.props().has(Props.USER_PROPERTY)).isFalse();
        }
    }

    @Test
    void unsubackCarriesTheIdentifierAndOneCodePerFilterInOrder_MQTT_3_10_4_4_MQTT_3_10_4_5_MQTT_3_11_3_1() {
        try (RawClient c = client("c38-unsub")) {
            Raw.subscribed(c, "c38/unsub/a", 1);
            c.send(Packets.unsubscribe(true, 44, "c38/unsub/none", "c38/unsub/a"));
            ReceivedPacket ack = c.expect(ReceivedPacket.UNSUBACK);
            assertThat(ack.packetId()).isEqualTo(44);
            // 0x11 No subscription existed, 0x00 Success
            assertThat(ack.reasonCodes()).containsExactly(0x11, 0x00);
        }
    }

    @Test
    void unsubackIsSentEvenWhenNothingWasSubscribedV311_MQTT_3_10_4_5() {
        try (RawClient c = Raw.connect311(broker, "c38-unsub-311")) {
            c.send(Packets.unsubscribe(false, 9, "c38/unsub/never"));
            ReceivedPacket ack = c.expect(ReceivedPacket.UNSUBACK);
            assertThat(ack.packetId()).isEqualTo(9);
            assertThat(ack.body()).hasSize(2);
        }
    }

    @Test
    void unsubscribeStopsDeliveryAndComparesFiltersCharacterByCharacter_MQTT_3_10_4_1_MQTT_3_10_4_2() {
        try (RawClient sub = client("c38-unsub-exact"); RawClient pub = client("c38-unsub-exact-pub")) {
            Raw.subscribed(sub, "c38/exact/a", 1);
            Raw.subscribed(sub, "c38/exact/+", 1);
            sub.send(Packets.unsubscribe(true, 5, "c38/exact/a"));
            assertThat(sub.expect(ReceivedPacket.UNSUBACK).reasonCodes()).containsExactly(0x00);
            Raw.publish1(pub, "c38/exact/a", "via the wildcard only", false);
            assertThat(Raw.receiveAndAck(sub).payloadText()).isEqualTo("via the wildcard only");
            sub.expectNothing(RawClient.QUIET);
            sub.send(Packets.unsubscribe(true, 6, "c38/exact/+"));
            sub.expect(ReceivedPacket.UNSUBACK);
            Raw.publish1(pub, "c38/exact/a", "nobody", false);
            sub.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void unsubscribeWithoutAnyFilterIsAProtocolError_MQTT_3_10_3_2() {
        try (RawClient c = client("c38-unsub-empty")) {
            c.send(Bytes.frame(0xA2, new Bytes().u16(1).raw(Props.empty()).toByteArray()));
            assertDisconnectedWith(c, 0x82);
        }
    }

    @Test
    void unsubscribeFixedHeaderFlagsMustBe0010_MQTT_3_10_1_1() {
        try (RawClient c = client("c38-unsub-flags")) {
            byte[] p = Packets.unsubscribe(true, 1, "c38/x");
            p[0] = (byte) 0xA0;
            c.send(p);
            assertDisconnectedWith(c, 0x81);
        }
    }

    @Test
    void sharedSubscriptionDeliversEachMessageToOneMember_section_4_8_2() {
        try (RawClient a = client("c38-share-a"); RawClient b = client("c38-share-b"); RawClient pub = client("c38-share-pub")) {
            Raw.subscribed(a, "$share/grp/c38/share/#", 1);
            Raw.subscribed(b, "$share/grp/c38/share/#", 1);
            int n = 40;
            for (int i = 0; i < n; i++) {
                Raw.publish1(pub, "c38/share/x", String.valueOf(i), false);
            }
            List<String> gotA = drain(a);
            List<String> gotB = drain(b);
            Set<String> all = new HashSet<>(gotA);
            all.addAll(gotB);
            assertThat(gotA.size() + gotB.size()).as("one copy per message: A " + gotA + ", B " + gotB).isEqualTo(n);
            assertThat(all).hasSize(n);
            assertThat(gotA).as("both members get messages").isNotEmpty();
            assertThat(gotB).isNotEmpty();
        }
    }

    @Test
    void aMemberThatLeavesWithUnacknowledgedMessagesGetsThemWhenItReconnects_MQTT_4_8_2_4() {
        byte[] session = Props.builder().u32(Props.SESSION_EXPIRY_INTERVAL, 60).build();
        RawClient a = RawClient.open(broker.tcpPort());
        a.connectOk(Packets.connect("c38-leave-a").cleanStart(false).properties(session));
        Raw.subscribed(a, "$share/leave/c38/leave", 1);
        try (RawClient b = client("c38-leave-b"); RawClient pub = client("c38-leave-pub")) {
            Raw.subscribed(b, "$share/leave/c38/leave", 1);
            for (int i = 0; i < 20; i++) {
                Raw.publish1(pub, "c38/leave", String.valueOf(i), false);
            }
            // A takes what it was sent and leaves without acknowledging any of it
            List<String> unacked = new ArrayList<>();
            ReceivedPacket p = a.poll(RawClient.QUIET);
            while (p != null) {
                unacked.add(p.payloadText());
                p = a.poll(Duration.ofMillis(200));
            }
            a.abort();
            List<String> gotB = drain(b);
            assertThat(unacked).as("A's share").isNotEmpty();
            try (RawClient back = RawClient.open(broker.tcpPort())) {
                assertThat(back.connectOk(Packets.connect("c38-leave-a").cleanStart(false).properties(session))
                        .sessionPresent()).isTrue();
                List<String> again = new ArrayList<>();
                for (int i = 0; i < unacked.size(); i++) {
                    ReceivedPacket r = back.expect(ReceivedPacket.PUBLISH);
                    assertThat(r.dup()).as("resent " + r).isTrue();
                    again.add(r.payloadText());
                    Raw.ack(back, r);
                }
                assertThat(again).as("A's unacknowledged messages, again").containsExactlyElementsOf(unacked);
            }
            List<String> all = new ArrayList<>(unacked);
            all.addAll(gotB);
            all.addAll(drain(b));
            assertThat(all).as("every message, each to one member").containsExactlyInAnyOrderElementsOf(
                    java.util.stream.IntStream.range(0, 20).mapToObj(String::valueOf).toList());
        }
    }

    @Test
    void sharedSubscriptionRespectsEachMembersGrantedQos_MQTT_4_8_2_3() {
        try (RawClient a = client("c38-shareq-a"); RawClient pub = client("c38-shareq-pub")) {
            Raw.subscribed(a, "$share/q/c38/shareq", 0);
            pub.send(Packets.publish(true, "c38/shareq", 2, false, 1, "x"));
            pub.expect(ReceivedPacket.PUBREC);
            pub.send(Packets.pubrel(1));
            pub.expect(ReceivedPacket.PUBCOMP);
            assertThat(a.expect(ReceivedPacket.PUBLISH).qos()).isZero();
        }
    }

    @Test
    void sharedAndNonSharedSubscriptionsEachGetACopy_section_4_8_2() {
        try (RawClient c = client("c38-share-both"); RawClient pub = client("c38-share-both-pub")) {
            Raw.subscribed(c, "$share/g1/c38/both", 1);
            Raw.subscribed(c, "c38/both", 1);
            Raw.publish1(pub, "c38/both", "m", false);
            assertThat(Raw.receiveAndAck(c).payloadText()).isEqualTo("m");
            assertThat(Raw.receiveAndAck(c).payloadText()).isEqualTo("m");
            c.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void invalidShareNamesAreRefused_MQTT_4_8_2_1_MQTT_4_8_2_2() {
        try (RawClient c = client("c38-share-bad")) {
            c.send(Packets.subscribe(true, 1, Props.empty(), new String[] {"$share/g+/c38/x", "$share/g#/c38/x",
                "$share//c38/x", "$share/g"}, new int[] {1, 1, 1, 1}));
            ReceivedPacket ack = c.expect(ReceivedPacket.SUBACK);
            assertThat(ack.reasonCodes()).hasSize(4).allSatisfy(code -> assertThat(code).isGreaterThanOrEqualTo(0x80));
        }
    }

    private static List<String> drain(RawClient c) {
        List<String> got = new ArrayList<>();
        ReceivedPacket p = c.poll(RawClient.QUIET);
        while (p != null) {
            got.add(p.payloadText());
            Raw.ack(c, p);
            p = c.poll(RawClient.QUIET);
        }
        return got;
    }
}
