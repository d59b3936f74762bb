package io.fluxmq.mqtt.codec;

import static io.fluxmq.mqtt.codec.Wire.cat;
import static io.fluxmq.mqtt.codec.Wire.packet;
import static io.fluxmq.mqtt.codec.Wire.props;
import static io.fluxmq.mqtt.codec.Wire.str;
import static io.fluxmq.mqtt.codec.Wire.u32;
import static io.fluxmq.mqtt.codec.Wire.u8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.mqtt.codec.packet.AuthPacket;
import io.fluxmq.mqtt.codec.packet.DisconnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.fluxmq.mqtt.codec.packet.PingReqPacket;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import org.junit.jupiter.api.Test;

/** MQTT 5 sections 3.12 to 3.15: PINGREQ, PINGRESP, DISCONNECT, AUTH. */
class DisconnectAuthConformanceTest {

    @Test
    void pingreqHasNoBody() {
        assertThat(Codec.afterConnect(5, u8(0xC0, 0))).isSameAs(PingReqPacket.INSTANCE);
        assertThat(Codec.failureAfterConnect(5, u8(0xC0, 1, 0)).reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void disconnectShortFormsAreNormalDisconnection() {
        assertThat(Codec.afterConnect(5, u8(0xE0, 0))).isEqualTo(DisconnectPacket.NORMAL);
        assertThat(Codec.afterConnect(5, u8(0xE0, 1, 0x04))).isEqualTo(new DisconnectPacket(ReasonCode.DISCONNECT_WITH_WILL_MESSAGE));
        assertThat(Codec.afterConnect(4, u8(0xE0, 0))).isEqualTo(DisconnectPacket.NORMAL);
        assertThat(Codec.failureAfterConnect(4, u8(0xE0, 1, 0)).reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void disconnectMustUseADisconnectReasonCode_MQTT_3_14_2_1() {
        assertThat(Codec.failureAfterConnect(5, u8(0xE0, 1, 0x01)).rule()).isEqualTo("MQTT-3.14.2-1");
    }

    @Test
    void sessionExpiryIntervalMustNotComeFromTheServer_MQTT_3_14_2_2() {
        byte[] disconnect = packet(0xE0, u8(0x8B), props(cat(u8(0x11), u32(10))));
        Object o = Codec.decodeAsClient(MqttVersion.MQTT_5, disconnect);
        assertThat(o).isInstanceOfSatisfying(MqttDecodeFailure.class, f -> assertThat(f.rule()).isEqualTo("MQTT-3.14.2-2"));
        Object fromClient = Codec.afterConnect(5, packet(0xE0, u8(0x00), props(cat(u8(0x11), u32(10)))));
        assertThat(fromClient).isEqualTo(new DisconnectPacket(ReasonCode.NORMAL_DISCONNECTION,
                MqttProperties.builder().sessionExpiryInterval(10L).build()));
    }

    @Test
    void authMustUseAnAuthReasonCode_MQTT_3_15_2_1() {
        assertThat(Codec.failureAfterConnect(5, u8(0xF0, 1, 0x87)).rule()).isEqualTo("MQTT-3.15.2-1");
    }

    @Test
    void authDecodesMethodAndData() {
        byte[] auth = packet(0xF0, u8(0x18), props(cat(u8(0x15), str("SCRAM")), cat(u8(0x16), Wire.u16(2), u8(1, 2))));
        assertThat(Codec.afterConnect(5, auth)).isInstanceOfSatisfying(AuthPacket.class, a -> {
            assertThat(a.reasonCode()).isEqualTo(ReasonCode.CONTINUE_AUTHENTICATION);
            assertThat(a.properties().authenticationMethod()).isEqualTo("SCRAM");
            assertThat(a.properties().authenticationData()).containsExactly(1, 2);
        });
        assertThat(Codec.afterConnect(5, u8(0xF0, 0))).isEqualTo(new AuthPacket(ReasonCode.SUCCESS, MqttProperties.EMPTY));
    }
}
