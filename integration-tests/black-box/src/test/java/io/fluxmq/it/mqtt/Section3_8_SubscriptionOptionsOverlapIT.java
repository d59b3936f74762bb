package io.fluxmq.it.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.it.MqttDistribution;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Subscription options when several subscriptions of one client match the same topic (MQTT 5.0
 * sections 3.8.3.1, 3.3.1.3, 3.3.4, 3.8.4 and 4.8.2): No Local, Retain As Published, Retain
 * Handling, QoS and Subscription Identifiers of overlapping filters. Raw client, and Eclipse Paho's
 * MQTT 5 client for the No Local and QoS cases.
 *
 * <p><b>The broker's rule.</b> Nothing is merged: the router hands a message over once per matching
 * subscription ({@code TrieMessageRouter}, No Local leaving out that subscription's hand-over
 * only), and each hand-over becomes one PUBLISH built from that subscription's options alone
 * ({@code Outgoing.of}): QoS the lower of the published and the granted one, RETAIN set only when
 * that subscription has Retain As Published 1, and that subscription's identifier, if it has one.
 * That is the "further copies" MQTT-3.3.4-2 allows, with MQTT-3.3.4-5's identifiers; a single copy
 * for several subscriptions (MQTT-3.3.4-4) is never sent. Retained messages sent on subscribe go to
 * the subscription that was made, with its identifier, whatever else overlaps it.
 *
 * <p><b>Exact counts.</b> Each case runs {@link #ROUNDS} rounds (50; {@code -Doverlap.rounds=N} for
 * more), each on client ids and topics of its own. After the messages under test their publisher
 * sends a fence, a message on a topic outside the filters under test that every client of the
 * round subscribes to: the broker hands a publisher's messages to a subscriber's connection in the
 * order routed, so a stray copy arrives before the fence, and everything before it is asserted
 * (Paho calls back one message at a time, in the order received). Retained messages sent on
 * subscribe are fenced by a PINGREQ sent after the SUBACK. Every round then ends with a quiet
 * period ({@link #QUIET}, short because the fence has done the waiting) in which nothing more may
 * arrive at any of its clients. A failure names its round.
 */
@ExtendWith(SharedBroker.Conformance.class)
class Section3_8_SubscriptionOptionsOverlapIT {
    private static final int ROUNDS = Integer.getInteger("overlap.rounds", 50);
    private static final Duration QUIET = Duration.ofMillis(40);
    private static final int NO_LOCAL = 0x04;
    private static final int RETAIN_AS_PUBLISHED = 0x08;
    private static final int RETAIN_HANDLING_1 = 0x10;
    private static final int RETAIN_HANDLING_2 = 0x20;
    private static MqttDistribution broker;

    @BeforeAll
    static void broker(MqttDistribution b) {
        broker = b;
    }

    private static RawClient client(String id) {
        return Raw.connect5(broker, id);
    }

    // ---- 1, 2: No Local

    @Test
    void noLocalOnOneOfTwoOverlappingFiltersLeavesTheOthersCopy_MQTT_3_8_3_3_MQTT_3_3_4_5() throws Exception {
        rounds("nl-one", r -> {
            String topic = r.t("a/x");
            try (RawClient c = client(r.id("self")); RawClient other = client(r.id("other"))) {
                subscribe(c, 1, r.t("a/#"), NO_LOCAL | 1);
                subscribe(c, 2, r.t("a/+"), 1);
                subscribe(c, 0, r.fence(), 0);
                int id = c.nextPacketId();
                c.send(Packets.publish(true, topic, 1, false, id, "own"));
                Raw.publish0(c, r.fence(), "fence");
                Received own = untilFence(c, r, 1);
                assertPubAck(own, id, 0x00);
                assertThat(copies(own, topic)).as("its own message: the No Local subscription's copy is left out, "
                        + "the other one's is sent, with its identifier only").containsExactly("own q1 r0 ids[2]");

                Raw.publish1(other, topic, "theirs", false);
                Raw.publish0(other, r.fence(), "fence");
                assertThat(copies(untilFence(c, r, 0), topic)).as("another client's message: a copy per subscription")
                        .containsExactlyInAnyOrder("theirs q1 r0 ids[1]", "theirs q1 r0 ids[2]");
                quiet(c, other);
            }
        });
    }

    @Test
    void noLocalOnEveryOverlappingFilterSendsNothingBackButOthersGetIt_MQTT_3_8_3_3() throws Exception {
        rounds("nl-all", r -> {
            String topic = r.t("a/x");
            try (RawClient c = client(r.id("self")); RawClient other = client(r.id("other"))) {
                subscribe(c, 1, r.t("a/#"), NO_LOCAL | 1);
                subscribe(c, 2, r.t("a/+"), NO_LOCAL | 2);
                subscribe(c, 0, r.fence(), 0);
                subscribe(other, 3, topic, 1);
                subscribe(other, 0, r.fence(), 0);
                int id = c.nextPacketId();
                c.send(Packets.publish(true, topic, 1, false, id, "own"));
                Raw.publish0(c, r.fence(), "fence");
                Received own = untilFence(c, r, 1);
                assertThat(copies(own, topic)).as("its own message, No Local on every matching filter").isEmpty();
                assertPubAck(own, id, 0x00);
                assertThat(copies(untilFence(other, r, 0), topic)).as("another subscriber still gets it")
                        .containsExactly("own q1 r0 ids[3]");

                // a topic that only the No Local subscriptions match: nobody is sent it, and PUBACK says so
                String onlyMine = r.t("a/y");
                id = c.nextPacketId();
                c.send(Packets.publish(true, onlyMine, 1, false, id, "nobody"));
                Raw.publish0(c, r.fence(), "fence");
                Received none = untilFence(c, r, 1);
                assertThat(copies(none, onlyMine)).isEmpty();
                assertPubAck(none, id, 0x10); // No matching subscribers
                assertThat(copies(untilFence(other, r, 0), onlyMine)).isEmpty();
                quiet(c, other);
            }
        });
    }

    // ---- 3: Retain As Published

    @Test
    void retainAsPublishedIsAppliedToEachCopyOnItsOwn_MQTT_3_3_1_12_MQTT_3_3_1_13() throws Exception {
        rounds("rap", r -> {
            String topic = r.t("a/x");
            try (RawClient sub = client(r.id("sub")); RawClient pub = client(r.id("pub"))) {
                subscribe(sub, 1, r.t("a/#"), 1);
                subscribe(sub, 2, r.t("a/+"), RETAIN_AS_PUBLISHED | 1);
                subscribe(sub, 3, r.t("+/x"), RETAIN_AS_PUBLISHED | 1);
                subscribe(sub, 0, r.fence(), 0);
                Raw.publish1(pub, topic, "retained", true);
                Raw.publish1(pub, topic, "plain", false);
                Raw.publish0(pub, r.fence(), "fence");
                assertThat(copies(untilFence(sub, r, 0), topic))
                        .as("live messages: RETAIN 1 only in the copies of the Retain As Published subscriptions")
                        .containsExactlyInAnyOrder(
                                "retained q1 r0 ids[1]", "retained q1 r1 ids[2]", "retained q1 r1 ids[3]",
                                "plain q1 r0 ids[1]", "plain q1 r0 ids[2]", "plain q1 r0 ids[3]");
                quiet(sub, pub);
            }
            clearRetained(r, topic);
        });
    }

    // ---- 4: Retain Handling

    @Test
    void retainHandlingOfAFilterIsNotChangedByAnOverlappingSubscription_MQTT_3_3_1_9_MQTT_3_3_1_10_MQTT_3_3_1_11_MQTT_3_8_4_4()
            throws Exception {
        rounds("rh", r -> {
            String topic = r.t("a/x");
            try (RawClient pub = client(r.id("pub"))) {
                Raw.publish1(pub, topic, "kept", true);
            }
            try (RawClient sub = client(r.id("sub")); RawClient pub = client(r.id("live"))) {
                subscribe(sub, 1, r.t("a/#"), 1); // the existing subscription, overlapping every filter below
                assertThat(retainedOnSubscribe(sub, topic)).as("the first subscription")
                        .containsExactly("kept q1 r1 ids[1]");
                for (int i = 1; i <= 2; i++) {
                    subscribe(sub, 2, r.t("a/+"), 1);
                    assertThat(retainedOnSubscribe(sub, topic)).as("Retain Handling 0, subscribe #" + i
                            + " (#2 replaces #1): sent every time, to this subscription only")
                            .containsExactly("kept q1 r1 ids[2]");
                }
                subscribe(sub, 3, topic, RETAIN_HANDLING_1 | 1);
                assertThat(retainedOnSubscribe(sub, topic)).as("Retain Handling 1, a new subscription")
                        .containsExactly("kept q1 r1 ids[3]");
                subscribe(sub, 3, topic, RETAIN_HANDLING_1 | 1);
                assertThat(retainedOnSubscribe(sub, topic)).as("Retain Handling 1, the same filter again").isEmpty();
                for (int i = 1; i <= 2; i++) {
                    subscribe(sub, 4, r.t("+/x"), RETAIN_HANDLING_2 | 1);
                    assertThat(retainedOnSubscribe(sub, topic)).as("Retain Handling 2, subscribe #" + i).isEmpty();
                }
                subscribe(sub, 0, r.fence(), 0);
                Raw.publish1(pub, topic, "live", false);
                Raw.publish0(pub, r.fence(), "fence");
                assertThat(copies(untilFence(sub, r, 0), topic)).as("all four subscriptions are there, a copy each")
                        .containsExactlyInAnyOrder("live q1 r0 ids[1]", "live q1 r0 ids[2]", "live q1 r0 ids[3]",
                                "live q1 r0 ids[4]");
                quiet(sub, pub);
            }
            clearRetained(r, topic);
        });
    }

    // ---- 5: QoS

    @Test
    void overlappingQos0And1And2SubscriptionsGetACopyEachAtTheirQos_MQTT_3_3_4_2_MQTT_3_3_4_5_MQTT_3_8_4_8()
            throws Exception {
        rounds("qos", r -> {
            String topic = r.t("a/x");
            try (RawClient sub = client(r.id("sub")); RawClient pub = client(r.id("pub"))) {
                subscribe(sub, 1, r.t("a/#"), 0);
                subscribe(sub, 2, r.t("a/+"), 1);
                subscribe(sub, 3, topic, 2);
                subscribe(sub, 0, r.fence(), 0);
                publish2(pub, topic, "two");
                Raw.publish1(pub, topic, "one", false);
                Raw.publish0(pub, r.fence(), "fence");
                assertThat(copies(untilFence(sub, r, 0), topic))
                        .as("a copy per subscription, at the lower of the published and its granted QoS; the "
                                + "QoS 2 subscription's copy of the QoS 2 message is QoS 2")
                        .containsExactlyInAnyOrder("two q0 r0 ids[1]", "two q1 r0 ids[2]", "two q2 r0 ids[3]",
                                "one q0 r0 ids[1]", "one q1 r0 ids[2]", "one q1 r0 ids[3]");
                quiet(sub, pub);
            }
        });
    }

    // ---- 6, 7: Subscription Identifiers

    @Test
    void replacingOneOfOverlappingSubscriptionsReplacesItsIdentifier_MQTT_3_8_4_3_MQTT_3_3_4_3_MQTT_3_3_4_5()
            throws Exception {
        rounds("subid", r -> {
            String topic = r.t("a/x");
            try (RawClient sub = client(r.id("sub")); RawClient pub = client(r.id("pub"))) {
                subscribe(sub, 1, r.t("a/#"), 1);
                subscribe(sub, 2, r.t("a/+"), 1);
                subscribe(sub, 0, r.fence(), 0);
                assertThat(publishAndCollect(pub, sub, r, topic, "first"))
                        .containsExactlyInAnyOrder("first q1 r0 ids[1]", "first q1 r0 ids[2]");
                subscribe(sub, 3, r.t("a/+"), 1);
                assertThat(publishAndCollect(pub, sub, r, topic, "second")).as("a/+ replaced with identifier 3")
                        .containsExactlyInAnyOrder("second q1 r0 ids[1]", "second q1 r0 ids[3]");
                subscribe(sub, 0, r.t("a/+"), 1);
                assertThat(publishAndCollect(pub, sub, r, topic, "third")).as("a/+ replaced without identifier")
                        .containsExactlyInAnyOrder("third q1 r0 ids[1]", "third q1 r0 ids[]");
                subscribe(sub, 0, r.t("a/#"), 1);
                assertThat(publishAndCollect(pub, sub, r, topic, "fourth")).as("a/# replaced without identifier too")
                        .containsExactlyInAnyOrder("fourth q1 r0 ids[]", "fourth q1 r0 ids[]");
                quiet(sub, pub);
            }
        });
    }

    @Test
    void retainedMessagesSentOnSubscribeCarryTheIdentifierOfTheSubscriptionMade_MQTT_3_3_4_3_MQTT_3_3_1_9_MQTT_3_8_4_5()
            throws Exception {
        rounds("ret-subid", r -> {
            String a = r.t("a/x");
            String b = r.t("b/x");
            try (RawClient pub = client(r.id("pub"))) {
                Raw.publish1(pub, a, "ra", true);
                Raw.publish1(pub, b, "rb", true);
            }
            try (RawClient sub = client(r.id("sub"))) {
                subscribe(sub, 1, r.t("a/#"), 1);
                assertThat(retainedOnSubscribe(sub, a)).containsExactly("ra q1 r1 ids[1]");
                subscribe(sub, 2, r.t("a/+"), 1);
                assertThat(retainedOnSubscribe(sub, a)).as("overlapping a/#, which already has it: a/+'s only")
                        .containsExactly("ra q1 r1 ids[2]");
                subscribe(sub, 0, a, 1);
                assertThat(retainedOnSubscribe(sub, a)).as("a subscription without identifier")
                        .containsExactly("ra q1 r1 ids[]");
                // one SUBSCRIBE, two overlapping filters, one identifier: a retained copy for each filter
                int id = sub.nextPacketId();
                sub.send(Packets.subscribe(true, id, Props.builder().varint(Props.SUBSCRIPTION_IDENTIFIER, 5).build(),
                        new String[] {r.t("b/#"), r.t("b/+")}, new int[] {1, 0}));
                ReceivedPacket ack = sub.expect(ReceivedPacket.SUBACK);
                assertThat(ack.packetId()).isEqualTo(id);
                assertThat(ack.reasonCodes()).containsExactly(1, 0);
                assertThat(retainedOnSubscribe(sub, b)).containsExactlyInAnyOrder("rb q1 r1 ids[5]", "rb q0 r1 ids[5]");
                quiet(sub);
            }
            clearRetained(r, a, b);
        });
    }

    // ---- 8: shared and non-shared

    @Test
    void sharedAndNonSharedOverlappingSubscriptionsOfOneClientGetACopyEach_section_4_8_2_MQTT_4_8_2_3()
            throws Exception {
        rounds("share", r -> {
            String topic = r.t("a/x");
            String shared = "$share/g/" + r.t("a/#");
            try (RawClient c = client(r.id("c")); RawClient d = client(r.id("d")); RawClient pub = client(r.id("pub"))) {
                subscribe(c, 1, shared, 1);
                subscribe(c, 2, r.t("a/+"), 0);
                subscribe(c, 0, r.fence(), 0);
                subscribe(d, 0, r.fence(), 0);
                Raw.publish1(pub, topic, "m1", false);
                Raw.publish0(pub, r.fence(), "fence");
                assertThat(copies(untilFence(c, r, 0), topic)).as("the only member of the group: both copies")
                        .containsExactlyInAnyOrder("m1 q1 r0 ids[1]", "m1 q0 r0 ids[2]");
                assertThat(copies(untilFence(d, r, 0), topic)).isEmpty();

                subscribe(d, 3, shared, 1);
                Raw.publish1(pub, topic, "m2", false);
                Raw.publish1(pub, topic, "m3", false);
                Raw.publish0(pub, r.fence(), "fence");
                List<String> gotC = copies(untilFence(c, r, 0), topic);
                List<String> gotD = copies(untilFence(d, r, 0), topic);
                assertThat(gotC.stream().filter(s -> s.endsWith("ids[2]")).toList())
                        .as("C's own subscription: every message").containsExactly("m2 q0 r0 ids[2]", "m3 q0 r0 ids[2]");
                List<String> viaGroup = new ArrayList<>(gotC.stream().filter(s -> !s.endsWith("ids[2]")).toList());
                assertThat(viaGroup).as("C's share of the group (members take turns): " + gotC).hasSize(1);
                assertThat(gotD).as("D's share of the group").hasSize(1);
                viaGroup.addAll(gotD);
                assertThat(viaGroup).as("the group's copies, each message once, to C (id 1) or D (id 3)")
                        .containsAnyOf("m2 q1 r0 ids[1]", "m2 q1 r0 ids[3]")
                        .containsAnyOf("m3 q1 r0 ids[1]", "m3 q1 r0 ids[3]");
                assertThat(gotC).doesNotContain("m2 q1 r0 ids[3]", "m3 q1 r0 ids[3]");
                assertThat(gotD).doesNotContain("m2 q1 r0 ids[1]", "m3 q1 r0 ids[1]");
                quiet(c, d, pub);
            }
        });
    }

    // ---- the same with a real client: Eclipse Paho MQTT 5

    @Test
    void noLocalOnOneOfTwoOverlappingFiltersWithPaho_MQTT_3_8_3_3_MQTT_3_3_4_5() throws Exception {
        pahoRounds("p-nl", (r, c, got, other) -> {
            String topic = r.t("a/x");
            pahoSubscribe(c, 1, pahoSubscription(r.t("a/#"), 1, true));
            pahoSubscribe(c, 2, pahoSubscription(r.t("a/+"), 1, false));
            pahoSubscribe(c, 0, pahoSubscription(r.fence(), 2, false));
            c.publish(topic, message("own", 1));
            c.publish(r.fence(), message("fence", 2));
            assertThat(got.untilFence()).as("its own message: via a/+ only").containsExactly("own q1 r0 ids[2]");
            other.publish(topic, message("theirs", 1));
            other.publish(r.fence(), message("fence", 2));
            assertThat(got.untilFence()).as("another client's message: a copy per subscription")
                    .containsExactlyInAnyOrder("theirs q1 r0 ids[1]", "theirs q1 r0 ids[2]");
            Raw.sleep(QUIET.toMillis());
            assertThat(got.more()).as("after the fence").isEmpty();
        });
    }

    @Test
    void overlappingQos0And1And2SubscriptionsWithPaho_MQTT_3_3_4_2_MQTT_3_3_4_5() throws Exception {
        pahoRounds("p-qos", (r, sub, got, pub) -> {
            String topic = r.t("a/x");
            pahoSubscribe(sub, 1, pahoSubscription(r.t("a/#"), 0, false));
            pahoSubscribe(sub, 2, pahoSubscription(r.t("a/+"), 1, false));
            pahoSubscribe(sub, 3, pahoSubscription(topic, 2, false));
            pahoSubscribe(sub, 0, pahoSubscription(r.fence(), 2, false));
            pub.publish(topic, message("two", 2));
            pub.publish(r.fence(), message("fence", 2));
            assertThat(got.untilFence()).as("a copy per subscription at its QoS, with its identifier")
                    .containsExactlyInAnyOrder("two q0 r0 ids[1]", "two q1 r0 ids[2]", "two q2 r0 ids[3]");
            Raw.sleep(QUIET.toMillis());
            assertThat(got.more()).as("after the fence").isEmpty();
        });
    }

    // ---- rounds

    /** One round's names: topics under {@code base}, client ids under {@code ids}, the fence topic outside base. */
    private record Round(int number, String base, String ids) {
        static Round of(String name, int number) {
            return new Round(number, "sop/" + name + "/" + number, "sop-" + name + "-" + number);
        }

        String t(String rest) {
            return base + "/" + rest;
        }

        String id(String who) {
            return ids + "-" + who;
        }

        String fence() {
            return "sop-fence/" + base;
        }
    }

    private interface Body {
        void run(Round r) throws Exception;
    }

    /** Runs the case {@link #ROUNDS} times, each on its own topics and client ids; a failure names its round. */
    private static void rounds(String name, Body body) throws Exception {
        for (int n = 1; n <= ROUNDS; n++) {
            Round r = Round.of(name, n);
            try {
                body.run(r);
            } catch (AssertionError e) {
                throw new AssertionError("case '" + name + "', round " + n + " of " + ROUNDS + ": " + e.getMessage(), e);
            }
        }
    }

    // ---- raw client steps

    /** One SUBSCRIBE of one filter with Subscription Identifier {@code subId} (0: none); asserts the granted QoS. */
    private static void subscribe(RawClient c, int subId, String filter, int options) {
        byte[] props = subId == 0 ? Props.empty() : Props.builder().varint(Props.SUBSCRIPTION_IDENTIFIER, subId).build();
        int id = c.nextPacketId();
        c.send(Packets.subscribe(true, id, props, new String[] {filter}, new int[] {options}));
        ReceivedPacket ack = c.expect(ReceivedPacket.SUBACK);
        assertThat(ack.packetId()).as("SUBACK packet identifier").isEqualTo(id);
        assertThat(ack.reasonCodes()).as("SUBACK for " + filter).containsExactly(options & 3);
    }

    private static void publish2(RawClient pub, String topic, String payload) {
        int id = pub.nextPacketId();
        pub.send(Packets.publish(true, topic, 2, false, id, payload));
        assertThat(pub.expect(ReceivedPacket.PUBREC).packetId()).isEqualTo(id);
        pub.send(Packets.pubrel(id));
        assertThat(pub.expect(ReceivedPacket.PUBCOMP).packetId()).isEqualTo(id);
    }

    /** Publishes one QoS 1 message and the fence, and returns the subscriber's copies of the message. */
    private static List<String> publishAndCollect(RawClient pub, RawClient sub, Round r, String topic, String payload) {
        Raw.publish1(pub, topic, payload, false);
        Raw.publish0(pub, r.fence(), "fence");
        return copies(untilFence(sub, r, 0), topic);
    }

    /** Removes the round's retained messages, so that they do not reach later subscribers of other tests. */
    private static void clearRetained(Round r, String... topics) {
        try (RawClient c = client(r.id("clear"))) {
            for (String t : topics) {
                Raw.publish1(c, t, "", true);
            }
        }
    }

    /** The PUBLISHes a client received before the end of a fence, and its other packets (acks of its own PUBLISHes). */
    private record Received(List<ReceivedPacket> publishes, List<ReceivedPacket> others) {
    }

    /**
     * Reads until {@code end} (not included) has arrived, every QoS 2 delivery begun is released,
     * and {@code others} non-PUBLISH packets have come; acknowledges QoS 1 and 2 deliveries as they
     * arrive. Fails when a packet is missing for {@link RawClient#DEFAULT_WAIT}.
     */
    private static Received until(RawClient c, Predicate<ReceivedPacket> end, int others) {
        List<ReceivedPacket> publishes = new ArrayList<>();
        List<ReceivedPacket> rest = new ArrayList<>();
        Set<Integer> awaitingPubRel = new HashSet<>();
        boolean ended = false;
        while (!ended || !awaitingPubRel.isEmpty() || rest.size() < others) {
            ReceivedPacket p = c.receive();
            if (!ended && end.test(p)) {
                ended = true;
                continue;
            }
            switch (p.type()) {
                case ReceivedPacket.PUBLISH -> {
                    publishes.add(p);
                    if (p.qos() == 1) {
                        c.send(Packets.puback(p.packetId()));
                    } else if (p.qos() == 2) {
                        assertThat(awaitingPubRel.add(p.packetId())).as("packet identifier in use: " + p).isTrue();
                        c.send(Packets.pubrec(p.packetId()));
                    }
                }
                case ReceivedPacket.PUBREL -> {
                    assertThat(awaitingPubRel.remove(p.packetId())).as("PUBREL without a PUBREC: " + p).isTrue();
                    c.send(Packets.pubcomp(p.packetId()));
                }
                default -> rest.add(p);
            }
        }
        assertThat(rest).as("packets other than PUBLISH and PUBREL").hasSize(others);
        return new Received(publishes, rest);
    }

    /** What arrived before the round's fence (a QoS 0 PUBLISH on {@link Round#fence()}). */
    private static Received untilFence(RawClient c, Round r, int others) {
        return until(c, p -> p.type() == ReceivedPacket.PUBLISH && p.topic().equals(r.fence()), others);
    }

    /**
     * The retained messages sent on the subscribe just acknowledged: they are queued on the
     * connection before its SUBACK is written, so a PINGREQ sent after the SUBACK fences them.
     */
    private static List<String> retainedOnSubscribe(RawClient c, String topic) {
        c.send(Packets.pingreq());
        return copies(until(c, p -> p.type() == ReceivedPacket.PINGRESP, 0), topic);
    }

    private static void assertPubAck(Received r, int packetId, int reason) {
        ReceivedPacket ack = r.others().get(0);
        assertThat(ack.type()).as("the PUBACK of the client's own message: " + ack).isEqualTo(ReceivedPacket.PUBACK);
        assertThat(ack.packetId()).isEqualTo(packetId);
        assertThat(ack.reasonCode()).as("PUBACK reason code").isEqualTo(reason);
    }

    /** Each PUBLISH as "payload qQoS rRETAIN ids[Subscription Identifiers]", after checking its topic and DUP 0. */
    private static List<String> copies(Received r, String topic) {
        List<String> out = new ArrayList<>();
        for (ReceivedPacket p : r.publishes()) {
            assertThat(p.topic()).as("topic of " + p).isEqualTo(topic);
            assertThat(p.dup()).as("DUP of " + p).isFalse();
            out.add(copy(p.payloadText(), p.qos(), p.retain(), p.props().numbers(Props.SUBSCRIPTION_IDENTIFIER)));
        }
        return out;
    }

    private static String copy(String payload, int qos, boolean retain, List<? extends Number> ids) {
        return payload + " q" + qos + " r" + (retain ? 1 : 0) + " ids" + ids;
    }

    /** The quiet period at the end of a round: nothing more arrives at any of the clients. */
    private static void quiet(RawClient... clients) {
        Raw.sleep(QUIET.toMillis());
        for (RawClient c : clients) {
            c.expectNothing(Duration.ofMillis(1));
        }
    }

    // ---- Paho steps

    /** What a Paho client received, as {@link #copy} describes it; the fence topic's messages are counted apart. */
    private static final class PahoInbox extends PahoV5Callback {
        private final ConcurrentLinkedQueue<String> copies = new ConcurrentLinkedQueue<>();
        private final Semaphore fences = new Semaphore(0);

        private final String fence;

        PahoInbox(String fence) {
            super(null);
            this.fence = fence;
        }

        @Override
        public void messageArrived(String topic, MqttMessage m) {
            if (topic.equals(fence)) {
                fences.release();
                return;
            }
            List<Integer> ids = m.getProperties() == null || m.getProperties().getSubscriptionIdentifiers() == null
                    ? List.of() : m.getProperties().getSubscriptionIdentifiers();
            copies.add(copy(new String(m.getPayload(), StandardCharsets.UTF_8), m.getQos(), m.isRetained(), ids));
        }

        /** The copies that arrived before the next fence (Paho calls back in the order received). */
        List<String> untilFence() throws InterruptedException {
            assertThat(fences.tryAcquire(10, TimeUnit.SECONDS)).as("the fence arrived").isTrue();
            return more();
        }

        /** The copies not taken yet. */
        List<String> more() {
            List<String> out = new ArrayList<>();
            for (String s = copies.poll(); s != null; s = copies.poll()) {
                out.add(s);
            }
            assertThat(fences.availablePermits()).as("fences not waited for").isZero();
            return out;
        }
    }

    private interface PahoBody {
        /** One round with {@code receiver}, whose messages go to {@code inbox}, and a second client {@code other}. */
        void run(Round r, MqttAsyncClient receiver, PahoInbox inbox, MqttAsyncClient other) throws Exception;
    }

    /**
     * {@link #rounds} with two new Paho clients per round. Paho 1.2.5 takes some 300 ms to start a
     * client and 100 ms to stop one (it polls for its threads in 100 ms sleeps), which 50 rounds of
     * two clients one after the other cannot afford: all of them connect before the first round,
     * together, and disconnect after the last one, together. Before that, no inbox may have received
     * anything after its round: the end of the test is a longer quiet period for every round.
     */
    private static void pahoRounds(String name, PahoBody body) throws Exception {
        List<MqttAsyncClient> receivers = new ArrayList<>();
        List<MqttAsyncClient> others = new ArrayList<>();
        List<PahoInbox> inboxes = new ArrayList<>();
        try {
            List<IMqttToken> connects = new ArrayList<>();
            for (int n = 1; n <= ROUNDS; n++) {
                Round r = Round.of(name, n);
                PahoInbox inbox = new PahoInbox(r.fence());
                MqttAsyncClient receiver = new MqttAsyncClient(broker.tcpUri(), r.id("receiver"), new MemoryPersistence());
                receiver.setCallback(inbox);
                MqttAsyncClient other = new MqttAsyncClient(broker.tcpUri(), r.id("other"), new MemoryPersistence());
                inboxes.add(inbox);
                receivers.add(receiver);
                others.add(other);
                connects.add(receiver.connect(pahoOptions()));
                connects.add(other.connect(pahoOptions()));
            }
            for (IMqttToken t : connects) {
                t.waitForCompletion(30_000);
            }
            rounds(name, r -> body.run(r, receivers.get(r.number() - 1), inboxes.get(r.number() - 1),
                    others.get(r.number() - 1)));
            for (int i = 0; i < inboxes.size(); i++) {
                assertThat(inboxes.get(i).more()).as("case '" + name + "', round " + (i + 1) + ": received after its end")
                        .isEmpty();
            }
        } finally {
            List<Thread> stopping = new ArrayList<>();
            for (MqttAsyncClient c : receivers) {
                stopping.add(stop(c));
            }
            for (MqttAsyncClient c : others) {
                stopping.add(stop(c));
            }
            for (Thread t : stopping) {
                t.join(30_000);
            }
        }
    }

    /** Disconnects and closes the client on a thread of its own. */
    private static Thread stop(MqttAsyncClient c) {
        Thread t = new Thread(() -> {
            try {
                if (c.isConnected()) {
                    c.disconnect().waitForCompletion(10_000);
                }
                c.close(true);
            } catch (MqttException e) {
                // closing anyway
            }
        }, "paho-stop-" + c.getClientId());
        t.start();
        return t;
    }

    private static MqttConnectionOptions pahoOptions() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setConnectionTimeout(10);
        o.setKeepAliveInterval(60);
        return o;
    }

    private static MqttSubscription pahoSubscription(String filter, int qos, boolean noLocal) {
        MqttSubscription s = new MqttSubscription(filter, qos);
        s.setNoLocal(noLocal);
        return s;
    }

    /** One SUBSCRIBE with Subscription Identifier {@code subId} (0: none); asserts the granted QoS. */
    private static void pahoSubscribe(MqttAsyncClient c, int subId, MqttSubscription s) throws MqttException {
        MqttProperties props = new MqttProperties();
        if (subId != 0) {
            props.setSubscriptionIdentifier(subId);
        }
        IMqttToken t = c.subscribe(new MqttSubscription[] {s}, null, null, props);
        t.waitForCompletion(10_000);
        assertThat(t.getReasonCodes()).as("SUBACK for " + s.getTopic()).containsExactly(s.getQos());
    }

    private static MqttMessage message(String payload, int qos) {
        return new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), qos, false, new MqttProperties());
    }
}
