package io.fluxmq.transport.websocket.server;

import io.fluxmq.api.transport.ProtocolHandler;
import io.fluxmq.transport.tcp.server.EventLoops;
import io.fluxmq.transport.tcp.server.ListenerSettings;
import io.fluxmq.transport.tcp.server.NettyListener;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/** A real listener with the WebSocket stage and an echoing protocol, on loopback and a free port. */
@Timeout(60)
abstract class ListenerFixture {
    static final int MAX_FRAME = 4096;
    static EventLoops loops;
    static HttpClient http;
    final EchoProtocol echo = new EchoProtocol("echo");
    final Map<String, ProtocolHandler> handlers = new ConcurrentHashMap<>(Map.of("echo", echo));
    NettyListener listener;
    WebSocketStage stage;

    @BeforeAll
    static void loops() {
        loops = new EventLoops(2);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterAll
    static void closeLoops() {
        loops.close();
    }

    @AfterEach
    void closeListener() {
        if (listener != null) {
            listener.close();
        }
    }

    static WebSocketSettings settings(Set<String> allowedOrigins, long handshakeTimeoutMillis) {
        return new WebSocketSettings("ws-test", "/mqtt", List.of("mqtt", "mqttv3.1"), allowedOrigins, MAX_FRAME,
                handshakeTimeoutMillis);
    }

    NettyListener start() {
        return start(settings(Set.of(), 5_000), null);
    }

    NettyListener start(WebSocketSettings ws, SslContext tls) {
        stage = new WebSocketStage(ws);
        ListenerSettings s = new ListenerSettings("ws-test", new InetSocketAddress("127.0.0.1", 0), List.of("echo"), tls,
                10, 16, ws.handshakeTimeoutMillis(), stage);
        listener = new NettyListener(s, loops, handlers::get);
        listener.start();
        return listener;
    }

    int port() {
        return listener.boundAddress().getPort();
    }

    URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + port() + path);
    }
}
