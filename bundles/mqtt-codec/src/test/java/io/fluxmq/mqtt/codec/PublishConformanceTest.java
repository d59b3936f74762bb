package io.fluxmq.mqtt.codec;

import static io.fluxmq.mqtt.codec.Wire.cat;
import static io.fluxmq.mqtt.codec.Wire.noProps;
import static io.fluxmq.mqtt.codec.Wire.packet;
import static io.fluxmq.mqtt.codec.Wire.props;
import static io.fluxmq.mqtt.codec.Wire.str;
import static io.fluxmq.mqtt.codec.Wire.u16;
import static io.fluxmq.mqtt.codec.Wire.u8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.QoS;
import io.fluxmq.mqtt.codec.packet.DisconnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.fluxmq.mqtt.codec.packet.PubAckPacket;
import io.fluxmq.mqtt.codec.packet.PubRecPacket;
import io.fluxmq.mqtt.codec.packet.PublishPacket;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** MQTT 5 sections 3.3 to 3.7: PUBLISH and its acknowledgements. */
class PublishConformanceTest {

    @Test
    void payloadIsARetainedSliceOfTheInputNotACopy() {
        EmbeddedChannel ch = Codec.server();
        Codec.feed(ch, Wire.connect(5));
        ByteBuf input = Unpooled.wrappedBuffer(packet(0x32, str("a/b"), u16(9), noProps(), u8(1, 2, 3)));
        ch.writeInbound(input);
        PublishPacket p = ch.readInbound();
        assertThat(p.payload().hasArray()).isTrue();
        assertThat(p.payload().array()).as("same memory as the bytes received").isSameAs(input.array());
        assertThat(ByteBufUtil.getBytes(p.payload())).containsExactly(1, 2, 3);
        assertThat(input.refCnt()).as("the decoder let go; the packet holds it").isEqualTo(1);
        assertThat(p.release()).isTrue();
        assertThat(input.refCnt()).as("released by the packet's owner").isZero();
    }

    @Test
    void publishAtQos1NeedsANonZeroPacketIdentifier_MQTT_2_2_1_3() {
        MqttDecodeFailure f = Codec.failureAfterConnect(5, packet(0x32, str("t"), u16(0), noProps()));
        assertThat(f.reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
        assertThat(f.rule()).isEqualTo("MQTT-2.2.1-3");
    }

    @Test
    void publishAtQos2NeedsANonZeroPacketIdentifierIn311_MQTT_2_3_1_1() {
        assertThat(Codec.failureAfterConnect(4, packet(0x34, str("t"), u16(0))).rule()).isEqualTo("MQTT-2.3.1-1");
    }

    @Test
    void topicNameMustNotContainWildcards_MQTT_3_3_2_2() {
        MqttDecodeFailure f = Codec.failureAfterConnect(5, packet(0x30, str("a/+"), noProps()));
        assertThat(f.reasonCode()).isEqualTo(ReasonCode.TOPIC_NAME_INVALID);
        assertThat(f.rule()).isEqualTo("MQTT-3.3.2-2");
        assertThat(f.response(true)).contains(new DisconnectPacket(ReasonCode.TOPIC_NAME_INVALID));
        assertThat(Codec.failureAfterConnect(4, packet(0x30, str("#"))).rule()).isEqualTo("MQTT-3.3.2-2");
    }

    @Test
    void topicNameMustBeUtf8_MQTT_3_3_2_1() {
        byte[] p = packet(0x30, Wire.lengthPrefixed(u8(0xC3, 0x28)), noProps());
        assertThat(Codec.failureAfterConnect(5, p).rule()).isEqualTo("MQTT-1.5.4-1");
    }

    @Test
    void emptyTopicWithATopicAliasIsLeftToTheBroker() {
        Object o = Codec.afterConnect(5, packet(0x30, str(""), props(u8(0x23, 0, 4)), u8('x')));
        assertThat(o).isInstanceOfSatisfying(PublishPacket.class, p -> {
            assertThat(p.topicName()).isEmpty();
            assertThat(p.properties().topicAlias()).isEqualTo(4);
            p.release();
        });
    }

    @Test
    void emptyTopicWithoutATopicAliasIsAProtocolError_MQTT_4_7_3_1() {
        assertThat(Codec.failureAfterConnect(5, packet(0x30, str(""), noProps())).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
        assertThat(Codec.failureAfterConnect(4, packet(0x30, str(""))).rule()).isEqualTo("MQTT-4.7.3-1");
    }

    @Test
    void topicAliasZeroIsAProtocolError_MQTT_3_3_2_8() {
        MqttDecodeFailure f = Codec.failureAfterConnect(5, packet(0x30, str("t"), props(u8(0x23, 0, 0))));
        assertThat(f.reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
        assertThat(f.rule()).isEqualTo("MQTT-3.3.2-8");
    }

    @Test
    void publishFromAClientMustNotCarryASubscriptionIdentifier_MQTT_3_3_4_6() {
        MqttDecodeFailure f = Codec.failureAfterConnect(5, packet(0x30, str("t"), props(u8(0x0B, 1))));
        assertThat(f.rule()).isEqualTo("MQTT-3.3.4-6");
        assertThat(f.reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void publishFromAServerMayCarrySeveralSubscriptionIdentifiers() {
        Object o = Codec.decodeAsClient(MqttVersion.MQTT_5, packet(0x30, str("t"), props(u8(0x0B, 1), u8(0x0B, 0x80, 0x01))));
        assertThat(o).isInstanceOfSatisfying(PublishPacket.class, p -> {
            assertThat(p.properties().subscriptionIdentifiers()).containsExactly(1, 128);
            p.release();
        });
    }

    @Test
    void responseTopicMustNotContainWildcards_MQTT_3_3_2_14() {
        byte[] p = packet(0x30, str("t"), props(cat(u8(0x08), str("reply/#"))));
        assertThat(Codec.failureAfterConnect(5, p).rule()).isEqualTo("MQTT-3.3.2-14");
    }

    @Test
    void payloadFormatIndicatorIs0Or1() {
        MqttDecodeFailure f = Codec.failureAfterConnect(5, packet(0x30, str("t"), props(u8(0x01, 2))));
        assertThat(f.reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void propertiesLongerThanThePacketAreMalformed() {
        MqttDecodeFailure f = Codec.failureAfterConnect(5, packet(0x30, str("t"), u8(10, 0x01)));
        assertThat(f.reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void pubackShortFormsMeanSuccessWithoutProperties() {
        assertThat(Codec.afterConnect(5, packet(0x40, u16(3)))).isEqualTo(new PubAckPacket(3));
        assertThat(Codec.afterConnect(5, packet(0x40, u16(3), u8(0x10))))
                .isEqualTo(new PubAckPacket(3, ReasonCode.NO_MATCHING_SUBSCRIBERS, io.fluxmq.mqtt.codec.packet.MqttProperties.EMPTY));
        assertThat(Codec.afterConnect(5, packet(0x50, u16(3), u8(0x97), noProps())))
                .isEqualTo(new PubRecPacket(3, ReasonCode.QUOTA_EXCEEDED, io.fluxmq.mqtt.codec.packet.MqttProperties.EMPTY));
    }

    @Test
    void pubackMustUseAPubackReasonCode_MQTT_3_4_2_1() {
        assertThat(Codec.failureAfterConnect(5, packet(0x40, u16(3), u8(0x92))).rule()).isEqualTo("MQTT-3.4.2-1");
    }

    @Test
    void pubrecMustUseAPubrecReasonCode_MQTT_3_5_2_1() {
        assertThat(Codec.failureAfterConnect(5, packet(0x50, u16(3), u8(0x04))).rule()).isEqualTo("MQTT-3.5.2-1");
    }

    @Test
    void pubrelMustUseAPubrelReasonCode_MQTT_3_6_2_1() {
        assertThat(Codec.failureAfterConnect(5, packet(0x62, u16(3), u8(0x10))).rule()).isEqualTo("MQTT-3.6.2-1");
    }

    @Test
    void pubcompMustUseAPubcompReasonCode_MQTT_3_7_2_1() {
        assertThat(Codec.failureAfterConnect(5, packet(0x70, u16(3), u8(0x80))).rule()).isEqualTo("MQTT-3.7.2-1");
    }

    @Test
    void acknowledgementsWithPacketIdentifier0AreProtocolErrors_MQTT_2_2_1_5() {
        assertThat(Codec.failureAfterConnect(5, packet(0x40, u16(0))).rule()).isEqualTo("MQTT-2.2.1-5");
    }

    @Test
    void mqtt311AcknowledgementsAreExactlyAPacketIdentifier() {
        assertThat(Codec.afterConnect(4, packet(0x40, u16(3)))).isEqualTo(new PubAckPacket(3));
        assertThat(Codec.failureAfterConnect(4, packet(0x40, u16(3), u8(0))).reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
        assertThat(Codec.failureAfterConnect(4, packet(0x40, u8(3))).reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void publishFieldsDecodeAsSent() {
        Object o = Codec.afterConnect(4, packet(0x3D, str("a/b"), u16(0x1234), u8(9)));
        assertThat(o).isInstanceOfSatisfying(PublishPacket.class, p -> {
            assertThat(p.isDup()).isTrue();
            assertThat(p.qos()).isEqualTo(QoS.EXACTLY_ONCE);
            assertThat(p.isRetain()).isTrue();
            assertThat(p.packetId()).isEqualTo(0x1234);
            assertThat(p.topicName()).isEqualTo("a/b");
            p.release();
        });
    }
}
