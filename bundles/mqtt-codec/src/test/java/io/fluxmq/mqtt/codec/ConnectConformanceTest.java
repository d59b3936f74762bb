package io.fluxmq.mqtt.codec;

import static io.fluxmq.mqtt.codec.Wire.cat;
import static io.fluxmq.mqtt.codec.Wire.noProps;
import static io.fluxmq.mqtt.codec.Wire.packet;
import static io.fluxmq.mqtt.codec.Wire.props;
import static io.fluxmq.mqtt.codec.Wire.str;
import static io.fluxmq.mqtt.codec.Wire.u16;
import static io.fluxmq.mqtt.codec.Wire.u8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.mqtt.codec.packet.ConnAckPacket;
import io.fluxmq.mqtt.codec.packet.ConnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttPacketType;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MQTT 5 section 3.1 and MQTT 3.1.1 section 3.1: CONNECT. */
class ConnectConformanceTest {

    /** CONNECT with the given flags; the payload is the client id "c" and whatever follows. */
    private static byte[] connect5(int flags, byte[]... payloadAfterClientId) {
        return packet(0x10, str("MQTT"), u8(5, flags), u16(30), noProps(), str("c"), cat(payloadAfterClientId));
    }

    private static byte[] connect3(int flags, byte[]... payloadAfterClientId) {
        return packet(0x10, str("MQTT"), u8(4, flags), u16(30), str("c"), cat(payloadAfterClientId));
    }

    /** Encodes the failure's answer as the server pipeline would, with the version the decoder set. */
    private static byte[] answer(byte[] connect) {
        EmbeddedChannel ch = Codec.server();
        List<Object> out = Codec.feed(ch, connect);
        MqttDecodeFailure f = (MqttDecodeFailure) out.get(0);
        ch.writeOutbound(f.response(false).orElseThrow());
        ByteBuf b = ch.readOutbound();
        byte[] bytes = ByteBufUtil.getBytes(b);
        b.release();
        return bytes;
    }

    @Test
    void protocolNameMustBeMqtt_MQTT_3_1_2_1() {
        MqttDecodeFailure f = Codec.failureOf(packet(0x10, str("MQTX"), u8(5, 2), u16(30), noProps(), str("c")));
        assertThat(f.rule()).isEqualTo("MQTT-3.1.2-1");
        assertThat(f.response(false)).as("not known to speak MQTT: no answer").isEmpty();
    }

    @Test
    void mqtt31IsRefusedWithReturnCode1_MQTT_3_1_2_2() {
        byte[] mqtt31 = packet(0x10, str("MQIsdp"), u8(3, 2), u16(30), str("c"));
        MqttDecodeFailure f = Codec.failureOf(mqtt31);
        assertThat(f.reasonCode()).isEqualTo(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION);
        assertThat(f.version()).isEqualTo(MqttVersion.MQTT_3_1_1);
        assertThat(answer(mqtt31)).as("3.x CONNACK, return code 0x01").containsExactly(0x20, 0x02, 0x00, 0x01);
    }

    @Test
    void unknownHigherLevelIsRefusedWithReasonCode0x84_MQTT_3_1_2_2() {
        byte[] level6 = packet(0x10, str("MQTT"), u8(6, 2), u16(30), noProps(), str("c"));
        assertThat(answer(level6)).as("MQTT 5 CONNACK 0x84, no properties").containsExactly(0x20, 0x03, 0x00, 0x84, 0x00);
    }

    @Test
    void connectPicksTheVersionForTheConnection() {
        EmbeddedChannel ch = Codec.server();
        Codec.feed(ch, Wire.connect(4));
        assertThat(ch.attr(MqttDecoder.VERSION).get()).isEqualTo(MqttVersion.MQTT_3_1_1);
        assertThat(((MqttDecoder) ch.pipeline().first()).version()).isEqualTo(MqttVersion.MQTT_3_1_1);
        // a 3.1.1 PUBLISH has no property length: the 0x00 that would be one is payload
        List<Object> out = Codec.feed(ch, packet(0x30, str("t"), u8(0, 7)));
        io.fluxmq.mqtt.codec.packet.PublishPacket p = (io.fluxmq.mqtt.codec.packet.PublishPacket) out.get(0);
        assertThat(ByteBufUtil.getBytes(p.payload())).containsExactly(0, 7);
        p.release();
    }

    @Test
    void reservedConnectFlagMustBe0_MQTT_3_1_2_3() {
        MqttDecodeFailure f = Codec.failureOf(connect5(0x03));
        assertThat(f.rule()).isEqualTo("MQTT-3.1.2-3");
        assertThat(f.response(false)).contains(new ConnAckPacket(false, ReasonCode.MALFORMED_PACKET));
        assertThat(Codec.failureOf(connect3(0x03)).response(false)).as("3.1.1 closes without CONNACK").isEmpty();
    }

    @Test
    void willQosMustBe0WithoutWillFlag_MQTT_3_1_2_11() {
        assertThat(Codec.failureOf(connect5(0x02 | 0x08)).rule()).isEqualTo("MQTT-3.1.2-11");
    }

    @Test
    void willQosMustBe0WithoutWillFlagIn311_MQTT_3_1_2_13() {
        assertThat(Codec.failureOf(connect3(0x02 | 0x10)).rule()).isEqualTo("MQTT-3.1.2-13");
    }

    @Test
    void willQosMustNotBe3_MQTT_3_1_2_12() {
        byte[] will = cat(noProps(), str("w"), str("x"));
        assertThat(Codec.failureOf(connect5(0x02 | 0x04 | 0x18, will)).rule()).isEqualTo("MQTT-3.1.2-12");
    }

    @Test
    void willQosMustNotBe3In311_MQTT_3_1_2_14() {
        assertThat(Codec.failureOf(connect3(0x02 | 0x04 | 0x18, str("w"), str("x"))).rule()).isEqualTo("MQTT-3.1.2-14");
    }

    @Test
    void willRetainMustBe0WithoutWillFlag_MQTT_3_1_2_13() {
        assertThat(Codec.failureOf(connect5(0x02 | 0x20)).rule()).isEqualTo("MQTT-3.1.2-13");
    }

    @Test
    void willRetainMustBe0WithoutWillFlagIn311_MQTT_3_1_2_15() {
        assertThat(Codec.failureOf(connect3(0x02 | 0x20)).rule()).isEqualTo("MQTT-3.1.2-15");
    }

    @Test
    void willFieldsMustBePresentWithTheWillFlag_MQTT_3_1_2_9() {
        MqttDecodeFailure f = Codec.failureOf(connect5(0x02 | 0x04));
        assertThat(f.reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void passwordWithoutUserNameIsRefusedIn311_MQTT_3_1_2_22() {
        MqttDecodeFailure f = Codec.failureOf(connect3(0x02 | 0x40, str("secret")));
        assertThat(f.rule()).isEqualTo("MQTT-3.1.2-22");
    }

    @Test
    void passwordWithoutUserNameIsAllowedInMqtt5() {
        List<Object> out = Codec.decodeAsServer(connect5(0x02 | 0x40, str("secret")));
        assertThat(out).singleElement().isInstanceOfSatisfying(ConnectPacket.class, c -> {
            assertThat(c.username()).isNull();
            assertThat(c.password()).containsExactly("secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        });
    }

    @Test
    void userNameAndPasswordArePresentWhenFlagged_MQTT_3_1_2_17_MQTT_3_1_2_19() {
        assertThat(Codec.failureOf(connect5(0x02 | 0x80)).reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
        assertThat(Codec.failureOf(connect5(0x02 | 0xC0, str("u"))).reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void bytesAfterTheLastFieldAreMalformed_MQTT_3_1_4_1() {
        MqttDecodeFailure f = Codec.failureOf(connect5(0x02, u8(0)));
        assertThat(f.rule()).isEqualTo("MQTT-3.1.4-1");
        assertThat(f.packetType()).isEqualTo(MqttPacketType.CONNECT);
        assertThat(Codec.failureOf(connect3(0x02, u8(0))).rule()).isEqualTo("MQTT-3.1.4-1");
    }

    @Test
    void willTopicWithAWildcardIsTopicNameInvalid() {
        MqttDecodeFailure f = Codec.failureOf(connect5(0x02 | 0x04, noProps(), str("w/#"), str("x")));
        assertThat(f.reasonCode()).isEqualTo(ReasonCode.TOPIC_NAME_INVALID);
        assertThat(f.rule()).isEqualTo("MQTT-3.3.2-2");
        assertThat(f.response(false)).contains(new ConnAckPacket(false, ReasonCode.TOPIC_NAME_INVALID));
    }

    @Test
    void willResponseTopicWithAWildcardIsAProtocolError_MQTT_3_3_2_14() {
        byte[] willProps = props(cat(u8(0x08), str("r/+")));
        assertThat(Codec.failureOf(connect5(0x02 | 0x04, willProps, str("w"), str("x"))).rule()).isEqualTo("MQTT-3.3.2-14");
    }

    @Test
    void authenticationDataWithoutMethodIsAProtocolError() {
        byte[] c = packet(0x10, str("MQTT"), u8(5, 2), u16(30), props(cat(u8(0x16), str("data"))), str("c"));
        MqttDecodeFailure f = Codec.failureOf(c);
        assertThat(f.reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
        assertThat(f.rule()).isEqualTo("section 3.1.2.11.10");
    }

    @Test
    void emptyClientIdAndZeroKeepAliveAreTheBrokersToJudge() {
        byte[] c = packet(0x10, str("MQTT"), u8(5, 0), u16(0), noProps(), str(""));
        assertThat(Codec.decodeAsServer(c)).singleElement().isInstanceOfSatisfying(ConnectPacket.class, p -> {
            assertThat(p.clientId()).isEmpty();
            assertThat(p.cleanStart()).isFalse();
            assertThat(p.keepAliveSeconds()).isZero();
        });
    }
}
