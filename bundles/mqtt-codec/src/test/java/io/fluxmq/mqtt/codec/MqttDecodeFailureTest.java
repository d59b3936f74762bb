package io.fluxmq.mqtt.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.mqtt.codec.packet.ConnAckPacket;
import io.fluxmq.mqtt.codec.packet.DisconnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttPacketType;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import org.junit.jupiter.api.Test;

/** What the broker is told to send for each kind of failure (MQTT-4.13.1-1, MQTT-3.14.0-1). */
class MqttDecodeFailureTest {

    private static MqttDecodeFailure failure(ReasonCode code, MqttVersion version) {
        return new MqttDecodeFailure(code, "rule", "message", MqttPacketType.PUBLISH, version);
    }

    @Test
    void mqtt5AnswersWithConnackBeforeAndDisconnectAfterTheConnack() {
        MqttDecodeFailure f = failure(ReasonCode.PACKET_TOO_LARGE, MqttVersion.MQTT_5);
        assertThat(f.response(false)).contains(new ConnAckPacket(false, ReasonCode.PACKET_TOO_LARGE));
        assertThat(f.response(true)).contains(new DisconnectPacket(ReasonCode.PACKET_TOO_LARGE));
    }

    @Test
    void codesAPacketCannotCarryBecomeGeneralOnes() {
        MqttDecodeFailure f = failure(ReasonCode.TOPIC_FILTER_INVALID, MqttVersion.MQTT_5);
        assertThat(f.response(false)).contains(new ConnAckPacket(false, ReasonCode.UNSPECIFIED_ERROR));
        assertThat(f.response(true)).contains(new DisconnectPacket(ReasonCode.TOPIC_FILTER_INVALID));
        MqttDecodeFailure g = failure(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, MqttVersion.MQTT_5);
        assertThat(g.response(true)).contains(new DisconnectPacket(ReasonCode.PROTOCOL_ERROR));
    }

    @Test
    void mqtt311OnlyAnswersAnUnacceptableProtocolLevel() {
        assertThat(failure(ReasonCode.MALFORMED_PACKET, MqttVersion.MQTT_3_1_1).response(false)).isEmpty();
        assertThat(failure(ReasonCode.MALFORMED_PACKET, MqttVersion.MQTT_3_1_1).response(true)).isEmpty();
        assertThat(failure(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, MqttVersion.MQTT_3_1_1).response(false))
                .contains(new ConnAckPacket(false, ReasonCode.UNSUPPORTED_PROTOCOL_VERSION));
    }

    @Test
    void anUnknownVersionGetsNoAnswer() {
        assertThat(failure(ReasonCode.PROTOCOL_ERROR, null).response(false)).isEmpty();
        assertThat(failure(ReasonCode.PROTOCOL_ERROR, null).toString()).contains("rule", "PROTOCOL_ERROR(0x82)", "PUBLISH");
    }
}
