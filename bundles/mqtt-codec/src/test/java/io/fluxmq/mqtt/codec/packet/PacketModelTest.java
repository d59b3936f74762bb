package io.fluxmq.mqtt.codec.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxmq.api.message.PayloadFormat;
import io.fluxmq.api.message.QoS;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The packet model refuses what could not be encoded validly. */
class PacketModelTest {

    private static ByteBuf payload() {
        return Unpooled.wrappedBuffer(new byte[] {1});
    }

    @Test
    void publishChecksItsHeader() {
        assertThatThrownBy(() -> new PublishPacket("t", QoS.AT_MOST_ONCE, true, false, 0, MqttProperties.EMPTY, payload()))
                .hasMessageContaining("MQTT-3.3.1-2");
        assertThatThrownBy(() -> new PublishPacket("t", QoS.AT_LEAST_ONCE, false, false, 0, MqttProperties.EMPTY, payload()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PublishPacket("t", QoS.AT_MOST_ONCE, false, false, 3, MqttProperties.EMPTY, payload()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PublishPacket("", QoS.AT_MOST_ONCE, false, false, 0, MqttProperties.EMPTY, payload()))
                .hasMessageContaining("topic alias");
        assertThatThrownBy(() -> new PublishPacket("a\u0000", QoS.AT_MOST_ONCE, false, false, 0, MqttProperties.EMPTY, payload()))
                .hasMessageContaining("U+0000");
        assertThatThrownBy(() -> new PublishPacket("a\uD800", QoS.AT_MOST_ONCE, false, false, 0, MqttProperties.EMPTY, payload()))
                .hasMessageContaining("surrogate");
    }

    @Test
    void publishOwnsOneReferenceToItsPayload() {
        ByteBuf b = payload();
        PublishPacket p = new PublishPacket("t", QoS.AT_MOST_ONCE, false, false, 0, MqttProperties.EMPTY, b);
        PublishPacket dup = p.retainedDuplicate();
        assertThat(b.refCnt()).isEqualTo(2);
        assertThat(dup).isEqualTo(p);
        PublishPacket other = p.withHeader("u", QoS.AT_LEAST_ONCE, true, false, 4, MqttProperties.EMPTY);
        assertThat(other.payload().unwrap()).isSameAs(b);
        assertThat(b.refCnt()).isEqualTo(3);
        assertThatThrownBy(() -> p.withHeader("u", QoS.AT_LEAST_ONCE, false, false, 0, MqttProperties.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(b.refCnt()).as("a refused header gives back its reference").isEqualTo(3);
        p.release();
        dup.release();
        other.release();
        assertThat(b.refCnt()).isZero();
        assertThat(p.toString()).contains("released");
    }

    @Test
    void acknowledgementsOnlyTakeTheirOwnReasonCodes() {
        assertThatThrownBy(() -> new PubRelPacket(1, ReasonCode.NO_MATCHING_SUBSCRIBERS, MqttProperties.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConnAckPacket(true, ReasonCode.NOT_AUTHORIZED)).hasMessageContaining("MQTT-3.2.2-6");
        assertThatThrownBy(() -> new SubAckPacket(1, List.of(ReasonCode.SUCCESS), MqttProperties.EMPTY))
                .as("0x00 in SUBACK is GRANTED_QOS_0").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PubAckPacket(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SubscribePacket(1, List.of(), MqttProperties.EMPTY)).hasMessageContaining("MQTT-3.8.3-2");
        assertThatThrownBy(() -> new UnsubscribePacket(1, List.of(), MqttProperties.EMPTY)).hasMessageContaining("MQTT-3.10.3-2");
    }

    @Test
    void bytesAreCopiedInAndOut() {
        byte[] pw = {1, 2};
        ConnectPacket c = new ConnectPacket(MqttVersion.MQTT_5, "c", true, 0, null, pw, null, MqttProperties.EMPTY);
        pw[0] = 9;
        c.password()[1] = 9;
        assertThat(c.password()).containsExactly(1, 2);
        assertThat(c.toString()).doesNotContain("1, 2");
    }

    @Test
    void propertiesBuilderEnforcesRangesAndRules() {
        MqttProperties.Builder b = MqttProperties.builder();
        assertThatThrownBy(() -> b.receiveMaximum(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.topicAlias(70_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.messageExpiryInterval(-1L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.messageExpiryInterval(0x1_0000_0000L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.payloadFormatIndicator(2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.addSubscriptionIdentifier(268_435_456)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.set(MqttPropertyId.CONTENT_TYPE, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.set(MqttPropertyId.USER_PROPERTY, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.reasonString("\u0000")).isInstanceOf(IllegalArgumentException.class);
        MqttProperties p = b.payloadFormat(PayloadFormat.UTF8).correlationData(new byte[] {1}).maximumQos(QoS.AT_MOST_ONCE)
                .retainAvailable(true).build();
        assertThat(p.payloadFormat()).isEqualTo(PayloadFormat.UTF8);
        assertThat(p.maximumQos()).isEqualTo(QoS.AT_MOST_ONCE);
        assertThat(p.retainAvailable()).isTrue();
        assertThat(p.sharedSubscriptionAvailable()).isNull();
        p.correlationData()[0] = 5;
        assertThat(p.correlationData()).containsExactly(1);
        assertThat(p).isEqualTo(p.toBuilder().build()).hasSameHashCodeAs(p.toBuilder().build());
        assertThat(p.toBuilder().reasonString("r").build()).isNotEqualTo(p);
        assertThat(MqttProperties.EMPTY.isEmpty()).isTrue();
        assertThat(MqttProperties.builder().build().isEmpty()).isTrue();
        assertThat(p.toString()).contains("CORRELATION_DATA=1 bytes");
    }
}
