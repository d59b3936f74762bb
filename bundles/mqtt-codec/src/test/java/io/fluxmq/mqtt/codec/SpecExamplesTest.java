package io.fluxmq.mqtt.codec;

import static io.fluxmq.mqtt.codec.Wire.cat;
import static io.fluxmq.mqtt.codec.Wire.str;
import static io.fluxmq.mqtt.codec.Wire.u8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.QoS;
import io.fluxmq.mqtt.codec.packet.ConnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.fluxmq.mqtt.codec.packet.PingReqPacket;
import io.fluxmq.mqtt.codec.packet.PingRespPacket;
import io.fluxmq.mqtt.codec.packet.PublishPacket;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The non-normative examples of the specs, byte for byte, both ways. */
class SpecExamplesTest {

    /** MQTT 5 section 3.1.2.12: variable header with Session Expiry Interval 10. */
    @Test
    void mqtt5ConnectVariableHeaderExample() {
        byte[] variableHeader = u8(0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0xC2, 0x00, 0x0A, 0x05, 0x11, 0x00, 0x00, 0x00, 0x0A);
        byte[] bytes = Wire.packet(0x10, variableHeader, str("id"), str("user"), str("pw"));
        List<Object> out = Codec.decodeAsServer(bytes);
        ConnectPacket c = (ConnectPacket) out.get(0);
        assertThat(c.version()).isEqualTo(MqttVersion.MQTT_5);
        assertThat(c.cleanStart()).isTrue();
        assertThat(c.keepAliveSeconds()).isEqualTo(10);
        assertThat(c.properties().sessionExpiryInterval()).isEqualTo(10L);
        assertThat(c.username()).isEqualTo("user");
        assertThat(new String(c.password(), StandardCharsets.UTF_8)).isEqualTo("pw");
        assertThat(Codec.encode(c, MqttVersion.MQTT_5)).isEqualTo(bytes);
    }

    /** MQTT 3.1.1 section 3.1.2.10: flags 0xCE, user name, password, Will QoS 1, Will, Clean Session. */
    @Test
    void mqtt311ConnectVariableHeaderExample() {
        byte[] variableHeader = u8(0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0xCE, 0x00, 0x0A);
        byte[] bytes = Wire.packet(0x10, variableHeader, str("id"), str("will/t"), str("gone"), str("user"), str("pw"));
        ConnectPacket c = (ConnectPacket) Codec.decodeAsServer(bytes).get(0);
        assertThat(c.version()).isEqualTo(MqttVersion.MQTT_3_1_1);
        assertThat(c.will().qos()).isEqualTo(QoS.AT_LEAST_ONCE);
        assertThat(c.will().retain()).isFalse();
        assertThat(c.will().topic()).isEqualTo("will/t");
        assertThat(new String(c.will().payload(), StandardCharsets.UTF_8)).isEqualTo("gone");
        assertThat(Codec.encode(c, MqttVersion.MQTT_3_1_1)).isEqualTo(bytes);
    }

    /** MQTT 3.1.1 section 3.3.2.3: Topic Name "a/b", Packet Identifier 10. */
    @Test
    void publishVariableHeaderExample() {
        byte[] bytes = cat(u8(0x32, 9), u8(0x00, 0x03, 'a', '/', 'b', 0x00, 0x0A), u8('h', 'i'));
        Object o = Codec.afterConnect(4, bytes);
        PublishPacket p = (PublishPacket) o;
        assertThat(p.topicName()).isEqualTo("a/b");
        assertThat(p.packetId()).isEqualTo(10);
        assertThat(ByteBufUtil.getBytes(p.payload())).containsExactly('h', 'i');
        assertThat(Codec.encode(p.retain(), MqttVersion.MQTT_3_1_1)).isEqualTo(bytes);
        ReferenceCountUtil.release(p);
    }

    /** MQTT 5 section 3.8.3.2: SUBSCRIBE payload "a/b" QoS 1, "c/d" QoS 2 (here with no properties). */
    @Test
    void subscribePayloadExample() {
        byte[] bytes = cat(u8(0x82, 15, 0x00, 0x0A, 0x00), u8(0x00, 0x03, 'a', '/', 'b', 0x01), u8(0x00, 0x03, 'c', '/', 'd', 0x02));
        Object o = Codec.afterConnect(5, bytes);
        assertThat(Codec.encode((io.fluxmq.mqtt.codec.packet.MqttPacket) o, MqttVersion.MQTT_5)).isEqualTo(bytes);
    }

    @Test
    void pingPackets() {
        assertThat(Codec.encode(PingReqPacket.INSTANCE, MqttVersion.MQTT_5)).containsExactly(0xC0, 0x00);
        assertThat(Codec.encode(PingRespPacket.INSTANCE, MqttVersion.MQTT_3_1_1)).containsExactly(0xD0, 0x00);
        assertThat(Codec.decodeAsClient(MqttVersion.MQTT_5, u8(0xD0, 0x00))).isSameAs(PingRespPacket.INSTANCE);
    }
}
