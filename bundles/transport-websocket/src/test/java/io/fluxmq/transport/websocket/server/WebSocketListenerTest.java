package io.fluxmq.transport.websocket.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The listener's HTTP side (paths, origins, plain requests) and the WebSocket protocol (RFC 6455) around MQTT. */
class WebSocketListenerTest extends ListenerFixture {

    @Test
    void handshakeOnAnotherPathGets404() throws Exception {
        start();
        assertThat(WsClient.refusal(http, uri("/ws"), b -> b.subprotocols("mqtt"))).isEqualTo(404);
        assertThat(WsClient.refusal(http, uri("/mqtt/"), b -> b.subprotocols("mqtt"))).isEqualTo(404);
        assertThat(WsClient.refusal(http, uri("/MQTT"), b -> b.subprotocols("mqtt"))).isEqualTo(404);
        assertThat(stage.refusals().count(Refusals.Reason.PATH)).isEqualTo(3);
        assertThat(echo.connections).isEmpty();
    }

    @Test
    void queryStringDoesNotMatterToThePath() throws Exception {
        start();
        try (WsClient c = WsClient.connect(http, uri("/mqtt?client=browser"), b -> b.subprotocols("mqtt"))) {
            c.send(new byte[] {1, 2, 3}, true);
            assertThat(c.awaitBytes(3)).containsExactly(1, 2, 3);
        }
    }

    @Test
    void plainHttpRequestsGetAnErrorAndTheListenerKeepsServing() throws Exception {
        start();
        assertThat(get("/").statusCode()).isEqualTo(404);
        assertThat(get("/favicon.ico").statusCode()).isEqualTo(404);
        HttpResponse<String> onPath = get("/mqtt");
        assertThat(onPath.statusCode()).isEqualTo(400);
        assertThat(onPath.body()).contains("WebSocket");
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/mqtt"))
                .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(400);
        try (WsClient c = WsClient.connect(http, uri("/mqtt"), b -> b.subprotocols("mqtt"))) {
            c.send(new byte[] {7}, true);
            assertThat(c.awaitBytes(1)).containsExactly(7);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.connectionCount() == 0);
    }

    @Test
    void browserFromAnOriginNotAllowedGets403() throws Exception {
        start(settings(Set.of("https://app.example.com", "http://localhost:8080"), 5_000), null);
        assertThat(WsClient.refusal(http, uri("/mqtt"), b -> b.subprotocols("mqtt")
                .header("Origin", "https://evil.example.net"))).isEqualTo(403);
        assertThat(WsClient.refusal(http, uri("/mqtt"), b -> b.subprotocols("mqtt")
                .header("Origin", "http://app.example.com"))).as("another scheme is another origin").isEqualTo(403);
        assertThat(stage.refusals().count(Refusals.Reason.ORIGIN)).isEqualTo(2);
        assertThat(echo.connections).isEmpty();
    }

    @Test
    void allowedOriginsAndClientsWithoutOriginConnect() throws Exception {
        start(settings(Set.of("https://app.example.com", "http://localhost:8080"), 5_000), null);
        try (WsClient c = WsClient.connect(http, uri("/mqtt"), b -> b.subprotocols("mqtt")
                .header("Origin", "https://APP.example.com"))) {
            assertThat(c.ws.getSubprotocol()).isEqualTo("mqtt");
        }
        try (WsClient c = WsClient.connect(http, uri("/mqtt"), b -> b.subprotocols("mqtt")
                .header("Origin", "http://localhost:8080"))) {
            assertThat(c.ws.getSubprotocol()).isEqualTo("mqtt");
        }
        try (WsClient c = WsClient.connect(http, uri("/mqtt"), b -> b.subprotocols("mqtt"))) {
            assertThat(c.ws.getSubprotocol()).as("devices send no Origin").isEqualTo("mqtt");
        }
    }

    @Test
    void frameOverTheMaximumClosesWith1009() throws Exception {
        start();
        try (WsClient c = WsClient.connect(http, uri("/mqtt"), b -> b.subprotocols("mqtt"))) {
            byte[] largest = new byte[MAX_FRAME];
            c.send(largest, true);
            assertThat(c.awaitBytes(MAX_FRAME)).hasSize(MAX_FRAME);
            c.send(new byte[MAX_FRAME + 1], true);
            assertThat(c.awaitClose()).isEqualTo(1009);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.connectionCount() == 0);
        assertThat(stage.refusals().count(Refusals.Reason.FRAME_TOO_BIG)).isEqualTo(1);
    }

    @Test
    void pingIsAnsweredWithThePayload() throws Exception {
        start();
        try (WsClient c = WsClient.connect(http, uri("/mqtt"), b -> b.subprotocols("mqtt"))) {
            c.ws.sendPing(ByteBuffer.wrap(new byte[] {'h', 'b'})).get(5, TimeUnit.SECONDS);
            assertThat(c.pongs.poll(5, TimeUnit.SECONDS)).containsExactly('h', 'b');
            c.ws.sendPong(ByteBuffer.wrap(new byte[] {1})).get(5, TimeUnit.SECONDS);  // unsolicited: ignored
            c.send(new byte[] {9}, true);
            assertThat(c.awaitBytes(1)).as("pongs do not reach the protocol").containsExactly(9);
        }
    }

    @Test
    void closeFromTheClientIsAnsweredWithItsStatus() throws Exception {
        start();
        try (WsClient c = WsClient.connect(http, uri("/mqtt"), b -> b.subprotocols("mqtt"))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> listener.connectionCount() == 1);
            c.ws.sendClose(4001, "bye").get(5, TimeUnit.SECONDS);
            assertThat(c.awaitClose()).isEqualTo(4001);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.connectionCount() == 0);
    }

    @Test
    void closingAProtocolSendsANormalClose() throws Exception {
        start();
        try (WsClient c = WsClient.connect(http, uri("/mqtt"), b -> b.subprotocols("mqtt"))) {
            c.send(new byte[] {1}, true);
            c.awaitBytes(1);
            listener.closeProtocol(handlers.remove("echo"));
            assertThat(c.awaitClose()).isEqualTo(1000);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.connectionCount() == 0);
    }

    @Test
    void handshakeTimeoutDoesNotCutAnUpgradedConnection() throws Exception {
        start(settings(Set.of(), 300), null);
        try (WsClient c = WsClient.connect(http, uri("/mqtt"), b -> b.subprotocols("mqtt"))) {
            Thread.sleep(800);
            c.send(new byte[] {5}, true);
            assertThat(c.awaitBytes(1)).containsExactly(5);
            assertThat(c.closeStatus).isNotDone();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
