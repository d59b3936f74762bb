package io.fluxmq.mqtt.codec;

import static io.fluxmq.mqtt.codec.Wire.noProps;
import static io.fluxmq.mqtt.codec.Wire.packet;
import static io.fluxmq.mqtt.codec.Wire.str;
import static io.fluxmq.mqtt.codec.Wire.u16;
import static io.fluxmq.mqtt.codec.Wire.u8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.QoS;
import io.fluxmq.api.router.RetainHandling;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import io.fluxmq.mqtt.codec.packet.SubAckPacket;
import io.fluxmq.mqtt.codec.packet.SubscribePacket;
import io.fluxmq.mqtt.codec.packet.SubscriptionOptions;
import io.fluxmq.mqtt.codec.packet.UnsubAckPacket;
import io.fluxmq.mqtt.codec.packet.UnsubscribePacket;
import org.junit.jupiter.api.Test;

/** MQTT 5 sections 3.8 to 3.11: SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK. */
class SubscribeConformanceTest {

    @Test
    void subscribeMustHaveAtLeastOneFilter_MQTT_3_8_3_2() {
        MqttDecodeFailure f = Codec.failureAfterConnect(5, packet(0x82, u16(1), noProps()));
        assertThat(f.reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
        assertThat(f.rule()).isEqualTo("MQTT-3.8.3-2");
    }

    @Test
    void subscribeMustHaveAtLeastOneFilterIn311_MQTT_3_8_3_3() {
        assertThat(Codec.failureAfterConnect(4, packet(0x82, u16(1))).rule()).isEqualTo("MQTT-3.8.3-3");
    }

    @Test
    void reservedSubscriptionOptionBitsMustBe0_MQTT_3_8_3_5() {
        MqttDecodeFailure f = Codec.failureAfterConnect(5, packet(0x82, u16(1), noProps(), str("a"), u8(0x40)));
        assertThat(f.reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
        assertThat(f.rule()).isEqualTo("MQTT-3.8.3-5");
    }

    @Test
    void reservedRequestedQosBitsMustBe0In311_MQTT_3_8_3_4() {
        // 3.1.1 spells this statement MQTT-3-8.3-4
        assertThat(Codec.failureAfterConnect(4, packet(0x82, u16(1), str("a"), u8(0x04))).rule()).isEqualTo("MQTT-3-8.3-4");
        assertThat(Codec.failureAfterConnect(4, packet(0x82, u16(1), str("a"), u8(0x03))).rule()).isEqualTo("MQTT-3-8.3-4");
    }

    @Test
    void maximumQos3AndRetainHandling3AreProtocolErrors() {
        assertThat(Codec.failureAfterConnect(5, packet(0x82, u16(1), noProps(), str("a"), u8(0x03))).reasonCode())
                .isEqualTo(ReasonCode.PROTOCOL_ERROR);
        assertThat(Codec.failureAfterConnect(5, packet(0x82, u16(1), noProps(), str("a"), u8(0x30))).reasonCode())
                .isEqualTo(ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void noLocalOnASharedSubscriptionIsAProtocolError_MQTT_3_8_3_4() {
        MqttDecodeFailure f = Codec.failureAfterConnect(5, packet(0x82, u16(1), noProps(), str("$share/g/a"), u8(0x04)));
        assertThat(f.rule()).isEqualTo("MQTT-3.8.3-4");
        Object ok = Codec.afterConnect(5, packet(0x82, u16(1), noProps(), str("a"), u8(0x04)));
        assertThat(ok).isInstanceOf(SubscribePacket.class);
    }

    @Test
    void subscribeWithPacketIdentifier0IsAProtocolError_MQTT_2_2_1_3() {
        assertThat(Codec.failureAfterConnect(5, packet(0x82, u16(0), noProps(), str("a"), u8(0))).rule()).isEqualTo("MQTT-2.2.1-3");
    }

    @Test
    void optionsDecodeBitByBit() {
        Object o = Codec.afterConnect(5, packet(0x82, u16(7), noProps(), str("a/#"), u8(0b0010_1110)));
        assertThat(o).isInstanceOfSatisfying(SubscribePacket.class, s -> {
            SubscriptionOptions opt = s.subscriptions().get(0).options();
            assertThat(opt).isEqualTo(new SubscriptionOptions(QoS.EXACTLY_ONCE, true, true, RetainHandling.DO_NOT_SEND));
            assertThat(opt.toByte()).isEqualTo(0b0010_1110);
            assertThat(s.packetId()).isEqualTo(7);
            assertThat(s.subscriptionIdentifier()).isZero();
        });
    }

    @Test
    void aBadTopicFilterIsLeftToTheSubackNotTheConnection() {
        Object o = Codec.afterConnect(5, packet(0x82, u16(1), noProps(), str("a/#/b"), u8(1), str(""), u8(0)));
        assertThat(o).isInstanceOfSatisfying(SubscribePacket.class,
                s -> assertThat(s.subscriptions()).extracting(sub -> sub.topicFilter()).containsExactly("a/#/b", ""));
    }

    @Test
    void unsubscribeMustHaveAtLeastOneFilter_MQTT_3_10_3_2() {
        assertThat(Codec.failureAfterConnect(5, packet(0xA2, u16(1), noProps())).rule()).isEqualTo("MQTT-3.10.3-2");
        assertThat(Codec.failureAfterConnect(4, packet(0xA2, u16(1))).rule()).isEqualTo("MQTT-3.10.3-2");
    }

    @Test
    void unsubscribeFiltersAreKeptAsSent() {
        Object o = Codec.afterConnect(4, packet(0xA2, u16(9), str("a/+"), str("$share/g/#")));
        assertThat(o).isEqualTo(new UnsubscribePacket(9, java.util.List.of("a/+", "$share/g/#"),
                io.fluxmq.mqtt.codec.packet.MqttProperties.EMPTY));
    }

    @Test
    void subackReasonCodesMustBeSubackCodes_MQTT_3_9_3_2() {
        Object o = Codec.decodeAsClient(MqttVersion.MQTT_5, packet(0x90, u16(1), noProps(), u8(0x00, 0x92)));
        assertThat(o).isInstanceOfSatisfying(MqttDecodeFailure.class, f -> assertThat(f.rule()).isEqualTo("MQTT-3.9.3-2"));
        Object v3 = Codec.decodeAsClient(MqttVersion.MQTT_3_1_1, packet(0x90, u16(1), u8(0x01, 0x80)));
        assertThat(v3).isEqualTo(new SubAckPacket(1, java.util.List.of(ReasonCode.GRANTED_QOS_1, ReasonCode.UNSPECIFIED_ERROR),
                io.fluxmq.mqtt.codec.packet.MqttProperties.EMPTY));
        assertThat(Codec.decodeAsClient(MqttVersion.MQTT_3_1_1, packet(0x90, u16(1), u8(0x87))))
                .as("0x87 is MQTT 5 only").isInstanceOf(MqttDecodeFailure.class);
    }

    @Test
    void unsubackReasonCodesMustBeUnsubackCodes_MQTT_3_11_3_2() {
        Object o = Codec.decodeAsClient(MqttVersion.MQTT_5, packet(0xB0, u16(1), noProps(), u8(0x01)));
        assertThat(o).isInstanceOfSatisfying(MqttDecodeFailure.class, f -> assertThat(f.rule()).isEqualTo("MQTT-3.11.3-2"));
        assertThat(Codec.decodeAsClient(MqttVersion.MQTT_3_1_1, packet(0xB0, u16(4))))
                .isEqualTo(new UnsubAckPacket(4, java.util.List.of(), io.fluxmq.mqtt.codec.packet.MqttProperties.EMPTY));
    }
}
