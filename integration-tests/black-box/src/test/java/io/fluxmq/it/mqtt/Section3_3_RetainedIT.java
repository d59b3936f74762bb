package io.fluxmq.it.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.it.MqttDistribution;
import io.fluxmq.it.mqtt.raw.Packets;
import io.fluxmq.it.mqtt.raw.Props;
import io.fluxmq.it.mqtt.raw.RawClient;
import io.fluxmq.it.mqtt.raw.ReceivedPacket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Retained messages (MQTT 5.0 section 3.3.1.3 and the subscription options of 3.8.3.1): stored,
 * replaced, cleared, sent on subscribe per Retain Handling, flagged per Retain As Published.
 * Statement ids are MQTT 5.0's; {@code V311} tests speak MQTT 3.1.1 and cite its ids.
 */
@ExtendWith(SharedBroker.Conformance.class)
class Section3_3_RetainedIT {
    private static final int RETAIN_AS_PUBLISHED = 0x08;
    private static final int RETAIN_HANDLING_2 = 0x20;
    private static MqttDistribution broker;

    @BeforeAll
    static void broker(MqttDistribution b) {
        broker = b;
    }

    private static RawClient client(String id) {
        return Raw.connect5(broker, id);
    }

    @Test
    void retainedMessageReplacesThePreviousOne_MQTT_3_3_1_5() {
        try (RawClient pub = client("c33r-replace-pub")) {
            Raw.publish1(pub, "c33r/replace", "old", true);
            Raw.publish1(pub, "c33r/replace", "new", true);
        }
        try (RawClient sub = client("c33r-replace-sub")) {
            Raw.subscribed(sub, "c33r/replace", 1);
            ReceivedPacket p = Raw.receiveAndAck(sub);
            assertThat(p.payloadText()).isEqualTo("new");
            assertThat(p.retain()).as("sent because of a new subscription: RETAIN 1 (section 3.3.1.3)").isTrue();
            sub.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void emptyRetainedPayloadRemovesTheRetainedMessage_MQTT_3_3_1_6_MQTT_3_3_1_7() {
        try (RawClient pub = client("c33r-clear-pub"); RawClient live = client("c33r-clear-live")) {
            Raw.publish1(pub, "c33r/clear", "there", true);
            Raw.subscribed(live, "c33r/clear", 0);
            assertThat(live.expect(ReceivedPacket.PUBLISH).payloadText()).isEqualTo("there");
            Raw.publish1(pub, "c33r/clear", "", true);
            // processed normally: existing subscribers get the empty message
            ReceivedPacket empty = live.expect(ReceivedPacket.PUBLISH);
            assertThat(empty.payload()).isEmpty();
        }
        try (RawClient sub = client("c33r-clear-sub")) {
            Raw.subscribed(sub, "c33r/clear", 1);
            sub.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void nonRetainedPublishLeavesTheRetainedMessageAlone_MQTT_3_3_1_8() {
        try (RawClient pub = client("c33r-keep-pub")) {
            Raw.publish1(pub, "c33r/keep", "retained", true);
            Raw.publish1(pub, "c33r/keep", "not retained", false);
        }
        try (RawClient sub = client("c33r-keep-sub")) {
            Raw.subscribed(sub, "c33r/keep", 1);
            assertThat(Raw.receiveAndAck(sub).payloadText()).isEqualTo("retained");
            sub.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void retainHandling0SendsRetainedMessagesOnEverySubscribe_MQTT_3_3_1_9() {
        try (RawClient pub = client("c33r-rh0-pub"); RawClient sub = client("c33r-rh0-sub")) {
            Raw.publish1(pub, "c33r/rh0", "r", true);
            for (int i = 0; i < 2; i++) {
                assertThat(Raw.subscribe(sub, "c33r/rh0", 1).reasonCodes()).containsExactly(1);
                assertThat(Raw.receiveAndAck(sub).payloadText()).as("subscribe #" + (i + 1)).isEqualTo("r");
            }
        }
    }

    @Test
    void retainHandling1SendsRetainedMessagesOnlyForANewSubscription_MQTT_3_3_1_10() {
        try (RawClient pub = client("c33r-rh1-pub"); RawClient sub = client("c33r-rh1-sub")) {
            Raw.publish1(pub, "c33r/rh1", "r", true);
            assertThat(Raw.subscribe(sub, "c33r/rh1", 0x10 | 1).reasonCodes()).containsExactly(1);
            assertThat(Raw.receiveAndAck(sub).payloadText()).isEqualTo("r");
            assertThat(Raw.subscribe(sub, "c33r/rh1", 0x10 | 1).reasonCodes()).containsExactly(1);
            sub.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void retainHandling2SendsNoRetainedMessages_MQTT_3_3_1_11() {
        try (RawClient pub = client("c33r-rh2-pub"); RawClient sub = client("c33r-rh2-sub")) {
            Raw.publish1(pub, "c33r/rh2", "r", true);
            assertThat(Raw.subscribe(sub, "c33r/rh2", 0x20 | 1).reasonCodes()).containsExactly(1);
            sub.expectNothing(RawClient.QUIET);
            Raw.publish1(pub, "c33r/rh2", "live", false);
            assertThat(Raw.receiveAndAck(sub).payloadText()).isEqualTo("live");
        }
    }

    @Test
    void retainAsPublished0ClearsTheRetainFlagOfForwardedMessages_MQTT_3_3_1_12() {
        try (RawClient pub = client("c33r-rap0-pub"); RawClient sub = client("c33r-rap0-sub")) {
            // Retain Handling 2: no retained message is sent on subscribe, only the forwarded one is looked at
            assertThat(Raw.subscribe(sub, "c33r/rap0", RETAIN_HANDLING_2 | 1).reasonCodes()).containsExactly(1);
            Raw.publish1(pub, "c33r/rap0", "r", true);
            ReceivedPacket p = Raw.receiveAndAck(sub);
            assertThat(p.retain()).isFalse();
            sub.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void retainAsPublished1KeepsTheRetainFlagOfForwardedMessages_MQTT_3_3_1_13() {
        try (RawClient pub = client("c33r-rap1-pub"); RawClient sub = client("c33r-rap1-sub")) {
            assertThat(Raw.subscribe(sub, "c33r/rap1", RETAIN_HANDLING_2 | RETAIN_AS_PUBLISHED | 1).reasonCodes())
                    .containsExactly(1);
            Raw.publish1(pub, "c33r/rap1", "r", true);
            assertThat(Raw.receiveAndAck(sub).retain()).isTrue();
            Raw.publish1(pub, "c33r/rap1", "n", false);
            assertThat(Raw.receiveAndAck(sub).retain()).isFalse();
        }
    }

    @Test
    void retainedMessagesMatchingAWildcardAreAllSent_MQTT_3_3_1_9() {
        try (RawClient pub = client("c33r-wild-pub")) {
            for (String t : new String[] {"c33r/wild/a", "c33r/wild/b", "c33r/wild/b/c"}) {
                Raw.publish1(pub, t, t, true);
            }
        }
        try (RawClient sub = client("c33r-wild-sub")) {
            Raw.subscribed(sub, "c33r/wild/+", 1);
            java.util.Set<String> got = new java.util.HashSet<>();
            got.add(Raw.receiveAndAck(sub).topic());
            got.add(Raw.receiveAndAck(sub).topic());
            assertThat(got).containsExactlyInAnyOrder("c33r/wild/a", "c33r/wild/b");
            sub.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void anExpiredRetainedMessageIsNoLongerSent_MQTT_3_3_2_5() {
        try (RawClient pub = client("c33r-expiry-pub")) {
            Raw.publish1(pub, "c33r/expiry/short", Props.builder().u32(Props.MESSAGE_EXPIRY_INTERVAL, 1).build(),
                    "short", true);
            Raw.publish1(pub, "c33r/expiry/long", Props.builder().u32(Props.MESSAGE_EXPIRY_INTERVAL, 60).build(),
                    "long", true);
        }
        Raw.sleep(2_200);
        try (RawClient sub = client("c33r-expiry-sub")) {
            Raw.subscribed(sub, "c33r/expiry/+", 1);
            ReceivedPacket p = Raw.receiveAndAck(sub);
            assertThat(p.payloadText()).isEqualTo("long");
            assertThat(p.props().number(Props.MESSAGE_EXPIRY_INTERVAL)).as("remaining lifetime (MQTT-3.3.2-6)")
                    .isBetween(1L, 58L);
            sub.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void retainedMessageKeepsItsProperties_MQTT_3_3_2_15_MQTT_3_3_2_17() {
        try (RawClient pub = client("c33r-props-pub")) {
            Raw.publish1(pub, "c33r/props", Props.builder().string(Props.RESPONSE_TOPIC, "c33r/reply")
                    .userProperty("u", "1").build(), "p", true);
        }
        try (RawClient sub = client("c33r-props-sub")) {
            Raw.subscribed(sub, "c33r/props", 1);
            ReceivedPacket p = Raw.receiveAndAck(sub);
            assertThat(p.props().string(Props.RESPONSE_TOPIC)).isEqualTo("c33r/reply");
            assertThat(p.props().userProperties()).containsExactly("u=1");
        }
    }

    @Test
    void retainedMessageIsSentWithRetain1ToANewSubscriberV311_MQTT_3_3_1_8() {
        try (RawClient pub = Raw.connect311(broker, "c33r-311-pub")) {
            Raw.publish1(pub, "c33r/v311", "r", true);
        }
        try (RawClient sub = Raw.connect311(broker, "c33r-311-sub")) {
            Raw.subscribed(sub, "c33r/v311", 1);
            ReceivedPacket p = Raw.receiveAndAck(sub);
            assertThat(p.retain()).isTrue();
            // a message published while subscribed is forwarded with RETAIN 0 in 3.1.1 (MQTT-3.3.1-9)
            try (RawClient pub = Raw.connect311(broker, "c33r-311-pub")) {
                Raw.publish1(pub, "c33r/v311", "live", true);
            }
            assertThat(Raw.receiveAndAck(sub).retain()).isFalse();
        }
    }

    @Test
    void retainedMessagesAreNotSentForASharedSubscription_section_4_8_2() {
        try (RawClient pub = client("c33r-shared-pub")) {
            Raw.publish1(pub, "c33r/shared", "r", true);
        }
        try (RawClient sub = client("c33r-shared-sub")) {
            Raw.subscribed(sub, "$share/g/c33r/shared", 1);
            sub.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void qos0RetainedMessageIsStoredToo_MQTT_3_3_1_5() {
        try (RawClient pub = client("c33r-q0-pub")) {
            pub.send(Packets.publish(true, "c33r/q0", 0, true, 0, "zero"));
            // a PINGREQ round trip: the QoS 0 PUBLISH before it has been read
            pub.send(Packets.pingreq());
            pub.expect(ReceivedPacket.PINGRESP);
        }
        try (RawClient sub = client("c33r-q0-sub")) {
            // a QoS 0 PUBLISH has no ack that would say when the retained write is done: subscribe until it shows
            ReceivedPacket p = null;
            for (int attempt = 0; attempt < 10 && p == null; attempt++) {
                Raw.subscribed(sub, "c33r/q0", 1);
                p = sub.poll(java.time.Duration.ofMillis(300));
            }
            assertThat(p).as("retained QoS 0 message").isNotNull();
            assertThat(p.payloadText()).isEqualTo("zero");
            assertThat(p.qos()).isZero();
        }
    }
}
