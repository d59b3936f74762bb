package io.fluxmq.it.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.it.MqttDistribution;
import io.fluxmq.it.mqtt.raw.Bytes;
import io.fluxmq.it.mqtt.raw.Packets;
import io.fluxmq.it.mqtt.raw.Props;
import io.fluxmq.it.mqtt.raw.RawClient;
import io.fluxmq.it.mqtt.raw.ReceivedPacket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MQTT 5.0 lets the server add a Reason String and User Properties to its acknowledgements only
 * while the packet stays within the client's Maximum Packet Size (3.4.2-2/-3,
 * 3.5.2-2/-3, 3.7.2-2/-3, 3.9.2-1/-2, 3.11.2-1/-2, 3.14.2-3/-4). A client announcing a maximum
 * just large enough for the bare packet provokes each failure acknowledgement, which must still
 * arrive, within that size.
 */
@ExtendWith(SharedBroker.Conformance.class)
class Section3_AcksWithinMaximumPacketSizeIT {
    /** The largest bare acknowledgement below: fixed header 2, identifier 2, properties 1, one code. */
    private static final int TINY = 6;
    private static MqttDistribution broker;

    @BeforeAll
    static void broker(MqttDistribution b) {
        broker = b;
    }

    private static RawClient tiny(String id) {
        RawClient c = RawClient.open(broker.tcpPort());
        c.connectOk(Packets.connect(id).properties(Props.builder().u32(Props.MAXIMUM_PACKET_SIZE, TINY).build()));
        return c;
    }

    private static int size(ReceivedPacket p) {
        return 1 + Bytes.varintOf(p.body().length).length + p.body().length;
    }

    private static void within(ReceivedPacket p, int limit) {
        assertThat(size(p)).as("size of " + p + " for a client whose Maximum Packet Size is " + limit)
                .isLessThanOrEqualTo(limit);
    }

    private static final byte[] UTF8_MARKED = Props.builder().u8(Props.PAYLOAD_FORMAT_INDICATOR, 1).build();
    private static final byte[] NOT_UTF8 = {(byte) 0xC0, (byte) 0xAF};

    @Test
    void aRefusingPubackFitsTheClientsMaximumPacketSize_MQTT_3_4_2_2_MQTT_3_4_2_3() {
        try (RawClient c = tiny("gsz-puback")) {
            c.send(Packets.publish(true, "gsz/puback".getBytes(), 1, false, false, 1, UTF8_MARKED, NOT_UTF8));
            ReceivedPacket ack = c.expect(ReceivedPacket.PUBACK);
            assertThat(ack.reasonCode()).isEqualTo(0x99);
            within(ack, TINY);
        }
    }

    @Test
    void aRefusingPubrecFitsTheClientsMaximumPacketSize_MQTT_3_5_2_2_MQTT_3_5_2_3() {
        try (RawClient c = tiny("gsz-pubrec")) {
            c.send(Packets.publish(true, "gsz/pubrec".getBytes(), 2, false, false, 2, UTF8_MARKED, NOT_UTF8));
            ReceivedPacket rec = c.expect(ReceivedPacket.PUBREC);
            assertThat(rec.reasonCode()).isEqualTo(0x99);
            within(rec, TINY);
        }
    }

    @Test
    void aPubcompForAnUnknownIdentifierFitsTheClientsMaximumPacketSize_MQTT_3_7_2_2_MQTT_3_7_2_3() {
        try (RawClient c = tiny("gsz-pubcomp")) {
            c.send(Packets.pubrel(999));
            ReceivedPacket comp = c.expect(ReceivedPacket.PUBCOMP);
            assertThat(comp.reasonCode()).isEqualTo(0x92);
            within(comp, TINY);
        }
    }

    @Test
    void aFailingSubackFitsTheClientsMaximumPacketSize_MQTT_3_9_2_1_MQTT_3_9_2_2() {
        try (RawClient c = tiny("gsz-suback")) {
            c.send(Packets.subscribe(true, 3, "gsz/#/bad", 1));
            ReceivedPacket ack = c.expect(ReceivedPacket.SUBACK);
            assertThat(ack.reasonCodes()).hasSize(1);
            assertThat(ack.reasonCodes().get(0)).as("SUBACK code for an invalid filter").isGreaterThanOrEqualTo(0x80);
            within(ack, TINY);
        }
    }

    @Test
    void anUnsubackForAnUnknownFilterFitsTheClientsMaximumPacketSize_MQTT_3_11_2_1_MQTT_3_11_2_2() {
        try (RawClient c = tiny("gsz-unsuback")) {
            c.send(Packets.unsubscribe(true, 4, "gsz/never/subscribed"));
            ReceivedPacket ack = c.expect(ReceivedPacket.UNSUBACK);
            assertThat(ack.reasonCodes()).containsExactly(0x11);
            within(ack, TINY);
        }
    }

    @Test
    void aServerDisconnectFitsTheClientsMaximumPacketSize_MQTT_3_14_2_3_MQTT_3_14_2_4() {
        try (RawClient c = tiny("gsz-disconnect")) {
            c.send(Packets.publish(true, "gsz/pid0", 1, false, 0, "x")); // packet identifier 0: Protocol Error
            ReceivedPacket d = Raw.assertDisconnectedWith(c, 0x82);
            within(d, TINY);
        }
    }

    @Test
    void aRefusingConnackCarriesNoReasonStringOrUserPropertyPastTheMaximumPacketSize_MQTT_3_2_2_19_MQTT_3_2_2_20() {
        int limit = 8;
        try (RawClient c = RawClient.open(broker.tcpPort())) {
            c.sendConnect(Packets.connect("gsz-connack").properties(Props.builder()
                    .u32(Props.MAXIMUM_PACKET_SIZE, limit).string(Props.AUTHENTICATION_METHOD, "NO-SUCH-METHOD").build()));
            java.util.List<ReceivedPacket> before = c.awaitClose();
            assertThat(before).hasSize(1);
            ReceivedPacket ack = before.get(0);
            assertThat(ack.type()).isEqualTo(ReceivedPacket.CONNACK);
            assertThat(ack.reasonCode()).isEqualTo(0x8C);
            assertThat(size(ack)).as("CONNACK size").isLessThanOrEqualTo(limit);
            assertThat(ack.props().has(Props.REASON_STRING)).as("Reason String in " + ack).isFalse();
            assertThat(ack.props().has(Props.USER_PROPERTY)).as("User Property in " + ack).isFalse();
        }
    }
}
