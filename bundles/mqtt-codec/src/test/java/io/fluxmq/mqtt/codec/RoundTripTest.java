package io.fluxmq.mqtt.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.mqtt.codec.packet.ConnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttPacket;
import io.fluxmq.mqtt.codec.packet.MqttPacketType;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Encode then decode every packet type in both versions, with every property MQTT 5 allows. */
class RoundTripTest {

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void packetsFromClientsSurviveEncodeAndDecode(MqttVersion version) {
        ConnectPacket connect = version.isMqtt5() ? Samples.connect5() : Samples.connect3();
        EmbeddedChannel server = Codec.server();
        assertRoundTrip(server, connect, version);
        assertThat(server.attr(MqttDecoder.VERSION).get()).isEqualTo(version);
        List<MqttPacket> packets = Samples.fromClient(version);
        for (MqttPacket p : packets) {
            assertRoundTrip(server, p, version);
        }
        assertThat(packets.stream().map(MqttPacket::type)).contains(MqttPacketType.PUBLISH, MqttPacketType.SUBSCRIBE,
                MqttPacketType.UNSUBSCRIBE, MqttPacketType.PINGREQ, MqttPacketType.DISCONNECT);
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void packetsFromServersSurviveEncodeAndDecode(MqttVersion version) {
        EmbeddedChannel client = Codec.client(version);
        for (MqttPacket p : Samples.fromServer(version)) {
            assertRoundTrip(client, p, version);
        }
    }

    private static void assertRoundTrip(EmbeddedChannel decoderChannel, MqttPacket packet, MqttVersion version) {
        ReferenceCountUtil.retain(packet); // the encoder releases what it is given; keep it to compare
        try {
            byte[] bytes = Codec.encode(packet, version);
            assertThat(bytes).as("encodedSize of %s", packet).hasSize(MqttEncoder.encodedSize(packet, version));
            List<Object> decoded = Codec.feed(decoderChannel, bytes);
            assertThat(decoded).as("decoding %s", packet).hasSize(1);
            try {
                assertThat(decoded.get(0)).isEqualTo(packet);
            } finally {
                ReferenceCountUtil.release(decoded.get(0));
            }
        } finally {
            ReferenceCountUtil.release(packet);
        }
        assertThat(ReferenceCountUtil.refCnt(packet)).isIn(0, -1);
    }
}
