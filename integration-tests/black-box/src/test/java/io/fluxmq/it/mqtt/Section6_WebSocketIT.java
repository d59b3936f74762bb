package io.fluxmq.it.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxmq.it.MqttDistribution;
import io.fluxmq.it.mqtt.raw.Packets;
import io.fluxmq.it.mqtt.raw.RawClient;
import io.fluxmq.it.mqtt.raw.ReceivedPacket;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.util.Arrays;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MQTT over WebSocket (MQTT 5.0 chapter 6) on the distribution's WebSocket listener, driven with
 * the JDK's WebSocket client carrying raw MQTT packets: subprotocol negotiation, binary frames
 * only, packets independent of frame boundaries.
 */
@ExtendWith(SharedBroker.Conformance.class)
class Section6_WebSocketIT {
    private static MqttDistribution broker;

    @BeforeAll
    static void broker(MqttDistribution b) {
        broker = b;
    }

    @Test
    void theServerSelectsTheMqttSubprotocol_MQTT_6_0_0_3_MQTT_6_0_0_4() throws Exception {
        WsClient ws = WsClient.open(broker, "mqtt");
        assertThat(ws.socket.getSubprotocol()).isEqualTo("mqtt");
        ws.socket.abort();
        WsClient both = WsClient.open(broker, "mqttv3.1", "mqtt");
        assertThat(both.socket.getSubprotocol()).as("mqtt preferred over mqttv3.1").isEqualTo("mqtt");
        both.socket.abort();
    }

    @Test
    void aHandshakeWithoutTheMqttSubprotocolIsRefused_MQTT_6_0_0_3() {
        assertThatThrownBy(() -> WsClient.open(broker, "chat")).satisfies(e -> assertThat(rootHandshake(e).getResponse().statusCode()).isEqualTo(400));
    }

    @Test
    void anotherPathIsNotFound() {
        assertThatThrownBy(() -> WsClient.open(URI.create(broker.wsUri().replace("/mqtt", "/other")), "mqtt"))
                .satisfies(e -> assertThat(rootHandshake(e).getResponse().statusCode()).isEqualTo(404));
    }

    @Test
    void mqttTravelsInBinaryFrames_MQTT_6_0_0_1() throws Exception {
        WsClient ws = WsClient.open(broker, "mqtt");
        ws.send(Packets.connect("c6-binary").build(), true);
        ReceivedPacket ack = ws.receive();
        assertThat(ack.type()).isEqualTo(ReceivedPacket.CONNACK);
        assertThat(ack.reasonCode()).isZero();
        ws.send(Packets.pingreq(), true);
        assertThat(ws.receive().type()).isEqualTo(ReceivedPacket.PINGRESP);
        ws.socket.abort();
    }

    @Test
    void aTextFrameClosesTheConnection_MQTT_6_0_0_1() throws Exception {
        WsClient ws = WsClient.open(broker, "mqtt");
        ws.send(Packets.connect("c6-text").build(), true);
        ws.receive();
        ws.socket.sendText("PINGREQ", true).get(5, TimeUnit.SECONDS);
        assertThat(ws.closed.get(5, TimeUnit.SECONDS)).as("close status").isEqualTo(1003);
    }

    @Test
    void aPacketMaySpanFramesAndMessagesAndAFrameMayHoldSeveralPackets_MQTT_6_0_0_2() throws Exception {
        WsClient ws = WsClient.open(broker, "mqtt");
        byte[] connect = Packets.connect("c6-frames").build();
        int half = connect.length / 2;
        // the first half as one whole message, the rest as a message in two frames
        ws.send(Arrays.copyOfRange(connect, 0, half), true);
        ws.send(Arrays.copyOfRange(connect, half, half + 3), false);
        ws.send(Arrays.copyOfRange(connect, half + 3, connect.length), true);
        assertThat(ws.receive().type()).isEqualTo(ReceivedPacket.CONNACK);
        ws.send(RawClient.concat(Packets.subscribe(true, 1, "c6/frames", 0), Packets.pingreq(),
                Packets.publish(true, "c6/frames", 0, false, 0, "both in one frame")), true);
        // three answers; the spec orders none of them against the others
        java.util.Map<String, ReceivedPacket> got = new java.util.HashMap<>();
        for (int i = 0; i < 3; i++) {
            ReceivedPacket p = ws.receive();
            got.put(p.typeName(), p);
        }
        assertThat(got).containsOnlyKeys("SUBACK", "PINGRESP", "PUBLISH");
        assertThat(got.get("PUBLISH").payloadText()).isEqualTo("both in one frame");
        ws.socket.abort();
    }

    @Test
    void aMalformedPacketOverWebSocketGetsDisconnectThenACloseFrame_section_4_13() throws Exception {
        WsClient ws = WsClient.open(broker, "mqtt");
        ws.send(Packets.connect("c6-malformed").build(), true);
        ws.receive();
        ws.send(new byte[] {(byte) 0xC1, 0}, true);
        ReceivedPacket d = ws.receive();
        assertThat(d.type()).isEqualTo(ReceivedPacket.DISCONNECT);
        assertThat(d.reasonCode()).isEqualTo(0x81);
        assertThat(ws.closed.get(5, TimeUnit.SECONDS)).as("close status").isEqualTo(1000);
    }

    private static WebSocketHandshakeException rootHandshake(Throwable e) {
        Throwable t = e;
        while (t != null && !(t instanceof WebSocketHandshakeException)) {
            t = t instanceof ExecutionException || t instanceof CompletionException || t.getCause() != null
                    ? t.getCause() : null;
        }
        assertThat(t).as("a refused handshake: " + e).isNotNull();
        return (WebSocketHandshakeException) t;
    }
}
