package io.fluxmq.it.mqtt;

import io.fluxmq.it.MqttDistribution;
import io.fluxmq.it.mqtt.raw.ReceivedPacket;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * MQTT over the JDK's WebSocket client: raw MQTT packets sent in binary frames, the bytes received
 * collected and cut into packets whatever frames carried them, and the close status kept.
 */
final class WsClient implements WebSocket.Listener {
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    WebSocket socket;

    static WsClient open(MqttDistribution broker, String... subprotocols) throws Exception {
        return open(URI.create(broker.wsUri()), subprotocols);
    }

    static WsClient open(URI uri, String... subprotocols) throws Exception {
        WsClient ws = new WsClient();
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (subprotocols.length > 0) {
            b = b.subprotocols(subprotocols[0], Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        ws.socket = b.buildAsync(uri, ws).get(10, TimeUnit.SECONDS);
        return ws;
    }

    @Override
    public synchronized CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        received.writeBytes(b);
        notifyAll();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    void send(byte[] bytes, boolean last) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(bytes), last).get(5, TimeUnit.SECONDS);
    }

    /** The next MQTT packet received, whatever frames carried it. */
    synchronized ReceivedPacket receive() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        int[] consumed = new int[1];
        while (true) {
            byte[] all = received.toByteArray();
            ReceivedPacket p = ReceivedPacket.parseFirst(all, true, consumed);
            if (p != null) {
                received.reset();
                received.write(all, consumed[0], all.length - consumed[0]);
                return p;
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new AssertionError("no MQTT packet over the WebSocket within 5 s");
            }
            wait(left);
        }
    }
}
