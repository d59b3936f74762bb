package io.fluxmq.transport.websocket.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * MQTT section 6, "Using WebSocket as a network transport", one test or more per normative
 * statement, with the JDK's WebSocket client and, where boundaries matter, the raw client.
 */
class MqttOverWebSocketSpecTest extends ListenerFixture {

    @BeforeEach
    void listen() {
        start();
    }

    @Test
    @DisplayName("MQTT-6.0.0-1: packets travel in binary frames and reach the protocol as plain bytes")
    void binaryFramesReachTheProtocol() throws Exception {
        byte[] connect = MqttBytes.connect("browser-1");
        try (WsClient c = WsClient.connect(http, uri("/mqtt"), b -> b.subprotocols("mqtt"))) {
            c.send(connect, true);
            assertThat(c.awaitBytes(connect.length)).isEqualTo(connect);
        }
        assertThat(echo.connections).singleElement().satisfies(info -> {
            assertThat(info.transport()).isEqualTo("ws");
            assertThat(info.secure()).isFalse();
            assertThat(info.listener()).isEqualTo("ws-test");
            assertThat(info.remote().getAddress().isLoopbackAddress()).isTrue();
        });
        assertThat(echo.unexpected).isNull();
    }

    @Test
    @DisplayName("MQTT-6.0.0-1: a text frame closes the connection with 1003")
    void textFrameClosesTheConnection() throws Exception {
        try (WsClient c = WsClient.connect(http, uri("/mqtt"), b -> b.subprotocols("mqtt"))) {
            c.ws.sendText("{\"not\":\"mqtt\"}", true).get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(c.awaitClose()).isEqualTo(1003);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.connectionCount() == 0);
        assertThat(stage.refusals().count(Refusals.Reason.TEXT_FRAME)).isEqualTo(1);
    }

    @Test
    @DisplayName("MQTT-6.0.0-1: a text frame in the middle of binary traffic closes with 1003, nothing of it passes")
    void textFrameAfterBinaryTraffic() throws Exception {
        try (RawWebSocket raw = new RawWebSocket(port())) {
            raw.upgrade("/mqtt");
            raw.sendFrame(true, RawWebSocket.BINARY, new byte[] {(byte) 0xC0, 0});   // PINGREQ
            assertThat(raw.readBinary(2)).containsExactly(0xC0, 0);
            raw.sendFrame(false, RawWebSocket.TEXT, "te".getBytes());
            RawWebSocket.Frame close = raw.readFrame();
            assertThat(close.opcode()).isEqualTo(RawWebSocket.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1003);
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    @DisplayName("MQTT-6.0.0-2: one packet split over several frames passes through byte-exact")
    void packetSplitOverFrames() throws Exception {
        byte[] publish = MqttBytes.publish("sensors/42/temperature", 1500);
        try (WsClient c = WsClient.connect(http, uri("/mqtt"), b -> b.subprotocols("mqtt"))) {
            // Binary frame, then continuations: split inside the fixed header, the topic and the payload.
            c.send(MqttBytes.slice(publish, 0, 1), false);
            c.send(MqttBytes.slice(publish, 1, 2), false);
            c.send(MqttBytes.slice(publish, 2, 10), false);
            c.send(MqttBytes.slice(publish, 10, 700), false);
            c.send(MqttBytes.slice(publish, 700, publish.length), true);
            assertThat(c.awaitBytes(publish.length)).isEqualTo(publish);
        }
    }

    @Test
    @DisplayName("MQTT-6.0.0-2: several packets in one frame pass through byte-exact")
    void severalPacketsInOneFrame() throws Exception {
        byte[] stream = MqttBytes.concat(MqttBytes.connect("many"), MqttBytes.publish("a/b", 10),
                MqttBytes.publish("c/d", 300), new byte[] {(byte) 0xC0, 0}, new byte[] {(byte) 0xE0, 0});
        try (WsClient c = WsClient.connect(http, uri("/mqtt"), b -> b.subprotocols("mqtt"))) {
            c.send(stream, true);
            assertThat(c.awaitBytes(stream.length)).isEqualTo(stream);
        }
    }

    @Test
    @DisplayName("MQTT-6.0.0-2: message and packet boundaries are unrelated; pings between fragments are answered")
    void messagesStartingAndEndingInsidePackets() throws Exception {
        byte[] connect = MqttBytes.connect("raw-client");
        byte[] publish = MqttBytes.publish("t", 200);   // two-byte remaining length
        byte[] stream = MqttBytes.concat(connect, publish, new byte[] {(byte) 0xC0, 0});
        int split = connect.length + 2;                 // inside the PUBLISH's remaining length
        try (RawWebSocket raw = new RawWebSocket(port())) {
            raw.upgrade("/mqtt");
            // Message 1: CONNECT and the start of PUBLISH, in three fragments with a ping between them.
            raw.sendFrame(false, RawWebSocket.BINARY, MqttBytes.slice(stream, 0, 3));
            raw.sendFrame(true, RawWebSocket.PING, "hb".getBytes());
            raw.sendFrame(false, RawWebSocket.CONTINUATION, MqttBytes.slice(stream, 3, 10));
            raw.sendFrame(true, RawWebSocket.CONTINUATION, MqttBytes.slice(stream, 10, split));
            // Message 2: the rest of PUBLISH and a whole PINGREQ.
            raw.sendFrame(true, RawWebSocket.BINARY, MqttBytes.slice(stream, split, stream.length));
            assertThat(raw.readBinary(stream.length)).isEqualTo(stream);
        }
    }

    @Test
    @DisplayName("MQTT-6.0.0-3: a client that offers none of the listener's subprotocols is refused")
    void clientWithoutMqttSubprotocolIsRefused() throws Exception {
        assertThat(WsClient.refusal(http, uri("/mqtt"), b -> b.subprotocols("foo"))).isEqualTo(400);
        assertThat(WsClient.refusal(http, uri("/mqtt"), b -> { })).as("no subprotocol at all").isEqualTo(400);
        assertThat(echo.connections).isEmpty();
        assertThat(stage.refusals().count(Refusals.Reason.SUBPROTOCOL)).isEqualTo(2);
    }

    @Test
    @DisplayName("MQTT-6.0.0-4: the server selects and returns \"mqtt\"")
    void serverSelectsMqtt() throws Exception {
        try (WsClient c = WsClient.connect(http, uri("/mqtt"), b -> b.subprotocols("mqtt"))) {
            assertThat(c.ws.getSubprotocol()).isEqualTo("mqtt");
        }
        // Preference is the listener's: a client offering the legacy name first still gets "mqtt".
        try (WsClient c = WsClient.connect(http, uri("/mqtt"), b -> b.subprotocols("mqttv3.1", "mqtt"))) {
            assertThat(c.ws.getSubprotocol()).isEqualTo("mqtt");
        }
        try (RawWebSocket raw = new RawWebSocket(port())) {
            raw.send(raw.upgradeRequest("/mqtt", "Sec-WebSocket-Protocol: chat, mqttv3.1",
                    "Sec-WebSocket-Protocol: mqtt"));
            RawWebSocket.Head head = raw.readHead();
            assertThat(head.status()).isEqualTo(101);
            assertThat(head.headers()).containsEntry("sec-websocket-protocol", "mqtt")
                    .containsEntry("sec-websocket-accept", raw.expectedAccept());
        }
    }

    @Test
    @DisplayName("Old MQTT 3.1 clients that offer only \"mqttv3.1\" get it, as configured")
    void legacySubprotocol() throws Exception {
        byte[] ping = {(byte) 0xC0, 0};
        try (WsClient c = WsClient.connect(http, uri("/mqtt"), b -> b.subprotocols("mqttv3.1"))) {
            assertThat(c.ws.getSubprotocol()).isEqualTo("mqttv3.1");
            c.send(ping, true);
            assertThat(c.awaitBytes(2)).isEqualTo(ping);
        }
    }
}
