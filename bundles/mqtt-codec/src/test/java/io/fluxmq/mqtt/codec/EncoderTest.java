package io.fluxmq.mqtt.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxmq.api.message.QoS;
import io.fluxmq.mqtt.codec.packet.AuthPacket;
import io.fluxmq.mqtt.codec.packet.ConnAckPacket;
import io.fluxmq.mqtt.codec.packet.DisconnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttPacket;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.fluxmq.mqtt.codec.packet.PubAckPacket;
import io.fluxmq.mqtt.codec.packet.PublishPacket;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import io.fluxmq.mqtt.codec.packet.SubAckPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EncoderTest {

    @Test
    void publishPayloadIsWrittenWithoutACopyAndReleasedAfterTheWrite() {
        ByteBuf payload = Unpooled.wrappedBuffer(new byte[] {7, 8, 9});
        PublishPacket p = new PublishPacket("a/b", QoS.AT_LEAST_ONCE, false, false, 10, MqttProperties.EMPTY, payload);
        EmbeddedChannel ch = new EmbeddedChannel(new MqttEncoder(MqttVersion.MQTT_3_1_1));
        ch.writeOutbound(p);
        ByteBuf header = ch.readOutbound();
        ByteBuf body = ch.readOutbound();
        assertThat(ByteBufUtil.getBytes(header)).containsExactly(0x32, 10, 0, 3, 'a', '/', 'b', 0, 10);
        assertThat(body.array()).as("the payload's own memory").isSameAs(payload.array());
        assertThat(ByteBufUtil.getBytes(body)).containsExactly(7, 8, 9);
        assertThat(payload.refCnt()).as("the packet's reference is released, the write holds one").isEqualTo(1);
        header.release();
        body.release();
        assertThat(payload.refCnt()).isZero();
    }

    @Test
    void aPayloadSharedBetweenPacketsSurvivesEachWrite() {
        ByteBuf payload = Unpooled.wrappedBuffer(new byte[] {1});
        PublishPacket first = new PublishPacket("a", QoS.AT_MOST_ONCE, false, false, 0, MqttProperties.EMPTY, payload);
        PublishPacket second = first.withHeader("b", QoS.AT_LEAST_ONCE, false, true, 5, MqttProperties.EMPTY);
        assertThat(payload.refCnt()).isEqualTo(2);
        assertThat(Codec.encode(first, MqttVersion.MQTT_5)).endsWith(1);
        assertThat(payload.refCnt()).isEqualTo(1);
        assertThat(Codec.encode(second, MqttVersion.MQTT_5)).startsWith(0x33);
        assertThat(payload.refCnt()).isZero();
    }

    @Test
    void mqtt311LeavesOutPropertiesAndMapsReasonCodes() {
        MqttProperties props = Samples.reason();
        assertThat(Codec.encode(new ConnAckPacket(true, ReasonCode.SUCCESS, props), MqttVersion.MQTT_3_1_1))
                .containsExactly(0x20, 2, 1, 0);
        assertThat(Codec.encode(new ConnAckPacket(false, ReasonCode.BANNED), MqttVersion.MQTT_3_1_1)).containsExactly(0x20, 2, 0, 5);
        assertThat(Codec.encode(new ConnAckPacket(false, ReasonCode.BAD_AUTHENTICATION_METHOD), MqttVersion.MQTT_3_1_1))
                .containsExactly(0x20, 2, 0, 4);
        assertThat(Codec.encode(new ConnAckPacket(false, ReasonCode.SERVER_BUSY), MqttVersion.MQTT_3_1_1))
                .containsExactly(0x20, 2, 0, 3);
        assertThat(Codec.encode(new PubAckPacket(5, ReasonCode.QUOTA_EXCEEDED, props), MqttVersion.MQTT_3_1_1))
                .containsExactly(0x40, 2, 0, 5);
        assertThat(Codec.encode(new SubAckPacket(1, List.of(ReasonCode.GRANTED_QOS_2, ReasonCode.TOPIC_FILTER_INVALID), props),
                MqttVersion.MQTT_3_1_1)).containsExactly(0x90, 4, 0, 1, 2, 0x80);
        assertThat(Codec.encode(new DisconnectPacket(ReasonCode.SERVER_SHUTTING_DOWN, props), MqttVersion.MQTT_3_1_1))
                .containsExactly(0xE0, 0);
    }

    @Test
    void mqtt5UsesTheShortFormsTheSpecAllows() {
        assertThat(Codec.encode(new PubAckPacket(1), MqttVersion.MQTT_5)).containsExactly(0x40, 2, 0, 1);
        assertThat(Codec.encode(new PubAckPacket(1, ReasonCode.NO_MATCHING_SUBSCRIBERS, MqttProperties.EMPTY), MqttVersion.MQTT_5))
                .containsExactly(0x40, 3, 0, 1, 0x10);
        assertThat(Codec.encode(DisconnectPacket.NORMAL, MqttVersion.MQTT_5)).containsExactly(0xE0, 0);
        assertThat(Codec.encode(new DisconnectPacket(ReasonCode.SESSION_TAKEN_OVER), MqttVersion.MQTT_5))
                .containsExactly(0xE0, 1, 0x8E);
        assertThat(Codec.encode(new AuthPacket(ReasonCode.SUCCESS, MqttProperties.EMPTY), MqttVersion.MQTT_5))
                .containsExactly(0xF0, 0);
        assertThat(Codec.encode(new AuthPacket(ReasonCode.RE_AUTHENTICATE, MqttProperties.EMPTY), MqttVersion.MQTT_5))
                .containsExactly(0xF0, 2, 0x19, 0);
        assertThat(Codec.encode(new ConnAckPacket(false, ReasonCode.SUCCESS), MqttVersion.MQTT_5)).containsExactly(0x20, 3, 0, 0, 0);
    }

    @Test
    void theEncoderFollowsTheVersionTheDecoderNegotiated() {
        EmbeddedChannel ch = Codec.server();
        Codec.feed(ch, Wire.connect(4));
        ch.writeOutbound(new ConnAckPacket(false, ReasonCode.SUCCESS, Samples.reason()));
        ByteBuf b = ch.readOutbound();
        assertThat(ByteBufUtil.getBytes(b)).containsExactly(0x20, 2, 0, 0);
        b.release();
    }

    private static Throwable writeFailure(EmbeddedChannel ch, MqttPacket p) {
        ChannelFuture f = ch.writeAndFlush(p);
        assertThat(f.isDone()).isTrue();
        return f.cause();
    }

    @Test
    void whatTheVersionCannotSayFailsTheWriteAndReleasesThePacket() {
        EmbeddedChannel ch = new EmbeddedChannel(new MqttEncoder(MqttVersion.MQTT_3_1_1));
        assertThat(writeFailure(ch, new AuthPacket(ReasonCode.SUCCESS, MqttProperties.EMPTY))).isInstanceOf(EncoderException.class);
        ByteBuf payload = Unpooled.buffer(4).writeInt(1);
        PublishPacket aliasOnly = new PublishPacket("", QoS.AT_MOST_ONCE, false, false, 0,
                MqttProperties.builder().topicAlias(1).build(), payload);
        assertThat(writeFailure(ch, aliasOnly)).isInstanceOf(EncoderException.class);
        assertThat(payload.refCnt()).isZero();
        assertThat((Object) ch.readOutbound()).isNull();
    }

    @Test
    void aPropertyThePacketMayNotCarryIsRefused() {
        EmbeddedChannel ch = new EmbeddedChannel(new MqttEncoder(MqttVersion.MQTT_5));
        PubAckPacket withAlias = new PubAckPacket(1, ReasonCode.SUCCESS, MqttProperties.builder().topicAlias(3).build());
        assertThat(writeFailure(ch, withAlias)).isInstanceOf(EncoderException.class).hasMessageContaining("TOPIC_ALIAS");
        assertThatThrownBy(() -> MqttEncoder.encodedSize(withAlias, MqttVersion.MQTT_5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutANegotiatedVersionNothingIsWritten() {
        EmbeddedChannel ch = new EmbeddedChannel(new MqttEncoder());
        assertThat(writeFailure(ch, new PubAckPacket(1))).isInstanceOf(EncoderException.class);
    }

    @Test
    void encodedSizeCountsFixedHeaderAndPayload() {
        PublishPacket p = new PublishPacket("t", QoS.AT_MOST_ONCE, false, false, 0, MqttProperties.EMPTY,
                Unpooled.wrappedBuffer(new byte[200]));
        // 1 type byte, 2 length bytes (Remaining Length 203), 3 topic bytes, 200 payload bytes
        assertThat(MqttEncoder.encodedSize(p, MqttVersion.MQTT_3_1_1)).isEqualTo(1 + 2 + 3 + 200);
        assertThat(MqttEncoder.encodedSize(p, MqttVersion.MQTT_5)).isEqualTo(1 + 2 + 3 + 1 + 200);
        assertThat(p.refCnt()).as("sizing does not consume the packet").isEqualTo(1);
        p.release();
    }

    @Test
    void fitToMaximumPacketSizeDropsReasonStringThenUserProperties_MQTT_3_4_2_2_MQTT_3_4_2_3() {
        MqttProperties props = MqttProperties.builder().reasonString("a long explanation").addUserProperty("k", "v").build();
        PubAckPacket ack = new PubAckPacket(1, ReasonCode.QUOTA_EXCEEDED, props);
        int full = MqttEncoder.encodedSize(ack, MqttVersion.MQTT_5);
        assertThat(MqttEncoder.fitToMaximumPacketSize(ack, MqttVersion.MQTT_5, full)).containsSame(ack);
        Optional<MqttPacket> smaller = MqttEncoder.fitToMaximumPacketSize(ack, MqttVersion.MQTT_5, full - 1);
        assertThat(smaller).hasValueSatisfying(p -> {
            assertThat(((PubAckPacket) p).properties().reasonString()).isNull();
            assertThat(((PubAckPacket) p).properties().userProperties()).hasSize(1);
        });
        Optional<MqttPacket> smallest = MqttEncoder.fitToMaximumPacketSize(ack, MqttVersion.MQTT_5, 5);
        assertThat(smallest).contains(new PubAckPacket(1, ReasonCode.QUOTA_EXCEEDED, MqttProperties.EMPTY));
        assertThat(MqttEncoder.encodedSize(smallest.get(), MqttVersion.MQTT_5)).isEqualTo(5);
        assertThat(MqttEncoder.fitToMaximumPacketSize(ack, MqttVersion.MQTT_5, 4)).isEmpty();
    }

    @Test
    void aPublishTooLargeForTheClientIsNeverTrimmed_MQTT_3_1_2_25() {
        PublishPacket p = new PublishPacket("t", QoS.AT_MOST_ONCE, false, false, 0, MqttProperties.builder()
                .addUserProperty("k", "v").build(), Unpooled.wrappedBuffer(new byte[100]));
        assertThat(MqttEncoder.fitToMaximumPacketSize(p, MqttVersion.MQTT_5, 50)).isEmpty();
        assertThat(MqttEncoder.fitToMaximumPacketSize(p, MqttVersion.MQTT_5, 1000)).containsSame(p);
        p.release();
    }
}
