package io.fluxmq.transport.websocket.server;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The JDK's WebSocket client with a listener that collects what the server sends. */
final class WsClient implements WebSocket.Listener, AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final CompletableFuture<Integer> closeStatus = new CompletableFuture<>();
    final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();
    WebSocket ws;

    static WsClient connect(HttpClient http, URI uri, Consumer<WebSocket.Builder> options) throws Exception {
        WsClient client = new WsClient();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(TIMEOUT);
        options.accept(builder);
        client.ws = builder.buildAsync(uri, client).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return client;
    }

    /** The HTTP status of a refused handshake; fails when the handshake succeeds. */
    static int refusal(HttpClient http, URI uri, Consumer<WebSocket.Builder> options) throws Exception {
        try (WsClient unexpected = connect(http, uri, options)) {
            throw new AssertionError("handshake succeeded with subprotocol '" + unexpected.ws.getSubprotocol() + "'");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    void send(byte[] bytes, boolean last) throws Exception {
        ws.sendBinary(ByteBuffer.wrap(bytes), last).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Waits until {@code n} bytes arrived and returns everything received. */
    byte[] awaitBytes(int n) {
        await().atMost(TIMEOUT).until(() -> size() >= n || closeStatus.isDone());
        synchronized (received) {
            return received.toByteArray();
        }
    }

    int awaitClose() throws Exception {
        return closeStatus.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private int size() {
        synchronized (received) {
            return received.size();
        }
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        synchronized (received) {
            received.writeBytes(b);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        byte[] b = new byte[message.remaining()];
        message.get(b);
        pongs.add(b);
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeStatus.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeStatus.completeExceptionally(error);
    }

    @Override
    public void close() {
        if (ws != null) {
            ws.abort();
        }
    }
}
