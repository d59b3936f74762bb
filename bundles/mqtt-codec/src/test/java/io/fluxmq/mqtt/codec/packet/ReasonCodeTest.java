package io.fluxmq.mqtt.codec.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** MQTT 5 section 2.4 and the reason code lists of each packet (sections 3.2.2.2 to 3.15.2.1). */
class ReasonCodeTest {

    private static List<Integer> valuesOf(MqttPacketType packet) {
        return Arrays.stream(ReasonCode.values()).filter(c -> c.isAllowedIn(packet)).map(ReasonCode::value).sorted()
                .collect(Collectors.toList());
    }

    @Test
    void eachPacketHasTheCodesItsSectionLists() {
        assertThat(valuesOf(MqttPacketType.CONNACK)).containsExactly(0x00, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88,
                0x89, 0x8A, 0x8C, 0x90, 0x95, 0x97, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9F);
        assertThat(valuesOf(MqttPacketType.PUBACK)).containsExactly(0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99);
        assertThat(valuesOf(MqttPacketType.PUBREC)).isEqualTo(valuesOf(MqttPacketType.PUBACK));
        assertThat(valuesOf(MqttPacketType.PUBREL)).containsExactly(0x00, 0x92);
        assertThat(valuesOf(MqttPacketType.PUBCOMP)).containsExactly(0x00, 0x92);
        assertThat(valuesOf(MqttPacketType.SUBACK)).containsExactly(0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8F, 0x91, 0x97, 0x9E,
                0xA1, 0xA2);
        assertThat(valuesOf(MqttPacketType.UNSUBACK)).containsExactly(0x00, 0x11, 0x80, 0x83, 0x87, 0x8F, 0x91);
        assertThat(valuesOf(MqttPacketType.DISCONNECT)).containsExactly(0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8B,
                0x8C, 0x8D, 0x8E, 0x8F, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F, 0xA0,
                0xA1, 0xA2);
        assertThat(valuesOf(MqttPacketType.AUTH)).containsExactly(0x00, 0x18, 0x19);
        assertThat(valuesOf(MqttPacketType.CONNECT)).isEmpty();
    }

    @Test
    void zeroHasThreeNames() {
        assertThat(ReasonCode.of(MqttPacketType.SUBACK, 0)).isEqualTo(ReasonCode.GRANTED_QOS_0);
        assertThat(ReasonCode.of(MqttPacketType.DISCONNECT, 0)).isEqualTo(ReasonCode.NORMAL_DISCONNECTION);
        assertThat(ReasonCode.of(MqttPacketType.PUBACK, 0)).isEqualTo(ReasonCode.SUCCESS);
        assertThat(ReasonCode.of(MqttPacketType.PUBACK, 0x92)).isNull();
        assertThat(ReasonCode.of(MqttPacketType.PUBACK, 300)).isNull();
    }

    @Test
    void mqtt311ReturnCodesMapBothWays() {
        for (int rc = 0; rc <= 5; rc++) {
            assertThat(ReasonCode.ofMqtt3ConnectReturnCode(rc).mqtt3ConnectReturnCode()).isEqualTo(rc);
        }
        assertThat(ReasonCode.ofMqtt3ConnectReturnCode(6)).isNull();
        assertThat(ReasonCode.QUOTA_EXCEEDED.mqtt3ConnectReturnCode()).as("server unavailable").isEqualTo(3);
        assertThat(ReasonCode.GRANTED_QOS_1.mqtt3SubscribeReturnCode()).isEqualTo(1);
        assertThat(ReasonCode.NOT_AUTHORIZED.mqtt3SubscribeReturnCode()).isEqualTo(0x80);
        assertThat(ReasonCode.PACKET_TOO_LARGE.toString()).isEqualTo("PACKET_TOO_LARGE(0x95)");
    }
}
