package io.fluxmq.transport.websocket.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Input no well-behaved client sends: each case gets a precise answer and a closed connection,
 * and the listener keeps serving the next client.
 */
class HostileHandshakeTest extends ListenerFixture {

    @Test
    void mqttBytesOnTheWebSocketPortGet400() throws Exception {
        start();
        try (RawWebSocket raw = new RawWebSocket(port())) {
            raw.send(MqttBytes.connect("confused-client"));
            raw.send("\r\n\r\n");
            assertThat(raw.readHead().status()).isEqualTo(400);
            assertThat(raw.closedByServer()).isTrue();
        }
        assertStillServing();
    }

    @Test
    void oversizedHeadersGet431() throws Exception {
        start();
        try (RawWebSocket raw = new RawWebSocket(port())) {
            raw.send(raw.upgradeRequest("/mqtt", "Sec-WebSocket-Protocol: mqtt", "X-Padding: " + "a".repeat(20_000)));
            assertThat(raw.readHead().status()).isEqualTo(431);
            assertThat(raw.closedByServer()).isTrue();
        }
        try (RawWebSocket raw = new RawWebSocket(port())) {
            raw.send("GET /" + "m".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(raw.readHead().status()).isEqualTo(414);
        }
        assertStillServing();
    }

    @Test
    void otherWebSocketVersionsGet426NamingVersion13() throws Exception {
        start();
        try (RawWebSocket raw = new RawWebSocket(port())) {
            raw.send(raw.upgradeRequest("/mqtt", "Sec-WebSocket-Protocol: mqtt").replace("Version: 13", "Version: 8"));
            RawWebSocket.Head head = raw.readHead();
            assertThat(head.status()).isEqualTo(426);
            assertThat(head.headers()).containsEntry("sec-websocket-version", "13");
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void upgradeWithoutKeyGets400() throws Exception {
        start();
        try (RawWebSocket raw = new RawWebSocket(port())) {
            raw.send(raw.upgradeRequest("/mqtt", "Sec-WebSocket-Protocol: mqtt")
                    .replaceAll("Sec-WebSocket-Key: [^\r]*\r\n", ""));
            assertThat(raw.readHead().status()).isEqualTo(400);
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void originCheckIsCaseInsensitiveButExact() throws Exception {
        start(settings(Set.of("https://app.example.com"), 5_000), null);
        try (RawWebSocket raw = new RawWebSocket(port())) {
            raw.send(raw.upgradeRequest("/mqtt", "Sec-WebSocket-Protocol: mqtt",
                    "Origin: https://app.example.com.evil.net"));
            assertThat(raw.readHead().status()).isEqualTo(403);
        }
        try (RawWebSocket raw = new RawWebSocket(port())) {
            raw.send(raw.upgradeRequest("/mqtt", "Sec-WebSocket-Protocol: mqtt", "Origin: null"));
            assertThat(raw.readHead().status()).as("sandboxed pages send 'null'").isEqualTo(403);
        }
    }

    @Test
    void unmaskedClientFrameClosesWith1002() throws Exception {
        start();
        try (RawWebSocket raw = new RawWebSocket(port())) {
            raw.upgrade("/mqtt");
            raw.sendFrame(true, RawWebSocket.BINARY, new byte[] {(byte) 0xC0, 0}, false);
            RawWebSocket.Frame close = raw.readFrame();
            assertThat(close.opcode()).isEqualTo(RawWebSocket.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1002);
            assertThat(raw.closedByServer()).isTrue();
        }
        assertThat(echo.connections).hasSize(1);
    }

    @Test
    void continuationWithoutAStartClosesWith1002() throws Exception {
        start();
        try (RawWebSocket raw = new RawWebSocket(port())) {
            raw.upgrade("/mqtt");
            raw.sendFrame(true, RawWebSocket.CONTINUATION, new byte[] {1});
            assertThat(raw.readFrame(RawWebSocket.CLOSE).closeCode()).isEqualTo(1002);
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void frameHeaderAnnouncingAHugePayloadClosesWith1009BeforeAnyIsBuffered() throws Exception {
        start();
        try (RawWebSocket raw = new RawWebSocket(port())) {
            raw.upgrade("/mqtt");
            // 64-bit length of 2 GiB and only a few bytes of it: the decoder must not wait or allocate.
            raw.send(new byte[] {(byte) 0x82, (byte) (0x80 | 127), 0, 0, 0, 0, (byte) 0x80, 0, 0, 0, 1, 2, 3, 4});
            assertThat(raw.readFrame(RawWebSocket.CLOSE).closeCode()).isEqualTo(1009);
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void serverAnswersOurCloseAndClosesTheConnection() throws Exception {
        start();
        try (RawWebSocket raw = new RawWebSocket(port())) {
            raw.upgrade("/mqtt");
            raw.sendFrame(true, RawWebSocket.CLOSE, new byte[] {0x03, (byte) 0xE8});   // 1000
            assertThat(raw.readFrame(RawWebSocket.CLOSE).closeCode()).isEqualTo(1000);
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void silentConnectionIsClosedAfterTheHandshakeTimeout() throws Exception {
        start(settings(Set.of(), 300), null);
        try (RawWebSocket raw = new RawWebSocket(port())) {
            long t0 = System.nanoTime();
            assertThat(raw.closedByServer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        }
        try (RawWebSocket raw = new RawWebSocket(port())) {
            raw.send("GET /mqtt HTTP/1.1\r\nHost: x\r\n");   // a request that never ends
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void secondRequestOnTheConnectionIsNotAnswered() throws Exception {
        start();
        try (RawWebSocket raw = new RawWebSocket(port())) {
            raw.send("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /mqtt HTTP/1.1\r\nHost: x\r\n\r\n");
            RawWebSocket.Head head = raw.readHead();
            assertThat(head.status()).isEqualTo(404);
            assertThat(head.headers()).containsEntry("connection", "close");
            raw.readBytes(Integer.parseInt(head.headers().get("content-length")));
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    private void assertStillServing() throws Exception {
        try (RawWebSocket raw = new RawWebSocket(port())) {
            raw.upgrade("/mqtt");
            raw.sendFrame(true, RawWebSocket.BINARY, new byte[] {(byte) 0xC0, 0});
            assertThat(raw.readBinary(2)).containsExactly(0xC0, 0);
        }
    }
}
