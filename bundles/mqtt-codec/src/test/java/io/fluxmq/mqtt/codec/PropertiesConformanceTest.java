package io.fluxmq.mqtt.codec;

import static io.fluxmq.mqtt.codec.Wire.cat;
import static io.fluxmq.mqtt.codec.Wire.noProps;
import static io.fluxmq.mqtt.codec.Wire.packet;
import static io.fluxmq.mqtt.codec.Wire.props;
import static io.fluxmq.mqtt.codec.Wire.str;
import static io.fluxmq.mqtt.codec.Wire.u16;
import static io.fluxmq.mqtt.codec.Wire.u32;
import static io.fluxmq.mqtt.codec.Wire.u8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.UserProperty;
import io.fluxmq.mqtt.codec.packet.ConnAckPacket;
import io.fluxmq.mqtt.codec.packet.ConnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttPacketType;
import io.fluxmq.mqtt.codec.packet.MqttPropertyId;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import io.netty.util.ReferenceCountUtil;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** MQTT 5 section 2.2.2: properties, which packet carries which, and how often. */
class PropertiesConformanceTest {

    /**
     * Table 2-4 of the spec, typed in again here rather than read from {@link MqttPropertyId}, so
     * that a wrong entry in the codec fails this test. "WILL" stands for the Will Properties.
     */
    private static final Map<Integer, String> SPEC_TABLE = Map.ofEntries(
            Map.entry(0x01, "PUBLISH WILL"), Map.entry(0x02, "PUBLISH WILL"), Map.entry(0x03, "PUBLISH WILL"),
            Map.entry(0x08, "PUBLISH WILL"), Map.entry(0x09, "PUBLISH WILL"), Map.entry(0x0B, "PUBLISH SUBSCRIBE"),
            Map.entry(0x11, "CONNECT CONNACK DISCONNECT"), Map.entry(0x12, "CONNACK"), Map.entry(0x13, "CONNACK"),
            Map.entry(0x15, "CONNECT CONNACK AUTH"), Map.entry(0x16, "CONNECT CONNACK AUTH"), Map.entry(0x17, "CONNECT"),
            Map.entry(0x18, "WILL"), Map.entry(0x19, "CONNECT"), Map.entry(0x1A, "CONNACK"),
            Map.entry(0x1C, "CONNACK DISCONNECT"),
            Map.entry(0x1F, "CONNACK PUBACK PUBREC PUBREL PUBCOMP SUBACK UNSUBACK DISCONNECT AUTH"),
            Map.entry(0x21, "CONNECT CONNACK"), Map.entry(0x22, "CONNECT CONNACK"), Map.entry(0x23, "PUBLISH"),
            Map.entry(0x24, "CONNACK"), Map.entry(0x25, "CONNACK"),
            Map.entry(0x26, "CONNECT CONNACK PUBLISH WILL PUBACK PUBREC PUBREL PUBCOMP SUBSCRIBE SUBACK UNSUBSCRIBE UNSUBACK DISCONNECT AUTH"),
            Map.entry(0x27, "CONNECT CONNACK"), Map.entry(0x28, "CONNACK"), Map.entry(0x29, "CONNACK"), Map.entry(0x2A, "CONNACK"));

    @Test
    void theCodecsPropertyTableIsTheSpecsTable() {
        assertThat(MqttPropertyId.values()).hasSize(SPEC_TABLE.size());
        for (MqttPropertyId id : MqttPropertyId.values()) {
            Set<String> spec = Set.of(SPEC_TABLE.get(id.id()).split(" "));
            Set<MqttPacketType> packets = EnumSet.noneOf(MqttPacketType.class);
            spec.stream().filter(s -> !s.equals("WILL")).forEach(s -> packets.add(MqttPacketType.valueOf(s)));
            assertThat(id.packets()).as("%s", id).isEqualTo(packets);
            assertThat(id.isAllowedInWill()).as("%s in will", id).isEqualTo(spec.contains("WILL"));
            assertThat(MqttPropertyId.of(id.id())).isEqualTo(id);
        }
    }

    /** One valid encoded property of each identifier. */
    private static byte[] sample(MqttPropertyId id) {
        byte[] value = switch (id.type()) {
            case BYTE -> u8(1);
            case TWO_BYTE_INTEGER -> u16(5);
            case FOUR_BYTE_INTEGER -> u32(5);
            case VARIABLE_BYTE_INTEGER -> u8(5);
            case UTF8_STRING -> str(id == MqttPropertyId.RESPONSE_TOPIC ? "r/t" : "s");
            case BINARY_DATA -> cat(u16(1), u8(7));
            case UTF8_STRING_PAIR -> cat(str("n"), str("v"));
        };
        return cat(u8(id.id()), value);
    }

    /** A CONNACK (decoded by a client) carrying one property; nothing else needed. */
    @Test
    void everyPropertyIsAcceptedWhereAllowedAndMalformedElsewhereInConnack() {
        for (MqttPropertyId id : MqttPropertyId.values()) {
            Object o = Codec.decodeAsClient(MqttVersion.MQTT_5, packet(0x20, u8(0, 0), props(sample(id))));
            if (id.isAllowedIn(MqttPacketType.CONNACK)) {
                assertThat(o).as("%s", id).isInstanceOfSatisfying(ConnAckPacket.class,
                        c -> assertThat(c.properties().contains(id)).isTrue());
            } else {
                assertThat(o).as("%s", id).isInstanceOfSatisfying(MqttDecodeFailure.class,
                        f -> assertThat(f.reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET));
            }
        }
    }

    @Test
    void everyPropertyIsAcceptedWhereAllowedAndMalformedElsewhereInPublishAndWill() {
        for (MqttPropertyId id : MqttPropertyId.values()) {
            Object o = Codec.decodeAsClient(MqttVersion.MQTT_5, packet(0x30, str("t"), props(sample(id))));
            assertThat(o instanceof MqttDecodeFailure).as("%s in PUBLISH", id).isNotEqualTo(id.isAllowedIn(MqttPacketType.PUBLISH));
            ReferenceCountUtil.release(o);
            byte[] connect = packet(0x10, str("MQTT"), u8(5, 0x06), u16(0), noProps(), str("c"), props(sample(id)), str("w"),
                    str("x"));
            List<Object> out = Codec.decodeAsServer(connect);
            assertThat(out.get(0) instanceof ConnectPacket).as("%s in will", id).isEqualTo(id.isAllowedInWill());
        }
    }

    @Test
    void aPropertyNotAllowedInThePacketIsMalformed() {
        MqttDecodeFailure f = Codec.failureAfterConnect(5, packet(0x30, str("t"), props(u8(0x13, 0, 5))));
        assertThat(f.reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
        assertThat(f.rule()).isEqualTo("section 2.2.2.2");
        assertThat(f.message()).contains("SERVER_KEEP_ALIVE");
    }

    @Test
    void anUnknownPropertyIsMalformed() {
        assertThat(Codec.failureAfterConnect(5, packet(0x30, str("t"), props(u8(0x04, 1)))).reasonCode())
                .isEqualTo(ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void aSecondCopyOfASingleValuedPropertyIsAProtocolError() {
        byte[] twice = props(cat(u8(0x03), str("a")), cat(u8(0x03), str("b")));
        MqttDecodeFailure f = Codec.failureAfterConnect(5, packet(0x30, str("t"), twice));
        assertThat(f.reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
        assertThat(f.message()).contains("CONTENT_TYPE");
    }

    @Test
    void subscribeCarriesOneSubscriptionIdentifierAtMost() {
        byte[] subscribe = packet(0x82, u16(1), props(u8(0x0B, 1), u8(0x0B, 2)), str("a"), u8(0));
        assertThat(Codec.failureAfterConnect(5, subscribe).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void subscriptionIdentifierZeroIsAProtocolError() {
        byte[] subscribe = packet(0x82, u16(1), props(u8(0x0B, 0)), str("a"), u8(0));
        assertThat(Codec.failureAfterConnect(5, subscribe).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void userPropertiesRepeatAndKeepTheirOrder_MQTT_3_1_3_10() {
        byte[] p = props(cat(u8(0x26), str("b"), str("2")), cat(u8(0x26), str("a"), str("1")), cat(u8(0x26), str("b"), str("2")));
        Object o = Codec.afterConnect(5, packet(0x30, str("t"), p));
        assertThat(o).isInstanceOfSatisfying(io.fluxmq.mqtt.codec.packet.PublishPacket.class, pub -> {
            assertThat(pub.properties().userProperties()).containsExactly(new UserProperty("b", "2"), new UserProperty("a", "1"),
                    new UserProperty("b", "2"));
            pub.release();
        });
    }

    @Test
    void zeroValuesForbiddenBySpecAreProtocolErrors() {
        byte[] receiveMax0 = packet(0x10, str("MQTT"), u8(5, 2), u16(0), props(u8(0x21, 0, 0)), str("c"));
        assertThat(Codec.failureOf(receiveMax0).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
        byte[] maxPacket0 = packet(0x10, str("MQTT"), u8(5, 2), u16(0), props(u8(0x27), u32(0)), str("c"));
        assertThat(Codec.failureOf(maxPacket0).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
        byte[] requestProblem2 = packet(0x10, str("MQTT"), u8(5, 2), u16(0), props(u8(0x17, 2)), str("c"));
        assertThat(Codec.failureOf(requestProblem2).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
        Object maximumQos2 = Codec.decodeAsClient(MqttVersion.MQTT_5, packet(0x20, u8(0, 0), props(u8(0x24, 2))));
        assertThat(maximumQos2).isInstanceOfSatisfying(MqttDecodeFailure.class,
                f -> assertThat(f.reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR));
    }

    @Test
    void aPropertyCutShortIsMalformed() {
        // Property Length 3 says: Message Expiry Interval, but only 2 of its 4 bytes follow
        MqttDecodeFailure f = Codec.failureAfterConnect(5, packet(0x30, str("t"), u8(3, 0x02, 0, 0)));
        assertThat(f.reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void fourByteIntegersAreUnsigned() {
        Object o = Codec.afterConnect(5, packet(0x30, str("t"), props(u8(0x02), u32(0xFFFF_FFFFL))));
        assertThat(o).isInstanceOfSatisfying(io.fluxmq.mqtt.codec.packet.PublishPacket.class, p -> {
            assertThat(p.properties().messageExpiryInterval()).isEqualTo(0xFFFF_FFFFL);
            p.release();
        });
    }
}
