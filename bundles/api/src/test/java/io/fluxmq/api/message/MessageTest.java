package io.fluxmq.api.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.Test;

class MessageTest {

    @Test
    void payloadIsCopiedOnBuildAndNeverExposedForWriting() {
        byte[] bytes = {1, 2, 3};
        Message m = Message.builder("a/b").payload(bytes).build();
        bytes[0] = 9;
        assertThat(m.payloadBytes()).containsExactly(1, 2, 3);
        m.payloadBytes()[1] = 9;
        assertThat(m.payloadBytes()).containsExactly(1, 2, 3);
        ByteBuffer view = m.payload();
        assertThatThrownBy(() -> view.put(0, (byte) 7)).isInstanceOf(ReadOnlyBufferException.class);
    }

    @Test
    void userPropertiesKeepOrderAndDuplicates() {
        Message m = Message.builder("t").userProperty("k", "1").userProperty("a", "x").userProperty("k", "2").build();
        assertThat(m.userProperties()).extracting(UserProperty::value).containsExactly("1", "x", "2");
        assertThat(m.userProperty("k")).isEqualTo("1");
        assertThat(m.userProperty("missing")).isNull();
    }

    @Test
    void remainingExpiryCountsWholeSecondsWaited_MQTT_3_3_2_6() {
        Message m = Message.builder("t").expiryIntervalSeconds(10).createdAtMillis(1_000_000).build();
        assertThat(m.remainingExpirySeconds(1_000_000)).isEqualTo(10);
        assertThat(m.remainingExpirySeconds(1_002_999)).isEqualTo(8);
        assertThat(m.isExpired(1_009_999)).isFalse();
        assertThat(m.isExpired(1_010_000)).isTrue();
        Message forever = Message.builder("t").build();
        assertThat(forever.remainingExpirySeconds(Long.MAX_VALUE)).isEqualTo(Message.NO_EXPIRY);
        assertThat(forever.isExpired(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void withQosSharesEverythingElse() {
        Message m = Message.builder("t").payload("hi").qos(QoS.EXACTLY_ONCE).retain(true)
                .correlationData(new byte[] {4}).contentType("text/plain").build();
        Message downgraded = m.withQos(QoS.AT_LEAST_ONCE);
        assertThat(downgraded.qos()).isEqualTo(QoS.AT_LEAST_ONCE);
        assertThat(downgraded.payloadAsString()).isEqualTo("hi");
        assertThat(downgraded.correlationData()).containsExactly(4);
        assertThat(downgraded.createdAtMillis()).isEqualTo(m.createdAtMillis());
        assertThat(m.withQos(QoS.EXACTLY_ONCE)).isSameAs(m);
        assertThat(downgraded.withQos(QoS.EXACTLY_ONCE)).isEqualTo(m);
    }

    @Test
    void qosDowngradeTakesTheMinimum_MQTT_3_8_4_8() {
        assertThat(QoS.EXACTLY_ONCE.min(QoS.AT_MOST_ONCE)).isEqualTo(QoS.AT_MOST_ONCE);
        assertThat(QoS.AT_LEAST_ONCE.min(QoS.EXACTLY_ONCE)).isEqualTo(QoS.AT_LEAST_ONCE);
        assertThatThrownBy(() -> QoS.of(3)).isInstanceOf(IllegalArgumentException.class);
    }
}
