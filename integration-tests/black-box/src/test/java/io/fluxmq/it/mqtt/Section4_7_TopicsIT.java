package io.fluxmq.it.mqtt;

import static io.fluxmq.it.mqtt.Raw.assertClosedSilently;
import static io.fluxmq.it.mqtt.Raw.assertDisconnectedWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.it.MqttDistribution;
import io.fluxmq.it.mqtt.raw.Packets;
import io.fluxmq.it.mqtt.raw.Props;
import io.fluxmq.it.mqtt.raw.RawClient;
import io.fluxmq.it.mqtt.raw.ReceivedPacket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Topic names and filters (MQTT 5.0 section 4.7, and the UTF-8 rules of section 1.5.4 they rely
 * on): wildcards, matching, topics beginning with '$', validity. Statement ids are MQTT 5.0's;
 * {@code V311} tests speak MQTT 3.1.1 and cite its ids.
 */
@ExtendWith(SharedBroker.Conformance.class)
class Section4_7_TopicsIT {
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
    void wildcardsInAPublishTopicNameAreInvalid_MQTT_3_3_2_2_MQTT_4_7_0_1() {
        for (String topic : new String[] {"c47/+/x", "c47/#", "c47/a+"}) {
            try (RawClient c = client("c47-wild-pub")) {
                c.send(Packets.publish(true, topic, 0, false, 0, "x"));
                assertDisconnectedWith(c, 0x90);
            }
        }
    }

    @Test
    void wildcardsInAPublishTopicNameCloseTheConnectionV311_MQTT_3_3_2_2() {
        try (RawClient c = Raw.connect311(broker, "c47-wild-pub-311")) {
            c.send(Packets.publish(false, "c47/+/x", 1, false, 1, "x"));
            assertClosedSilently(c);
        }
    }

    @Test
    void multiLevelWildcardMustBeLastAndAloneInItsLevel_MQTT_4_7_1_1() {
        try (RawClient c = client("c47-hash")) {
            c.send(Packets.subscribe(true, 1, Props.empty(), new String[] {"c47/#/x", "c47/a#", "#", "c47/#"},
                    new int[] {0, 0, 0, 0}));
            assertThat(c.expect(ReceivedPacket.SUBACK).reasonCodes()).containsExactly(0x8F, 0x8F, 0x00, 0x00);
        }
    }

    @Test
    void multiLevelWildcardAlsoMatchesTheParentLevel_section_4_7_1_2() {
        try (RawClient sub = client("c47-parent"); RawClient pub = client("c47-parent-pub")) {
            Raw.subscribed(sub, "c47/parent/#", 0);
            for (String t : new String[] {"c47/parent", "c47/parent/a", "c47/parent/a/b"}) {
                Raw.publish1(pub, t, t, false);
                assertThat(sub.expect(ReceivedPacket.PUBLISH).topic()).isEqualTo(t);
            }
            Raw.publish1(pub, "c47/parentx", "no", false);
            sub.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void singleLevelWildcardMustOccupyAWholeLevel_MQTT_4_7_1_2() {
        try (RawClient c = client("c47-plus")) {
            c.send(Packets.subscribe(true, 1, Props.empty(), new String[] {"c47/a+", "c47/+a/x", "+", "c47/+/+"},
                    new int[] {0, 0, 0, 0}));
            assertThat(c.expect(ReceivedPacket.SUBACK).reasonCodes()).containsExactly(0x8F, 0x8F, 0x00, 0x00);
        }
    }

    @Test
    void singleLevelWildcardMatchesExactlyOneLevelIncludingAnEmptyOne_section_4_7_1_3() {
        try (RawClient sub = client("c47-one"); RawClient pub = client("c47-one-pub")) {
            Raw.subscribed(sub, "c47/one/+/end", 0);
            Raw.publish1(pub, "c47/one/x/end", "1", false);
            Raw.publish1(pub, "c47/one//end", "2", false);
            Raw.publish1(pub, "c47/one/x/y/end", "no", false);
            Raw.publish1(pub, "c47/one/end", "no", false);
            assertThat(sub.expect(ReceivedPacket.PUBLISH).payloadText()).isEqualTo("1");
            assertThat(sub.expect(ReceivedPacket.PUBLISH).payloadText()).isEqualTo("2");
            sub.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void topicsBeginningWithDollarAreNotMatchedByLeadingWildcards_MQTT_4_7_2_1() {
        try (RawClient sys = client("c47-sys"); RawClient all = client("c47-sys-all")) {
            // the broker publishes its statistics retained under $SYS/broker/ (every 10 s by default)
            Raw.subscribed(sys, "$SYS/#", 0);
            ReceivedPacket stat = sys.receive(Duration.ofSeconds(15));
            assertThat(stat.topic()).startsWith("$SYS/");
            all.send(Packets.subscribe(true, 1, Props.empty(), new String[] {"#", "+/broker/#", "+/+/+"},
                    new int[] {0, 0, 0}));
            all.expect(ReceivedPacket.SUBACK);
            // retained messages of other tests arrive on '#'; none may have a topic beginning with '$'
            List<String> topics = new ArrayList<>();
            ReceivedPacket p = all.poll(Duration.ofSeconds(1));
            while (p != null) {
                topics.add(p.topic());
                p = all.poll(Duration.ofSeconds(1));
            }
            assertThat(topics).noneMatch(t -> t.startsWith("$"));
        }
    }

    @Test
    void emptyTopicNameWithoutAliasIsAProtocolError_MQTT_4_7_3_1() {
        try (RawClient c = client("c47-emptyname")) {
            c.send(Packets.publish(true, "", 0, false, 0, "x"));
            assertDisconnectedWith(c, 0x82);
        }
    }

    @Test
    void emptyTopicFilterIsRefused_MQTT_4_7_3_1() {
        try (RawClient c = client("c47-emptyfilter")) {
            assertThat(Raw.subscribe(c, "", 0).reasonCodes()).containsExactly(0x8F);
        }
    }

    @Test
    void nullCharacterInATopicNameIsAMalformedPacket_MQTT_4_7_3_2_MQTT_1_5_4_2() {
        try (RawClient c = client("c47-nul")) {
            c.send(Packets.publish(true, "c47/a\u0000b", 0, false, 0, "x"));
            assertDisconnectedWith(c, 0x81);
        }
    }

    @Test
    void nullCharacterInATopicFilterIsAMalformedPacket_MQTT_4_7_3_2_MQTT_1_5_4_2() {
        try (RawClient c = client("c47-nul-filter")) {
            c.send(Packets.subscribe(true, 1, "c47/\u0000", 0));
            assertDisconnectedWith(c, 0x81);
        }
    }

    @Test
    void illFormedUtf8InATopicNameIsAMalformedPacket_MQTT_1_5_4_1() {
        byte[][] bad = {
            {'c', '4', '7', '/', (byte) 0xC3, 0x28},                 // a continuation byte missing
            {'c', '4', '7', '/', (byte) 0xED, (byte) 0xA0, (byte) 0x80}, // an encoded surrogate U+D800
            {'c', '4', '7', '/', (byte) 0xC0, (byte) 0xAF},           // an overlong '/'
            {'c', '4', '7', '/', (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
        for (byte[] topic : bad) {
            try (RawClient c = client("c47-utf8")) {
                c.send(Packets.publish(true, topic, 0, false, false, 0, Props.empty(), utf8("x")));
                assertDisconnectedWith(c, 0x81);
            }
        }
    }

    @Test
    void illFormedUtf8InATopicNameClosesTheConnectionV311_MQTT_1_5_3_1() {
        try (RawClient c = Raw.connect311(broker, "c47-utf8-311")) {
            c.send(Packets.publish(false, new byte[] {'c', (byte) 0xED, (byte) 0xBF, (byte) 0xBF}, 0, false, false, 0,
                    null, utf8("x")));
            assertClosedSilently(c);
        }
    }

    @Test
    void byteOrderMarkIsKeptAndMatchedAsACharacter_MQTT_1_5_4_3() {
        try (RawClient sub = client("c47-bom"); RawClient pub = client("c47-bom-pub")) {
            Raw.subscribed(sub, "c47/\uFEFFbom", 0);
            Raw.subscribed(sub, "c47/bom", 0);
            Raw.publish1(pub, "c47/\uFEFFbom", "with", false);
            ReceivedPacket p = sub.expect(ReceivedPacket.PUBLISH);
            assertThat(p.topic()).isEqualTo("c47/\uFEFFbom");
            assertThat(p.payloadText()).isEqualTo("with");
            sub.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void matchingDoesNoNormalizationAndIsCaseSensitive_MQTT_4_7_3_4() {
        try (RawClient sub = client("c47-norm"); RawClient pub = client("c47-norm-pub")) {
            Raw.subscribed(sub, "c47/caf\u00e9", 0);
            Raw.publish1(pub, "c47/cafe\u0301", "decomposed", false);
            Raw.publish1(pub, "c47/CAF\u00c9", "upper case", false);
            Raw.publish1(pub, "c47/caf\u00e9", "exact", false);
            assertThat(sub.expect(ReceivedPacket.PUBLISH).payloadText()).isEqualTo("exact");
            sub.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void aLeadingSlashMakesADistinctTopic_section_4_7_1_1() {
        try (RawClient sub = client("c47-slash"); RawClient pub = client("c47-slash-pub")) {
            Raw.subscribed(sub, "+/c47slash", 0);
            Raw.publish1(pub, "/c47slash", "leading slash: empty first level", false);
            Raw.publish1(pub, "c47slash", "single level: no match", false);
            assertThat(sub.expect(ReceivedPacket.PUBLISH).topic()).isEqualTo("/c47slash");
            sub.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void theTopicNameSentMatchesTheSubscriptionsFilter_MQTT_3_3_2_3() {
        try (RawClient sub = client("c47-match"); RawClient pub = client("c47-match-pub")) {
            Raw.subscribed(sub, "c47/match/+/x/#", 0);
            Raw.publish1(pub, "c47/match/a/x", "1", false);
            Raw.publish1(pub, "c47/match/b/x/y/z", "2", false);
            assertThat(sub.expect(ReceivedPacket.PUBLISH).topic()).isEqualTo("c47/match/a/x");
            assertThat(sub.expect(ReceivedPacket.PUBLISH).topic()).isEqualTo("c47/match/b/x/y/z");
        }
    }
}
