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
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The control packet format (MQTT 5.0 chapter 2, with the Variable Byte Integer of 1.5.5):
 * packet types, reserved flags, Remaining Length, packet identifiers, properties, and the error
 * handling of section 4.13. Statement ids are MQTT 5.0's; {@code V311} tests cite MQTT 3.1.1's.
 */
@ExtendWith(SharedBroker.Conformance.class)
class Section2_ControlPacketFormatIT {
    private static MqttDistribution broker;

    @BeforeAll
    static void broker(MqttDistribution b) {
        broker = b;
    }

    private static RawClient client(String id) {
        return Raw.connect5(broker, id);
    }

    @Test
    void reservedPacketType0IsAMalformedPacket_section_2_1_2_MQTT_4_13_1_1() {
        try (RawClient c = client("c2-type0")) {
            c.send(new byte[] {0x00, 0x00});
            assertDisconnectedWith(c, 0x81);
        }
    }

    @Test
    void reservedPacketType15ClosesAnMqtt311ConnectionV311_section_2_2_1() {
        try (RawClient c = Raw.connect311(broker, "c2-type15-311")) {
            c.send(new byte[] {(byte) 0xF0, 0x00});
            assertClosedSilently(c);
        }
    }

    @Test
    void aPacketOnlyServersSendIsAProtocolError_section_2_1_2() {
        for (int type : new int[] {ReceivedPacket.CONNACK, ReceivedPacket.SUBACK, ReceivedPacket.UNSUBACK,
            ReceivedPacket.PINGRESP}) {
            try (RawClient c = client("c2-servertype")) {
                c.send(Bytes.frame(type << 4, type == ReceivedPacket.PINGRESP ? new byte[0] : new byte[] {0, 1, 0}));
                assertDisconnectedWith(c, 0x82);
            }
        }
    }

    @Test
    void reservedFixedHeaderFlagsMustHaveTheirListedValue_MQTT_2_1_3_1() {
        byte[][] wrong = {
            {(byte) 0xC1, 0},                     // PINGREQ with a flag
            {(byte) 0xE8, 0},                     // DISCONNECT with a flag
            {(byte) 0x41, 2, 0, 1},               // PUBACK with a flag
            {(byte) 0x60, 2, 0, 1}};              // PUBREL without its 0010 (MQTT-3.6.1-1)
        for (byte[] packet : wrong) {
            try (RawClient c = client("c2-flags")) {
                c.send(packet);
                assertDisconnectedWith(c, 0x81);
            }
        }
    }

    @Test
    void reservedFixedHeaderFlagsCloseAnMqtt311ConnectionV311_MQTT_2_2_2_2() {
        try (RawClient c = Raw.connect311(broker, "c2-flags-311")) {
            c.send(new byte[] {(byte) 0xC4, 0});
            assertClosedSilently(c);
        }
    }

    @Test
    void publishWithBothQosBitsSetIsMalformed_MQTT_3_3_1_4() {
        try (RawClient c = client("c2-qos3")) {
            byte[] p = Packets.publish(true, "c2/qos3", 2, false, 1, "x");
            p[0] = (byte) (p[0] | 0x06);
            c.send(p);
            assertDisconnectedWith(c, 0x81);
        }
    }

    @Test
    void publishAtQos0WithDupIsMalformed_MQTT_3_3_1_2() {
        try (RawClient c = client("c2-dup0")) {
            c.send(Packets.publish(true, "c2/dup0".getBytes(StandardCharsets.UTF_8), 0, false, true, 0, Props.empty(),
                    new byte[] {1}));
            assertDisconnectedWith(c, 0x81);
        }
    }

    @Test
    void packetIdentifierZeroIsAProtocolError_MQTT_2_2_1_3() {
        try (RawClient c = client("c2-pid0")) {
            c.send(Packets.publish(true, "c2/pid0", 1, false, 0, "x"));
            assertDisconnectedWith(c, 0x82);
        }
        try (RawClient c = client("c2-pid0-sub")) {
            c.send(Packets.subscribe(true, 0, "c2/pid0", 0));
            assertDisconnectedWith(c, 0x82);
        }
    }

    @Test
    void nonMinimalVariableByteIntegerIsMalformed_MQTT_1_5_5_1() {
        try (RawClient c = client("c2-varint")) {
            c.send(new byte[] {(byte) 0xC0, (byte) 0x80, 0x00}); // PINGREQ, Remaining Length 0 in two bytes
            assertDisconnectedWith(c, 0x81);
        }
    }

    @Test
    void remainingLengthOfMoreThanFourBytesIsMalformed_section_1_5_5() {
        try (RawClient c = client("c2-fivebytes")) {
            c.trySend(new byte[] {0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F});
            assertDisconnectedWith(c, 0x81);
        }
    }

    @Test
    void fieldsRunningPastTheRemainingLengthAreMalformed_MQTT_4_13_1_1() {
        try (RawClient c = client("c2-short")) {
            // a topic of length 100 in a packet whose Remaining Length leaves room for 3 bytes
            c.send(new byte[] {0x30, 5, 0, 100, 'a', 'b', 'c'});
            assertDisconnectedWith(c, 0x81);
        }
    }

    @Test
    void samePropertyTwiceIsAProtocolError_section_2_2_2_2() {
        try (RawClient c = client("c2-twice")) {
            byte[] props = Props.builder().string(Props.CONTENT_TYPE, "a").string(Props.CONTENT_TYPE, "b").build();
            c.send(Packets.publish(true, "c2/twice", 0, false, 0, props, new byte[] {1}));
            assertDisconnectedWith(c, 0x82);
        }
        try (RawClient c = RawClient.open(broker.tcpPort())) {
            byte[] props = Props.builder().u32(Props.SESSION_EXPIRY_INTERVAL, 1).u32(Props.SESSION_EXPIRY_INTERVAL, 2)
                    .build();
            c.sendConnect(Packets.connect("c2-twice-connect").properties(props));
            Raw.assertRefusedWith(c, 0x82);
        }
    }

    @Test
    void userPropertyMayAppearMoreThanOnce_section_3_3_2_3_7() {
        try (RawClient sub = client("c2-user"); RawClient pub = client("c2-user-pub")) {
            Raw.subscribed(sub, "c2/user", 0);
            Raw.publish1(pub, "c2/user", Props.builder().userProperty("a", "1").userProperty("a", "1").build(), "x", false);
            assertThat(sub.expect(ReceivedPacket.PUBLISH).props().userProperties()).containsExactly("a=1", "a=1");
        }
    }

    @Test
    void unknownPropertyIdentifierIsMalformed_section_2_2_2_2() {
        try (RawClient c = client("c2-unknown")) {
            byte[] props = Props.builder().raw((byte) 0x7F, (byte) 0).build();
            c.send(Packets.publish(true, "c2/unknown", 0, false, 0, props, new byte[] {1}));
            assertDisconnectedWith(c, 0x81);
        }
    }

    @Test
    void propertyNotAllowedInThePacketIsMalformed_section_2_2_2_2() {
        try (RawClient c = client("c2-notallowed")) {
            // Session Expiry Interval belongs to CONNECT, CONNACK and DISCONNECT, not PUBLISH
            byte[] props = Props.builder().u32(Props.SESSION_EXPIRY_INTERVAL, 5).build();
            c.send(Packets.publish(true, "c2/notallowed", 0, false, 0, props, new byte[] {1}));
            List<ReceivedPacket> before = c.awaitClose();
            assertThat(before).hasSize(1);
            assertThat(before.get(0).reasonCode()).isIn(0x81, 0x82);
        }
    }

    @Test
    void pubrelForAnUnknownIdentifierIsAnsweredWith0x92_section_3_7_2_1() {
        try (RawClient c = client("c2-pubrel-unknown")) {
            c.send(Packets.pubrel(4321));
            ReceivedPacket comp = c.expect(ReceivedPacket.PUBCOMP);
            assertThat(comp.packetId()).isEqualTo(4321);
            assertThat(comp.reasonCode()).isEqualTo(0x92);
        }
    }

    @Test
    void authWithoutAnAuthenticationExchangeIsAProtocolError_section_4_12() {
        try (RawClient c = client("c2-auth")) {
            c.send(Bytes.frame(0xF0, new Bytes().u8(0x18).raw(Props.empty()).toByteArray()));
            assertDisconnectedWith(c, 0x82);
        }
    }
}
