package io.fluxmq.it.mqtt;

import static io.fluxmq.it.mqtt.Raw.assertDisconnectedWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.it.MqttDistribution;
import io.fluxmq.it.mqtt.raw.Packets;
import io.fluxmq.it.mqtt.raw.Props;
import io.fluxmq.it.mqtt.raw.RawClient;
import io.fluxmq.it.mqtt.raw.ReceivedPacket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PUBLISH (MQTT 5.0 section 3.3) and the QoS flows of section 4.3, both directions, with the raw
 * client: packet identifiers, acknowledgements, QoS downgrade, duplicates, properties forwarded
 * unaltered, topic aliases, the client's limits. Statement ids are MQTT 5.0's.
 */
@ExtendWith(SharedBroker.Conformance.class)
class Section3_3_PublishIT {
    private static MqttDistribution broker;

    @BeforeAll
    static void broker(MqttDistribution b) {
        broker = b;
    }

    private static RawClient client(String id) {
        return Raw.connect5(broker, id);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void qos0IsDeliveredWithoutPacketIdentifierAndWithDup0_MQTT_4_3_1_1_MQTT_2_2_1_2() {
        try (RawClient sub = client("c33-q0-sub"); RawClient pub = client("c33-q0-pub")) {
            Raw.subscribed(sub, "c33/q0", 2);
            Raw.publish0(pub, "c33/q0", "zero");
            ReceivedPacket p = sub.expect(ReceivedPacket.PUBLISH);
            assertThat(p.qos()).isZero();
            assertThat(p.dup()).isFalse();
            // a QoS 0 PUBLISH has no packet identifier: the payload follows the properties directly
            assertThat(p.payloadText()).isEqualTo("zero");
        }
    }

    @Test
    void qos1IsAcknowledgedWithPubackOfTheSamePacketIdentifier_MQTT_4_3_2_4_MQTT_2_2_1_5() {
        try (RawClient pub = client("c33-q1-pub")) {
            for (int id : new int[] {1, 42, 65_535}) {
                pub.send(Packets.publish(true, "c33/q1/ack", 1, false, id, "x"));
                ReceivedPacket ack = pub.expect(ReceivedPacket.PUBACK);
                assertThat(ack.packetId()).isEqualTo(id);
                assertThat(ack.reasonCode()).as("no subscriber: 0x00 or 0x10 No matching subscribers")
                        .isIn(0x00, 0x10);
            }
        }
    }

    @Test
    void qos1DeliveryHasANonZeroPacketIdentifierAndDup0_MQTT_2_2_1_4_MQTT_4_3_2_2() {
        try (RawClient sub = client("c33-q1d-sub"); RawClient pub = client("c33-q1d-pub")) {
            Raw.subscribed(sub, "c33/q1d", 1);
            Set<Integer> ids = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                Raw.publish1(pub, "c33/q1d", "m" + i, false);
                ReceivedPacket p = sub.expect(ReceivedPacket.PUBLISH);
                assertThat(p.qos()).isEqualTo(1);
                assertThat(p.dup()).isFalse();
                assertThat(p.packetId()).isNotZero();
                ids.add(p.packetId());
                // not acknowledged yet: the next identifier must differ from every unacknowledged one
            }
            assertThat(ids).as("identifiers of five unacknowledged PUBLISHes").hasSize(5);
        }
    }

    @Test
    void afterPubackTheSamePacketIdentifierIsANewMessage_MQTT_4_3_2_5() {
        try (RawClient sub = client("c33-q1new-sub"); RawClient pub = client("c33-q1new-pub")) {
            Raw.subscribed(sub, "c33/q1new", 1);
            pub.send(Packets.publish(true, "c33/q1new", 1, false, 9, "first"));
            pub.expect(ReceivedPacket.PUBACK);
            pub.send(Packets.publish(true, utf8("c33/q1new"), 1, false, true, 9, Props.empty(), utf8("second")));
            pub.expect(ReceivedPacket.PUBACK);
            assertThat(Raw.receiveAndAck(sub).payloadText()).isEqualTo("first");
            assertThat(Raw.receiveAndAck(sub).payloadText()).isEqualTo("second");
        }
    }

    @Test
    void qos2InboundFlowIsPubrecPubrelPubcomp_MQTT_4_3_3_8_MQTT_4_3_3_11() {
        try (RawClient pub = client("c33-q2-pub")) {
            pub.send(Packets.publish(true, "c33/q2/in", 2, false, 77, "x"));
            ReceivedPacket rec = pub.expect(ReceivedPacket.PUBREC);
            assertThat(rec.packetId()).isEqualTo(77);
            assertThat(rec.reasonCode()).isIn(0x00, 0x10);
            pub.send(Packets.pubrel(77));
            ReceivedPacket comp = pub.expect(ReceivedPacket.PUBCOMP);
            assertThat(comp.packetId()).isEqualTo(77);
            assertThat(comp.reasonCode()).isZero();
        }
    }

    @Test
    void qos2PublishResentBeforePubrelIsAcknowledgedButNotDeliveredTwice_MQTT_4_3_3_10() {
        try (RawClient sub = client("c33-q2dup-sub"); RawClient pub = client("c33-q2dup-pub")) {
            Raw.subscribed(sub, "c33/q2dup", 2);
            pub.send(Packets.publish(true, "c33/q2dup", 2, false, 5, "once"));
            assertThat(pub.expect(ReceivedPacket.PUBREC).packetId()).isEqualTo(5);
            pub.send(Packets.publish(true, utf8("c33/q2dup"), 2, false, true, 5, Props.empty(), utf8("once")));
            assertThat(pub.expect(ReceivedPacket.PUBREC).packetId()).isEqualTo(5);
            pub.send(Packets.pubrel(5));
            pub.expect(ReceivedPacket.PUBCOMP);
            assertThat(Raw.receiveAndAck(sub).payloadText()).isEqualTo("once");
            sub.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void afterPubcompTheSamePacketIdentifierIsANewMessage_MQTT_4_3_3_12() {
        try (RawClient sub = client("c33-q2new-sub"); RawClient pub = client("c33-q2new-pub")) {
            Raw.subscribed(sub, "c33/q2new", 2);
            for (String payload : new String[] {"first", "second"}) {
                pub.send(Packets.publish(true, "c33/q2new", 2, false, 3, payload));
                pub.expect(ReceivedPacket.PUBREC);
                pub.send(Packets.pubrel(3));
                pub.expect(ReceivedPacket.PUBCOMP);
            }
            // both may be in flight towards the subscriber at once: read both, then complete both
            ReceivedPacket first = sub.expect(ReceivedPacket.PUBLISH);
            ReceivedPacket second = sub.expect(ReceivedPacket.PUBLISH);
            assertThat(List.of(first.payloadText(), second.payloadText())).containsExactly("first", "second");
            for (ReceivedPacket p : List.of(first, second)) {
                sub.send(Packets.pubrec(p.packetId()));
                assertThat(sub.expect(ReceivedPacket.PUBREL).packetId()).isEqualTo(p.packetId());
                sub.send(Packets.pubcomp(p.packetId()));
            }
        }
    }

    @Test
    void qos2OutboundFlowSendsPubrelWithTheSameIdentifier_MQTT_4_3_3_4() {
        try (RawClient sub = client("c33-q2out-sub"); RawClient pub = client("c33-q2out-pub")) {
            Raw.subscribed(sub, "c33/q2out", 2);
            pub.send(Packets.publish(true, "c33/q2out", 2, false, 1, "x"));
            pub.expect(ReceivedPacket.PUBREC);
            pub.send(Packets.pubrel(1));
            pub.expect(ReceivedPacket.PUBCOMP);
            ReceivedPacket p = sub.expect(ReceivedPacket.PUBLISH);
            assertThat(p.qos()).isEqualTo(2);
            assertThat(p.dup()).isFalse();
            sub.send(Packets.pubrec(p.packetId()));
            ReceivedPacket rel = sub.expect(ReceivedPacket.PUBREL);
            assertThat(rel.packetId()).isEqualTo(p.packetId());
            assertThat(rel.flags()).as("PUBREL fixed header flags (MQTT-3.6.1-1)").isEqualTo(0b0010);
            sub.send(Packets.pubcomp(p.packetId()));
            sub.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void deliveredQosIsTheMinimumOfPublishedAndGranted_MQTT_3_8_4_8() {
        try (RawClient sub1 = client("c33-min-sub1"); RawClient sub2 = client("c33-min-sub2");
                RawClient pub = client("c33-min-pub")) {
            Raw.subscribed(sub1, "c33/min", 1);
            Raw.subscribed(sub2, "c33/min", 2);
            pub.send(Packets.publish(true, "c33/min", 2, false, 1, "q2"));
            pub.expect(ReceivedPacket.PUBREC);
            pub.send(Packets.pubrel(1));
            pub.expect(ReceivedPacket.PUBCOMP);
            assertThat(Raw.receiveAndAck(sub1).qos()).isEqualTo(1);
            assertThat(Raw.receiveAndAck(sub2).qos()).isEqualTo(2);
            Raw.publish0(pub, "c33/min", "q0");
            assertThat(sub2.expect(ReceivedPacket.PUBLISH).qos()).isZero();
        }
    }

    @Test
    void overlappingSubscriptionsDeliverAtLeastOnceAtTheHighestQos_MQTT_3_3_4_2() {
        try (RawClient sub = client("c33-overlap-sub"); RawClient pub = client("c33-overlap-pub")) {
            Raw.subscribed(sub, "c33/overlap/#", 0);
            Raw.subscribed(sub, "c33/overlap/x", 1);
            Raw.publish1(pub, "c33/overlap/x", "m", false);
            List<Integer> qos = new ArrayList<>();
            qos.add(Raw.receiveAndAck(sub).qos());
            ReceivedPacket more = sub.poll(RawClient.QUIET);
            while (more != null) {
                qos.add(more.qos());
                Raw.ack(sub, more);
                more = sub.poll(RawClient.QUIET);
            }
            assertThat(qos).as("copies delivered, one per matching subscription at most").hasSizeBetween(1, 2).contains(1);
        }
    }

    @Test
    void subscriptionIdentifiersOfOverlappingSubscriptionsAreSent_MQTT_3_3_4_3_MQTT_3_3_4_5() {
        try (RawClient sub = client("c33-subid-sub"); RawClient pub = client("c33-subid-pub")) {
            for (String[] s : new String[][] {{"c33/subid/#", "11"}, {"c33/subid/x", "22"}}) {
                int id = sub.nextPacketId();
                sub.send(Packets.subscribe(true, id, Props.builder().varint(Props.SUBSCRIPTION_IDENTIFIER,
                        Integer.parseInt(s[1])).build(), new String[] {s[0]}, new int[] {0}));
                assertThat(sub.expect(ReceivedPacket.SUBACK).reasonCodes()).containsExactly(0);
            }
            Raw.publish0(pub, "c33/subid/x", "m");
            List<Long> ids = new ArrayList<>(sub.expect(ReceivedPacket.PUBLISH).props().numbers(Props.SUBSCRIPTION_IDENTIFIER));
            ReceivedPacket more = sub.poll(RawClient.QUIET);
            if (more != null) {
                ids.addAll(more.props().numbers(Props.SUBSCRIPTION_IDENTIFIER));
            }
            assertThat(ids).containsExactlyInAnyOrder(11L, 22L);
            Raw.publish0(pub, "c33/subid/y", "only the wildcard");
            assertThat(sub.expect(ReceivedPacket.PUBLISH).props().numbers(Props.SUBSCRIPTION_IDENTIFIER))
                    .containsExactly(11L);
        }
    }

    @Test
    void publishFromAClientWithASubscriptionIdentifierIsAProtocolError_MQTT_3_3_4_6() {
        try (RawClient c = client("c33-pub-subid")) {
            c.send(Packets.publish(true, "c33/pubsubid", 0, false, 0,
                    Props.builder().varint(Props.SUBSCRIPTION_IDENTIFIER, 3).build(), utf8("x")));
            assertDisconnectedWith(c, 0x82);
        }
    }

    @Test
    void applicationPropertiesAreForwardedUnalteredAndUserPropertiesInOrder_MQTT_3_3_2_4_MQTT_3_3_2_15_to_20() {
        try (RawClient sub = client("c33-props-sub"); RawClient pub = client("c33-props-pub")) {
            Raw.subscribed(sub, "c33/props", 1);
            byte[] props = Props.builder()
                    .u8(Props.PAYLOAD_FORMAT_INDICATOR, 1)
                    .string(Props.CONTENT_TYPE, "application/json; charset=utf-8")
                    .string(Props.RESPONSE_TOPIC, "c33/props/reply")
                    .binary(Props.CORRELATION_DATA, new byte[] {0, 1, (byte) 0xFF})
                    .userProperty("k", "2").userProperty("a", "1").userProperty("k", "1")
                    .build();
            Raw.publish1(pub, "c33/props", props, "{}", false);
            ReceivedPacket p = Raw.receiveAndAck(sub);
            assertThat(p.props().number(Props.PAYLOAD_FORMAT_INDICATOR)).isEqualTo(1L);
            assertThat(p.props().string(Props.CONTENT_TYPE)).isEqualTo("application/json; charset=utf-8");
            assertThat(p.props().string(Props.RESPONSE_TOPIC)).isEqualTo("c33/props/reply");
            assertThat(p.props().binary(Props.CORRELATION_DATA)).containsExactly(0, 1, 0xFF);
            assertThat(p.props().userProperties()).containsExactly("k=2", "a=1", "k=1");
        }
    }

    @Test
    void payloadMarkedUtf8ThatIsNotIsRefusedWith0x99_section_3_3_2_3_2() {
        byte[] utf8Marked = Props.builder().u8(Props.PAYLOAD_FORMAT_INDICATOR, 1).build();
        byte[] notUtf8 = {'o', 'k', (byte) 0xC0, (byte) 0xAF};
        try (RawClient sub = client("c33-pfi-sub"); RawClient pub = client("c33-pfi-pub")) {
            Raw.subscribed(sub, "c33/pfi", 1);
            pub.send(Packets.publish(true, utf8("c33/pfi"), 1, false, false, 1, utf8Marked, notUtf8));
            ReceivedPacket ack = pub.expect(ReceivedPacket.PUBACK);
            assertThat(ack.reasonCode()).isEqualTo(0x99);
            pub.send(Packets.publish(true, utf8("c33/pfi"), 2, false, false, 2, utf8Marked, notUtf8));
            assertThat(pub.expect(ReceivedPacket.PUBREC).reasonCode()).isEqualTo(0x99);
            // the connection goes on, and the refused messages were not routed
            Raw.publish1(pub, "c33/pfi", utf8Marked, "valid", false);
            assertThat(Raw.receiveAndAck(sub).payloadText()).isEqualTo("valid");
            sub.expectNothing(RawClient.QUIET);
            pub.send(Packets.publish(true, utf8("c33/pfi"), 0, false, false, 0, utf8Marked, notUtf8));
            assertDisconnectedWith(pub, 0x99);
        }
    }

    @Test
    void responseTopicWithAWildcardIsAProtocolError_MQTT_3_3_2_14() {
        try (RawClient c = client("c33-resp-wild")) {
            c.send(Packets.publish(true, "c33/resp", 0, false, 0,
                    Props.builder().string(Props.RESPONSE_TOPIC, "c33/+/reply").build(), utf8("x")));
            assertDisconnectedWith(c, 0x82);
        }
    }

    @Test
    void messageExpiryIsDecrementedByTheTimeWaited_MQTT_3_3_2_6() {
        byte[] session = Props.builder().u32(Props.SESSION_EXPIRY_INTERVAL, 60).build();
        try (RawClient sub = RawClient.open(broker.tcpPort())) {
            sub.connectOk(Packets.connect("c33-expiry-sub").cleanStart(false).properties(session));
            Raw.subscribed(sub, "c33/expiry/#", 1);
            sub.send(Packets.disconnect());
            sub.awaitClose();
        }
        try (RawClient pub = client("c33-expiry-pub")) {
            Raw.publish1(pub, "c33/expiry/long", Props.builder().u32(Props.MESSAGE_EXPIRY_INTERVAL, 30).build(), "long",
                    false);
            Raw.publish1(pub, "c33/expiry/short", Props.builder().u32(Props.MESSAGE_EXPIRY_INTERVAL, 1).build(), "short",
                    false);
        }
        Raw.sleep(2_200);
        try (RawClient sub = RawClient.open(broker.tcpPort())) {
            sub.connectOk(Packets.connect("c33-expiry-sub").cleanStart(false).properties(session));
            ReceivedPacket p = Raw.receiveAndAck(sub);
            assertThat(p.payloadText()).isEqualTo("long");
            assertThat(p.props().number(Props.MESSAGE_EXPIRY_INTERVAL)).as("expiry after waiting 2 s")
                    .isBetween(1L, 28L);
            // the 1 s message expired while queued (MQTT-3.3.2-5)
            sub.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void topicAliasMapsAnEmptyTopicNameToTheTopicSetBefore_MQTT_3_3_2_12() {
        try (RawClient sub = client("c33-alias-sub"); RawClient pub = client("c33-alias-pub")) {
            Raw.subscribed(sub, "c33/alias/#", 0);
            byte[] alias = Props.builder().u16(Props.TOPIC_ALIAS, 64).build();
            pub.send(Packets.publish(true, "c33/alias/a", 0, false, 0, alias, utf8("1")));
            pub.send(Packets.publish(true, "", 0, false, 0, alias, utf8("2")));
            pub.send(Packets.publish(true, "c33/alias/b", 0, false, 0, alias, utf8("3")));
            pub.send(Packets.publish(true, "", 0, false, 0, alias, utf8("4")));
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ReceivedPacket p = sub.expect(ReceivedPacket.PUBLISH);
                got.add(p.topic() + "=" + p.payloadText());
            }
            assertThat(got).containsExactly("c33/alias/a=1", "c33/alias/a=2", "c33/alias/b=3", "c33/alias/b=4");
        }
    }

    @Test
    void topicAliasZeroIsNotPermitted_MQTT_3_3_2_8() {
        try (RawClient c = client("c33-alias0")) {
            c.send(Packets.publish(true, "c33/alias0", 0, false, 0, Props.builder().u16(Props.TOPIC_ALIAS, 0).build(),
                    utf8("x")));
            List<ReceivedPacket> before = c.awaitClose();
            assertThat(before).hasSize(1);
            assertThat(before.get(0).type()).isEqualTo(ReceivedPacket.DISCONNECT);
            // the spec names no code for alias 0: Protocol Error or Topic Alias invalid
            assertThat(before.get(0).reasonCode()).isIn(0x82, 0x94);
        }
    }

    @Test
    void unknownTopicAliasWithAnEmptyTopicIsAProtocolError_section_3_3_2_3_4() {
        try (RawClient c = client("c33-alias-unknown")) {
            c.send(Packets.publish(true, "", 0, false, 0, Props.builder().u16(Props.TOPIC_ALIAS, 5).build(), utf8("x")));
            assertDisconnectedWith(c, 0x82);
        }
    }

    @Test
    void topicAliasMappingsDoNotOutliveTheConnection_MQTT_3_3_2_7() {
        byte[] alias = Props.builder().u16(Props.TOPIC_ALIAS, 1).build();
        try (RawClient pub = client("c33-alias-conn")) {
            pub.send(Packets.publish(true, "c33/aliasconn", 0, false, 0, alias, utf8("x")));
            pub.send(Packets.disconnect());
            pub.awaitClose();
        }
        try (RawClient pub = client("c33-alias-conn")) {
            pub.send(Packets.publish(true, "", 0, false, 0, alias, utf8("y")));
            assertDisconnectedWith(pub, 0x82);
        }
    }

    @Test
    void noTopicAliasIsSentToAClientThatAllowsNone_MQTT_3_1_2_27() {
        try (RawClient sub = client("c33-noalias-sub"); RawClient pub = client("c33-noalias-pub")) {
            Raw.subscribed(sub, "c33/noalias", 0);
            for (int i = 0; i < 3; i++) {
                Raw.publish0(pub, "c33/noalias", "m" + i);
                ReceivedPacket p = sub.expect(ReceivedPacket.PUBLISH);
                assertThat(p.topic()).isEqualTo("c33/noalias");
                assertThat(p.props().has(Props.TOPIC_ALIAS)).isFalse();
            }
        }
    }

    @Test
    void outboundTopicAliasesStayWithinTheClientsMaximum_MQTT_3_1_2_26_MQTT_3_3_2_11() {
        try (RawClient sub = RawClient.open(broker.tcpPort()); RawClient pub = client("c33-outalias-pub")) {
            sub.connectOk(Packets.connect("c33-outalias-sub")
                    .properties(Props.builder().u16(Props.TOPIC_ALIAS_MAXIMUM, 2).build()));
            Raw.subscribed(sub, "c33/outalias/#", 0);
            String[] topics = {"c33/outalias/a", "c33/outalias/b", "c33/outalias/c", "c33/outalias/a", "c33/outalias/c"};
            java.util.Map<Long, String> mapping = new java.util.HashMap<>();
            for (String t : topics) {
                Raw.publish0(pub, t, t);
                ReceivedPacket p = sub.expect(ReceivedPacket.PUBLISH);
                Long alias = p.props().number(Props.TOPIC_ALIAS);
                if (alias != null) {
                    assertThat(alias).as("alias in " + p).isBetween(1L, 2L);
                    if (!p.topic().isEmpty()) {
                        mapping.put(alias, p.topic());
                    }
                }
                String resolved = p.topic().isEmpty() ? mapping.get(alias) : p.topic();
                assertThat(resolved).as("topic of " + p).isEqualTo(t);
                assertThat(p.payloadText()).isEqualTo(t);
            }
        }
    }

    @Test
    void outboundTopicAliasesStartAfreshOnANewConnection_MQTT_3_3_2_7() {
        byte[] props = Props.builder().u16(Props.TOPIC_ALIAS_MAXIMUM, 5).u32(Props.SESSION_EXPIRY_INTERVAL, 60).build();
        for (int round = 0; round < 2; round++) {
            try (RawClient sub = RawClient.open(broker.tcpPort()); RawClient pub = client("c33-aliasnew-pub")) {
                sub.connectOk(Packets.connect("c33-aliasnew-sub").cleanStart(false).properties(props));
                Raw.subscribed(sub, "c33/aliasnew", 0);
                Raw.publish0(pub, "c33/aliasnew", "r" + round);
                ReceivedPacket p = sub.expect(ReceivedPacket.PUBLISH);
                assertThat(p.topic()).as("round " + round + ": the first PUBLISH on a connection names its topic")
                        .isEqualTo("c33/aliasnew");
            }
        }
    }

    @Test
    void problemInformation0KeepsReasonStringsOffAcks_MQTT_3_1_2_29() {
        try (RawClient pub = RawClient.open(broker.tcpPort())) {
            pub.connectOk(Packets.connect("c33-noproblem")
                    .properties(Props.builder().u8(Props.REQUEST_PROBLEM_INFORMATION, 0).build()));
            // a refused PUBLISH (payload marked UTF-8 that is not) gets a bare PUBACK 0x99
            pub.send(Packets.publish(true, utf8("c33/noproblem"), 1, false, false, 1,
                    Props.builder().u8(Props.PAYLOAD_FORMAT_INDICATOR, 1).build(), new byte[] {(byte) 0xFF}));
            ReceivedPacket ack = pub.expect(ReceivedPacket.PUBACK);
            assertThat(ack.reasonCode()).isEqualTo(0x99);
            assertThat(ack.props().has(Props.REASON_STRING)).isFalse();
            assertThat(ack.props().has(Props.USER_PROPERTY)).isFalse();
        }
    }

    @Test
    void aMessageLargerThanTheClientsMaximumPacketSizeIsNotSent_MQTT_3_1_2_24_MQTT_3_1_2_25() {
        try (RawClient sub = RawClient.open(broker.tcpPort()); RawClient pub = client("c33-maxsize-pub")) {
            sub.connectOk(Packets.connect("c33-maxsize-sub")
                    .properties(Props.builder().u32(Props.MAXIMUM_PACKET_SIZE, 128).build()));
            Raw.subscribed(sub, "c33/maxsize", 1);
            Raw.publish1(pub, "c33/maxsize", "x".repeat(200), false);
            Raw.publish1(pub, "c33/maxsize", "small", false);
            ReceivedPacket p = Raw.receiveAndAck(sub);
            assertThat(p.payloadText()).as("the large message is skipped as if sent").isEqualTo("small");
            sub.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void theServerSendsNoMoreUnacknowledgedPublishesThanTheClientsReceiveMaximum_MQTT_3_3_4_9_MQTT_4_9_0_2() {
        try (RawClient sub = RawClient.open(broker.tcpPort()); RawClient pub = client("c33-recvmax-pub")) {
            sub.connectOk(Packets.connect("c33-recvmax-sub")
                    .properties(Props.builder().u16(Props.RECEIVE_MAXIMUM, 2).build()));
            Raw.subscribed(sub, "c33/recvmax", 1);
            for (int i = 0; i < 5; i++) {
                Raw.publish1(pub, "c33/recvmax", "m" + i, false);
            }
            ReceivedPacket a = sub.expect(ReceivedPacket.PUBLISH);
            ReceivedPacket b = sub.expect(ReceivedPacket.PUBLISH);
            assertThat(List.of(a.payloadText(), b.payloadText())).containsExactly("m0", "m1");
            // QoS 0 still flows while the quota is used up (MQTT-4.9.0-3); PINGREQ is answered (MQTT-3.3.4-10)
            Raw.publish0(pub, "c33/recvmax", "q0");
            assertThat(sub.expect(ReceivedPacket.PUBLISH).payloadText()).isEqualTo("q0");
            sub.send(Packets.pingreq());
            sub.expect(ReceivedPacket.PINGRESP);
            sub.expectNothing(RawClient.QUIET);
            sub.send(Packets.puback(a.packetId()));
            assertThat(sub.expect(ReceivedPacket.PUBLISH).payloadText()).isEqualTo("m2");
            sub.expectNothing(RawClient.QUIET);
            sub.send(Packets.puback(b.packetId()));
            ReceivedPacket c = Raw.receiveAndAck(sub);
            assertThat(c.payloadText()).isEqualTo("m3");
        }
    }

    @Test
    void messagesFromOneClientKeepTheirOrder_MQTT_4_6_0_6() {
        try (RawClient sub = client("c33-order-sub"); RawClient pub = client("c33-order-pub")) {
            Raw.subscribed(sub, "c33/order", 1);
            byte[][] burst = new byte[100][];
            for (int i = 0; i < burst.length; i++) {
                burst[i] = Packets.publish(true, "c33/order", 1, false, i + 1, String.valueOf(i));
            }
            pub.send(RawClient.concat(burst));
            for (int i = 0; i < burst.length; i++) {
                assertThat(Raw.receiveAndAck(sub).payloadText()).isEqualTo(String.valueOf(i));
            }
            // and the PUBACKs came back in the order of the PUBLISHes (MQTT-4.6.0-2)
            for (int i = 0; i < burst.length; i++) {
                assertThat(pub.expect(ReceivedPacket.PUBACK).packetId()).isEqualTo(i + 1);
            }
        }
    }

    @Test
    void noLocalDoesNotSendAClientItsOwnMessages_MQTT_3_8_3_3() {
        try (RawClient c = client("c33-nolocal"); RawClient other = client("c33-nolocal-other")) {
            assertThat(Raw.subscribe(c, "c33/nolocal", 0x04 | 1).reasonCodes()).containsExactly(1);
            Raw.publish1(c, "c33/nolocal", "mine", false);
            Raw.publish1(other, "c33/nolocal", "theirs", false);
            assertThat(Raw.receiveAndAck(c).payloadText()).isEqualTo("theirs");
            c.expectNothing(RawClient.QUIET);
        }
    }
}
