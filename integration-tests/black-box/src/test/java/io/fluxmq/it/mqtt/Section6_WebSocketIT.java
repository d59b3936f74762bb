package io.fluxmq.it.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxmq.it.MqttDistribution;
import io.fluxmq.it.mqtt.raw.Packets;
import io.fluxmq.it.mqtt.raw.RawClient;
import io.fluxmq.it.mqtt.raw.ReceivedPacket;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
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
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void broker(MqttDistribution b) {
        broker = b;
    }

    /** A WebSocket connection that collects the binary data it receives and how it was closed. */
    private static final class Ws implements WebSocket.Listener {
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket socket;

        static Ws open(String... subprotocols) throws Exception {
            return open(URI.create(broker.wsUri()), subprotocols);
        }

        static Ws open(URI uri, String... subprotocols) throws Exception {
            Ws ws = new Ws();
            WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
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

    @Test
    void theServerSelectsTheMqttSubprotocol_MQTT_6_0_0_3_MQTT_6_0_0_4() throws Exception {
        Ws ws = Ws.open("mqtt");
        assertThat(ws.socket.getSubprotocol()).isEqualTo("mqtt");
        ws.socket.abort();
        Ws both = Ws.open("mqttv3.1", "mqtt");
        assertThat(both.socket.getSubprotocol()).as("mqtt preferred over mqttv3.1").isEqualTo("mqtt");
        both.socket.abort();
    }

    @Test
    void aHandshakeWithoutTheMqttSubprotocolIsRefused_MQTT_6_0_0_3() {
        assertThatThrownBy(() -> Ws.open("chat")).satisfies(e -> assertThat(rootHandshake(e).getResponse().statusCode()).isEqualTo(400));
    }

    @Test
    void anotherPathIsNotFound() {
        assertThatThrownBy(() -> Ws.open(URI.create(broker.wsUri().replace("/mqtt", "/other")), "mqtt"))
                .satisfies(e -> assertThat(rootHandshake(e).getResponse().statusCode()).isEqualTo(404));
    }

    @Test
    void mqttTravelsInBinaryFrames_MQTT_6_0_0_1() throws Exception {
        Ws ws = Ws.open("mqtt");
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
        Ws ws = Ws.open("mqtt");
        ws.send(Packets.connect("c6-text").build(), true);
        ws.receive();
        ws.socket.sendText("PINGREQ", true).get(5, TimeUnit.SECONDS);
        assertThat(ws.closed.get(5, TimeUnit.SECONDS)).as("close status").isEqualTo(1003);
    }

    @Test
    void aPacketMaySpanFramesAndMessagesAndAFrameMayHoldSeveralPackets_MQTT_6_0_0_2() throws Exception {
        Ws ws = Ws.open("mqtt");
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
        Ws ws = Ws.open("mqtt");
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
