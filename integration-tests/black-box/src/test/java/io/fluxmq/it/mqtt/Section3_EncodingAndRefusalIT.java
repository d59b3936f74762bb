package io.fluxmq.it.mqtt;

import static io.fluxmq.it.mqtt.Raw.assertDisconnectedWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.it.MqttDistribution;
import io.fluxmq.it.mqtt.raw.Bytes;
import io.fluxmq.it.mqtt.raw.Packets;
import io.fluxmq.it.mqtt.raw.Props;
import io.fluxmq.it.mqtt.raw.RawClient;
import io.fluxmq.it.mqtt.raw.ReceivedPacket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MQTT 5.0 statements about encodings and refusals that the section classes leave open: UTF-8 in
 * string pairs and in the CONNECT, PUBLISH and UNSUBSCRIBE fields a client must encode as UTF-8,
 * the empty property block, the order of a Will's User Properties, a refused CONNECT with packets
 * behind it, AUTH flags, and the absence of AUTH without an Authentication Method. Raw client.
 */
@ExtendWith(SharedBroker.Conformance.class)
class Section3_EncodingAndRefusalIT {
    /** 0xC3 0x28: a two-byte sequence whose second byte is not a continuation byte. */
    private static final byte[] ILL_FORMED = {'a', (byte) 0xC3, 0x28};
    private static MqttDistribution broker;

    @BeforeAll
    static void broker(MqttDistribution b) {
        broker = b;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The broker refused the CONNECT: it closed, after at most one CONNACK with a code of 0x80 or more. */
    private static void assertConnectRefused(RawClient c) {
        List<ReceivedPacket> before = c.awaitClose();
        assertThat(before.size()).as("packets before the close: " + before).isLessThanOrEqualTo(1);
        if (!before.isEmpty()) {
            assertThat(before.get(0).type()).isEqualTo(ReceivedPacket.CONNACK);
            assertThat(before.get(0).reasonCode()).as(before.get(0).toString()).isGreaterThanOrEqualTo(0x80);
        }
    }

    /** A CONNECT written field by field: flags as given, then the payload fields given. */
    private static byte[] connect(int flags, byte[]... payloadFields) {
        Bytes b = new Bytes().string("MQTT").u8(5).u8(flags).u16(60).raw(Props.empty());
        for (byte[] f : payloadFields) {
            b.raw(f);
        }
        return Bytes.frame(0x10, b.toByteArray());
    }

    private static byte[] str(byte[] raw) {
        return new Bytes().stringBytes(raw).toByteArray();
    }

    @Test
    void illFormedUtf8InAUserPropertyIsAMalformedPacket_MQTT_1_5_7_1() {
        try (RawClient c = Raw.connect5(broker, "genc-pair")) {
            byte[] props = Props.builder().raw(new Bytes().u8(Props.USER_PROPERTY).string("k").stringBytes(ILL_FORMED)
                    .toByteArray()).build();
            c.send(Packets.publish(true, "genc/pair", 0, false, 0, props, utf8("x")));
            assertDisconnectedWith(c, 0x81);
        }
        try (RawClient c = Raw.connect5(broker, "genc-pair-key")) {
            byte[] props = Props.builder().raw(new Bytes().u8(Props.USER_PROPERTY).stringBytes(ILL_FORMED).string("v")
                    .toByteArray()).build();
            c.send(Packets.publish(true, "genc/pair", 0, false, 0, props, utf8("x")));
            assertDisconnectedWith(c, 0x81);
        }
    }

    @Test
    void aPacketWithoutPropertiesHasAPropertyLengthOfZero_MQTT_2_2_2_1() {
        try (RawClient c = Raw.connect5(broker, "genc-nullprops"); RawClient pub = Raw.connect5(broker, "genc-nullprops-pub")) {
            c.send(Packets.subscribe(true, 0x0102, "genc/nullprops", 1));
            ReceivedPacket ack = c.expect(ReceivedPacket.SUBACK);
            assertThat(ack.body()).as("SUBACK: identifier, property length 0, one reason code").containsExactly(1, 2, 0, 1);
            Raw.publish0(pub, "genc/nullprops", "p");
            ReceivedPacket p = c.expect(ReceivedPacket.PUBLISH);
            byte[] body = p.body();
            int afterTopic = 2 + "genc/nullprops".length();
            assertThat(body[afterTopic]).as("property length of " + p).isZero();
            assertThat(p.payloadText()).isEqualTo("p");
        }
    }

    @Test
    void willFlagWithoutTheWillFieldsIsRefused_MQTT_3_1_2_9() {
        try (RawClient c = RawClient.open(broker.tcpPort())) {
            c.sendConnect(connect(0x02 | 0x04, str(utf8("genc-nowill"))), true);
            assertConnectRefused(c);
        }
    }

    @Test
    void userNameFlagWithoutAUserNameIsRefused_MQTT_3_1_2_17() {
        try (RawClient c = RawClient.open(broker.tcpPort())) {
            c.sendConnect(connect(0x02 | 0x80, str(utf8("genc-nouser"))), true);
            assertConnectRefused(c);
        }
    }

    @Test
    void illFormedUtf8WillTopicIsRefused_MQTT_3_1_3_11() {
        try (RawClient c = RawClient.open(broker.tcpPort())) {
            c.sendConnect(connect(0x02 | 0x04, str(utf8("genc-willutf8")), Props.empty(), str(ILL_FORMED), str(utf8("w"))),
                    true);
            assertConnectRefused(c);
        }
    }

    @Test
    void illFormedUtf8UserNameIsRefused_MQTT_3_1_3_12() {
        try (RawClient c = RawClient.open(broker.tcpPort())) {
            c.sendConnect(connect(0x02 | 0x80, str(utf8("genc-userutf8")), str(ILL_FORMED)), true);
            assertConnectRefused(c);
        }
    }

    @Test
    void illFormedUtf8ResponseTopicIsAMalformedPacket_MQTT_3_3_2_13() {
        try (RawClient c = Raw.connect5(broker, "genc-resp")) {
            byte[] props = Props.builder().raw(new Bytes().u8(Props.RESPONSE_TOPIC).stringBytes(ILL_FORMED).toByteArray())
                    .build();
            c.send(Packets.publish(true, "genc/resp", 0, false, 0, props, utf8("x")));
            assertDisconnectedWith(c, 0x81);
        }
    }

    @Test
    void illFormedUtf8ContentTypeIsAMalformedPacket_MQTT_3_3_2_19() {
        try (RawClient c = Raw.connect5(broker, "genc-ctype")) {
            byte[] props = Props.builder().raw(new Bytes().u8(Props.CONTENT_TYPE).stringBytes(ILL_FORMED).toByteArray())
                    .build();
            c.send(Packets.publish(true, "genc/ctype", 0, false, 0, props, utf8("x")));
            assertDisconnectedWith(c, 0x81);
        }
    }

    @Test
    void illFormedUtf8InAnUnsubscribeFilterIsAMalformedPacket_MQTT_3_10_3_1() {
        try (RawClient c = Raw.connect5(broker, "genc-unsub")) {
            c.send(Bytes.frame(0xA2, new Bytes().u16(5).raw(Props.empty()).stringBytes(ILL_FORMED).toByteArray()));
            assertDisconnectedWith(c, 0x81);
        }
    }

    @Test
    void theWillKeepsTheOrderOfItsUserProperties_MQTT_3_1_3_10() {
        try (RawClient w = Raw.connect5(broker, "genc-willorder-w")) {
            Raw.subscribed(w, "genc/willorder", 1);
            RawClient c = RawClient.open(broker.tcpPort());
            c.connectOk(Packets.connect("genc-willorder").will("genc/willorder", "bye", 1, false).willProperties(
                    Props.builder().userProperty("k", "2").userProperty("a", "1").userProperty("k", "1").build()));
            c.abort();
            ReceivedPacket will = Raw.receiveAndAck(w);
            assertThat(will.payloadText()).isEqualTo("bye");
            assertThat(will.props().userProperties()).containsExactly("k=2", "a=1", "k=1");
        }
    }

    @Test
    void nothingSentAfterARefusedConnectIsProcessed_MQTT_3_1_4_6() {
        try (RawClient c = RawClient.open(broker.tcpPort())) {
            byte[] refused = Packets.connect("genc-refused").properties(
                    Props.builder().string(Props.AUTHENTICATION_METHOD, "NO-SUCH-METHOD").build()).build();
            c.sendConnect(RawClient.concat(refused,
                    Packets.publish(true, "genc/refused", 1, true, 1, "must not be stored"),
                    Packets.subscribe(true, 2, "genc/refused", 1)), true);
            Raw.assertRefusedWith(c, 0x8C);
        }
        try (RawClient s = Raw.connect5(broker, "genc-refused-check")) {
            Raw.subscribed(s, "genc/refused", 1);
            s.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void authWithReservedFlagBitsSetClosesTheConnection_MQTT_3_15_1_1() {
        try (RawClient c = Raw.connect5(broker, "genc-authflags")) {
            c.send(Bytes.frame(0xF1, new Bytes().u8(0x18).raw(Props.empty()).toByteArray()));
            List<ReceivedPacket> before = c.awaitClose();
            assertThat(before).hasSize(1);
            assertThat(before.get(0).type()).isEqualTo(ReceivedPacket.DISCONNECT);
            // the packet has two faults (its flags, and AUTH without an Authentication Method); the receiver may
            // report either (section 4.13.2)
            assertThat(before.get(0).reasonCode()).isIn(0x81, 0x82);
        }
    }

    @Test
    void withoutAnAuthenticationMethodTheServerSendsNoAuthAndNoMethod_MQTT_4_12_0_6() {
        try (RawClient c = RawClient.open(broker.tcpPort())) {
            ReceivedPacket ack = c.connectOk(Packets.connect("genc-noauth"));
            assertThat(ack.props().has(Props.AUTHENTICATION_METHOD)).as(ack.toString()).isFalse();
            assertThat(ack.props().has(Props.AUTHENTICATION_DATA)).as(ack.toString()).isFalse();
            c.send(Packets.pingreq());
            assertThat(c.receive().type()).as("the packet after CONNACK").isEqualTo(ReceivedPacket.PINGRESP);
            c.expectNothing(RawClient.QUIET);
        }
    }

    @Test
    void nullCharacterInATopicNameClosesTheConnectionV311_MQTT_1_5_3_2() {
        try (RawClient c = Raw.connect311(broker, "genc-null-311")) {
            c.send(Packets.publish(false, new byte[] {'a', 0, 'b'}, 0, false, false, 0, new byte[0], utf8("x")));
            Raw.assertClosedSilently(c);
        }
    }

    @Test
    void packetIdentifierZeroClosesTheConnectionV311_MQTT_2_3_1_1() {
        try (RawClient c = Raw.connect311(broker, "genc-pid0-311")) {
            c.send(Packets.publish(false, "genc/pid0", 1, false, 0, "x"));
            Raw.assertClosedSilently(c);
        }
        try (RawClient c = Raw.connect311(broker, "genc-pid0-sub-311")) {
            c.send(Packets.subscribe(false, 0, "genc/pid0", 0));
            Raw.assertClosedSilently(c);
        }
    }
}
