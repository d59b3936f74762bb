package io.fluxmq.mqtt.codec;

import static io.fluxmq.mqtt.codec.Wire.noProps;
import static io.fluxmq.mqtt.codec.Wire.packet;
import static io.fluxmq.mqtt.codec.Wire.str;
import static io.fluxmq.mqtt.codec.Wire.u16;
import static io.fluxmq.mqtt.codec.Wire.u8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.mqtt.codec.packet.DisconnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttPacketType;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.fluxmq.mqtt.codec.packet.PubRelPacket;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MQTT 5 section 2.1 (3.1.1 section 2.2): packet types, flags, Remaining Length, and packet order. */
class FixedHeaderConformanceTest {

    @ParameterizedTest
    @ValueSource(ints = {4, 5})
    void fixedHeaderFlagsOfPubrelMustBe0010_MQTT_3_6_1_1(int level) {
        for (int flags : new int[] {0b0000, 0b0011, 0b0110, 0b1010}) {
            MqttDecodeFailure f = Codec.failureAfterConnect(level, packet(0x60 | flags, u16(1)));
            assertThat(f.reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
            assertThat(f.rule()).isEqualTo("MQTT-3.6.1-1");
            assertThat(f.packetType()).isEqualTo(MqttPacketType.PUBREL);
            assertThat(f.message()).startsWith("PUBREL fixed header flags must be 0b0010, were 0b");
        }
        assertThat(Codec.afterConnect(level, packet(0x62, u16(1)))).isEqualTo(new PubRelPacket(1));
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5})
    void fixedHeaderFlagsOfSubscribeMustBe0010_MQTT_3_8_1_1(int level) {
        byte[] body = level == 5 ? Wire.cat(u16(1), noProps(), str("a"), u8(0)) : Wire.cat(u16(1), str("a"), u8(0));
        assertThat(Codec.failureAfterConnect(level, packet(0x80, body)).rule()).isEqualTo("MQTT-3.8.1-1");
        assertThat(Codec.failureAfterConnect(level, packet(0x83, body)).rule()).isEqualTo("MQTT-3.8.1-1");
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5})
    void fixedHeaderFlagsOfUnsubscribeMustBe0010_MQTT_3_10_1_1(int level) {
        byte[] body = level == 5 ? Wire.cat(u16(1), noProps(), str("a")) : Wire.cat(u16(1), str("a"));
        assertThat(Codec.failureAfterConnect(level, packet(0xA0, body)).rule()).isEqualTo("MQTT-3.10.1-1");
    }

    @Test
    void reservedFlagsOfOtherPacketsMustBe0_MQTT_2_1_3_1() {
        assertThat(Codec.failureAfterConnect(5, packet(0x41, u16(1))).rule()).isEqualTo("MQTT-2.1.3-1");
        assertThat(Codec.failureAfterConnect(5, u8(0xC8, 0)).rule()).isEqualTo("MQTT-2.1.3-1");
        assertThat(Codec.failureOf(Wire.cat(u8(0x11), java.util.Arrays.copyOfRange(Wire.connect(5), 1, Wire.connect(5).length)))
                .rule()).isEqualTo("MQTT-2.1.3-1");
    }

    @Test
    void reservedFlagsOfOtherPacketsMustBe0In311_MQTT_2_2_2_1() {
        MqttDecodeFailure f = Codec.failureAfterConnect(4, packet(0x44, u16(1)));
        assertThat(f.rule()).isEqualTo("MQTT-2.2.2-1");
        assertThat(f.response(true)).as("3.1.1 just closes (MQTT-2.2.2-2)").isEmpty();
    }

    @Test
    void reservedFlagsOfDisconnectMustBe0_MQTT_3_14_1_1() {
        MqttDecodeFailure f = Codec.failureAfterConnect(5, u8(0xE1, 0));
        assertThat(f.rule()).isEqualTo("MQTT-3.14.1-1");
        assertThat(f.response(true)).contains(new DisconnectPacket(ReasonCode.MALFORMED_PACKET));
    }

    @Test
    void reservedFlagsOfAuthMustBe0_MQTT_3_15_1_1() {
        assertThat(Codec.failureAfterConnect(5, u8(0xF2, 0)).rule()).isEqualTo("MQTT-3.15.1-1");
    }

    @Test
    void packetTypeZeroIsReserved() {
        assertThat(Codec.failureAfterConnect(5, u8(0x00, 0)).reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void authDoesNotExistIn311() {
        MqttDecodeFailure f = Codec.failureAfterConnect(4, u8(0xF0, 0));
        assertThat(f.reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
        assertThat(f.rule()).as("type 15 is reserved in 3.1.1's table 2.1").isEqualTo("section 2.2.1");
    }

    @Test
    void publishWithBothQosBitsSetIsMalformed_MQTT_3_3_1_4() {
        MqttDecodeFailure f = Codec.failureAfterConnect(5, packet(0x36, str("t"), u16(1), noProps()));
        assertThat(f.reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
        assertThat(f.rule()).isEqualTo("MQTT-3.3.1-4");
        assertThat(Codec.failureAfterConnect(4, packet(0x36, str("t"), u16(1))).rule()).isEqualTo("MQTT-3.3.1-4");
    }

    @Test
    void dupMustBe0AtQos0_MQTT_3_3_1_2() {
        assertThat(Codec.failureAfterConnect(5, packet(0x38, str("t"), noProps())).rule()).isEqualTo("MQTT-3.3.1-2");
        assertThat(Codec.failureAfterConnect(4, packet(0x38, str("t"))).rule()).isEqualTo("MQTT-3.3.1-2");
    }

    @Test
    void firstPacketMustBeConnect_MQTT_3_1_0_1() {
        MqttDecodeFailure f = Codec.failureOf(packet(0x30, str("t")));
        assertThat(f.rule()).isEqualTo("MQTT-3.1.0-1");
        assertThat(f.reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
        assertThat(f.version()).isNull();
        assertThat(f.response(false)).as("nothing to say to a peer that never spoke MQTT").isEmpty();
    }

    @Test
    void firstByteIsJudgedBeforeTheRestArrives_MQTT_3_1_0_1() {
        // an HTTP request or TLS hello is refused on its first byte
        assertThat(Codec.failureOf(u8('G')).rule()).isEqualTo("MQTT-3.1.0-1");
    }

    @Test
    void secondConnectIsAProtocolError_MQTT_3_1_0_2() {
        MqttDecodeFailure f = Codec.failureAfterConnect(5, Wire.connect(5));
        assertThat(f.rule()).isEqualTo("MQTT-3.1.0-2");
        assertThat(f.response(true)).contains(new DisconnectPacket(ReasonCode.PROTOCOL_ERROR));
        assertThat(f.response(false)).as("before CONNACK, no DISCONNECT (MQTT-3.14.0-1)").hasValueSatisfying(
                p -> assertThat(p.type()).isEqualTo(MqttPacketType.CONNACK));
    }

    @ParameterizedTest
    @ValueSource(ints = {0x20, 0x90, 0xB0, 0xD0})
    void serverOnlyPacketsFromAClientAreProtocolErrors(int firstByte) {
        MqttDecodeFailure f = Codec.failureAfterConnect(5, u8(firstByte, 0));
        assertThat(f.reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x10, 0x82, 0xA2, 0xC0})
    void clientOnlyPacketsFromAServerAreProtocolErrors(int firstByte) {
        Object o = Codec.decodeAsClient(MqttVersion.MQTT_5, u8(firstByte, 0));
        assertThat(o).isInstanceOfSatisfying(MqttDecodeFailure.class,
                f -> assertThat(f.reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR));
    }

    @Test
    void disconnectFromAServerDoesNotExistIn311() {
        Object o = Codec.decodeAsClient(MqttVersion.MQTT_3_1_1, u8(0xE0, 0));
        assertThat(o).isInstanceOf(MqttDecodeFailure.class);
    }

    @Test
    void tooLargePacketEndsTheConnectionWithDisconnect0x95() {
        EmbeddedChannel ch = new EmbeddedChannel(MqttDecoder.forServer(100), new MqttEncoder());
        List<Object> out = Codec.feed(ch, Wire.connect(5), packet(0x30, str("t"), noProps(), new byte[200]));
        assertThat(out).hasSize(2);
        MqttDecodeFailure f = (MqttDecodeFailure) out.get(1);
        assertThat(f.reasonCode()).isEqualTo(ReasonCode.PACKET_TOO_LARGE);
        assertThat(f.rule()).isEqualTo("MQTT-3.2.2-15");
        assertThat(f.response(true)).contains(new DisconnectPacket(ReasonCode.PACKET_TOO_LARGE));
        ch.writeOutbound(f.response(true).orElseThrow());
        io.netty.buffer.ByteBuf written = ch.readOutbound();
        assertThat(io.netty.buffer.ByteBufUtil.getBytes(written)).containsExactly(0xE0, 1, 0x95);
        written.release();
    }

    @Test
    void tooLargePacketIn311JustCloses() {
        EmbeddedChannel ch = new EmbeddedChannel(MqttDecoder.forServer(100));
        List<Object> out = Codec.feed(ch, Wire.connect(4), packet(0x30, str("t"), new byte[200]));
        MqttDecodeFailure f = (MqttDecodeFailure) out.get(1);
        assertThat(f.reasonCode()).isEqualTo(ReasonCode.PACKET_TOO_LARGE);
        assertThat(f.response(true)).isEmpty();
    }

    @Test
    void packetOfExactlyTheMaximumSizeIsAccepted() {
        byte[] publish = packet(0x30, str("t"), noProps(), new byte[100]);
        EmbeddedChannel ch = new EmbeddedChannel(MqttDecoder.forServer(publish.length));
        List<Object> out = Codec.feed(ch, Wire.connect(5), publish);
        assertThat(out.get(1)).isInstanceOf(io.fluxmq.mqtt.codec.packet.PublishPacket.class);
        io.netty.util.ReferenceCountUtil.release(out.get(1));
        ch = new EmbeddedChannel(MqttDecoder.forServer(publish.length - 1));
        assertThat(Codec.feed(ch, Wire.connect(5), publish).get(1)).isInstanceOf(MqttDecodeFailure.class);
    }

    @Test
    void afterAFailureTheRestOfTheInputIsDiscarded() {
        EmbeddedChannel ch = Codec.server();
        List<Object> out = Codec.feed(ch, Wire.cat(Wire.connect(5), u8(0x61, 2, 0, 1), u8(0xC0, 0)), u8(0xC0, 0), Wire.connect(5));
        assertThat(out).hasSize(2);
        assertThat(out.get(1)).isInstanceOf(MqttDecodeFailure.class);
        assertThat(((MqttDecoder) ch.pipeline().first()).hasFailed()).isTrue();
    }
}
