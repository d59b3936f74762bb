package io.fluxmq.it.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fluxmq.it.MqttDistribution;
import io.fluxmq.it.mqtt.raw.Packets;
import io.fluxmq.it.mqtt.raw.RawClient;
import io.fluxmq.it.mqtt.raw.ReceivedPacket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 11, rule 4: a DISCONNECT the server sends before closing reaches the client, also when the
 * client is still sending and is behind in reading. Closing a socket with unread input makes Linux
 * reset the connection, and the reset throws away what the server's kernel had not sent yet: the
 * messages queued for the client and the DISCONNECT after them. Here a subscriber that does not read
 * has a backlog of messages queued, keeps sending (PINGREQs), and its session is taken over by a new
 * connection with the same client id: it must read its backlog and the DISCONNECT 0x8E Session taken
 * over, then the end of the stream, never a reset. Over TCP, TLS and WebSocket, 10 times each.
 */
class LastPacketBeforeCloseIT {
    private static final int ROUNDS = 10;
    private static final int PAYLOAD = 32 * 1024;
    /** Messages published to the subscriber that does not read: more than the socket buffers hold. */
    private static final int BACKLOG_MESSAGES = 200;

    private static MqttDistribution broker;

    @BeforeAll
    static void start() {
        broker = MqttDistribution.named("mqtt-last-packet").withTls().start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"TCP", "TLS", "WEBSOCKET"})
    void sessionTakenOverReachesASubscriberThatIsBehindAndStillSending(Transport transport) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String id = "last-packet-" + transport + "-" + round;
            String topic = "last-packet/" + transport + "/" + round;
            try (Pipe victim = Pipe.open(broker, transport);
                    RawClient publisher = RawClient.open(broker.tcpPort())) {
                victim.write(Packets.connect(id).keepAlive(0).build());
                assertThat(victim.readPacket().type()).isEqualTo(ReceivedPacket.CONNACK);
                victim.write(Packets.subscribe(true, 1, topic, 0));
                assertThat(victim.readPacket().type()).isEqualTo(ReceivedPacket.SUBACK);

                publisher.connectOk(Packets.connect(id + "-pub").keepAlive(0));
                byte[] message = Packets.publish(true, topic, 0, false, 0, "x".repeat(PAYLOAD));
                for (int i = 0; i < BACKLOG_MESSAGES; i++) {
                    publisher.send(message);
                }
                AtomicBoolean stop = new AtomicBoolean();
                Thread writer = new Thread(() -> {
                    byte[] pings = new byte[16 * 1024];
                    for (int i = 0; i < pings.length; i += 2) {
                        pings[i] = (byte) 0xC0; // PINGREQ, Remaining Length 0
                    }
                    try {
                        while (!stop.get()) {
                            victim.write(pings);
                        }
                    } catch (IOException resetByTheServer) {
                        // what the defect looks like from here; the reader then fails too
                    }
                }, "victim-writer");
                writer.setDaemon(true);
                writer.start();
                Thread.sleep(200); // the broker has the backlog queued and the subscriber's input unread

                try (RawClient successor = RawClient.open(broker.tcpPort())) {
                    successor.sendConnect(Packets.connect(id).keepAlive(0).cleanStart(false));
                    int publishes = 0;
                    while (true) {
                        ReceivedPacket p;
                        try {
                            p = victim.readPacket();
                        } catch (IOException e) {
                            fail("%s round %d: %s after %d PUBLISHes, before any DISCONNECT", transport, round, e,
                                    publishes);
                            return;
                        }
                        if (p == null) {
                            fail("%s round %d: end of stream after %d PUBLISHes, before any DISCONNECT", transport,
                                    round, publishes);
                        }
                        if (p.type() == ReceivedPacket.DISCONNECT) {
                            assertThat(p.reasonCode()).as("Session taken over").isEqualTo(0x8E);
                            break;
                        }
                        if (p.type() == ReceivedPacket.PUBLISH) {
                            publishes++;
                        }
                    }
                    stop.set(true);
                    writer.join(5_000);
                    victim.endOutput();
                    assertThat(successor.receive().type()).as("the successor gets the session")
                            .isEqualTo(ReceivedPacket.CONNACK);
                }
            }
        }
    }

    /** A client connection as bytes: plain TCP, TLS, or binary WebSocket frames carrying MQTT. */
    private static final class Pipe implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final boolean webSocket;
        private final WebSocketFrames frames;

        private Pipe(Socket socket, boolean webSocket) throws IOException {
            this.socket = socket;
            this.webSocket = webSocket;
            socket.setSoTimeout(15_000);
            this.out = socket.getOutputStream();
            InputStream raw = new java.io.BufferedInputStream(socket.getInputStream(), 65_536);
            this.frames = webSocket ? new WebSocketFrames(raw) : null;
            this.in = webSocket ? frames : raw;
        }

        static Pipe open(MqttDistribution broker, Transport transport) throws IOException {
            Socket s;
            if (transport == Transport.TLS) {
                SSLSocket tls = (SSLSocket) broker.clientTls().getSocketFactory().createSocket();
                tls.connect(new InetSocketAddress("127.0.0.1", broker.tlsPort()), 5_000);
                tls.startHandshake();
                s = tls;
            } else {
                s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", transport.port(broker)), 5_000);
            }
            s.setTcpNoDelay(true);
            Pipe p = new Pipe(s, transport.webSocket());
            if (transport.webSocket()) {
                p.upgrade(URI.create(broker.wsUri()));
            }
            return p;
        }

        private void upgrade(URI uri) throws IOException {
            String request = "GET " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: mqtt\r\n\r\n";
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = frames.readHttpHead();
            assertThat(head).startsWith("HTTP/1.1 101");
        }

        synchronized void write(byte[] bytes) throws IOException {
            out.write(webSocket ? WebSocketFrames.maskedBinary(bytes) : bytes);
            out.flush();
        }

        /** The next MQTT packet, or null at the end of the stream. */
        ReceivedPacket readPacket() throws IOException {
            int first = in.read();
            if (first < 0) {
                return null;
            }
            java.io.ByteArrayOutputStream packet = new java.io.ByteArrayOutputStream();
            packet.write(first);
            int length = 0;
            int shift = 0;
            int b;
            do {
                b = in.read();
                if (b < 0) {
                    return null;
                }
                packet.write(b);
                length |= (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            byte[] body = in.readNBytes(length);
            if (body.length < length) {
                return null;
            }
            packet.write(body);
            return ReceivedPacket.parseFirst(packet.toByteArray(), true, new int[1]);
        }

        void endOutput() throws IOException {
            if (socket instanceof SSLSocket) {
                socket.close(); // SSLSocket cannot half-close; close_notify ends the server's wait
            } else {
                socket.shutdownOutput();
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Just enough RFC 6455 for the client side: masked binary frames out, frames' payloads in. */
    private static final class WebSocketFrames extends InputStream {
        private final InputStream raw;
        private long left;
        private boolean closed;

        WebSocketFrames(InputStream raw) {
            this.raw = raw;
        }

        String readHttpHead() throws IOException {
            StringBuilder sb = new StringBuilder();
            while (!sb.toString().endsWith("\r\n\r\n")) {
                int c = raw.read();
                if (c < 0) {
                    throw new IOException("end of stream in the HTTP response: " + sb);
                }
                sb.append((char) c);
            }
            return sb.toString();
        }

        static byte[] maskedBinary(byte[] payload) {
            int n = payload.length;
            int header = n < 126 ? 2 : n < 65_536 ? 4 : 10;
            byte[] frame = new byte[header + 4 + n];
            frame[0] = (byte) 0x82;
            if (n < 126) {
                frame[1] = (byte) (0x80 | n);
            } else if (n < 65_536) {
                frame[1] = (byte) (0x80 | 126);
                frame[2] = (byte) (n >> 8);
                frame[3] = (byte) n;
            } else {
                frame[1] = (byte) (0x80 | 127);
                for (int i = 0; i < 8; i++) {
                    frame[2 + i] = (byte) ((long) n >> (56 - 8 * i));
                }
            }
            byte[] mask = {0x11, 0x22, 0x33, 0x44};
            System.arraycopy(mask, 0, frame, header, 4);
            for (int i = 0; i < n; i++) {
                frame[header + 4 + i] = (byte) (payload[i] ^ mask[i & 3]);
            }
            return frame;
        }

        @Override
        public int read() throws IOException {
            while (left == 0) {
                if (closed || !nextFrame()) {
                    return -1;
                }
            }
            int b = raw.read();
            if (b < 0) {
                return -1;
            }
            left--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int c = read();
            if (c < 0) {
                return -1;
            }
            b[off] = (byte) c;
            int n = 1;
            while (n < len && left > 0) {
                int r = raw.read(b, off + n, (int) Math.min(len - n, left));
                if (r < 0) {
                    break;
                }
                left -= r;
                n += r;
            }
            return n;
        }

        /** Reads the next frame's header; false at a Close frame or the end of the stream. */
        private boolean nextFrame() throws IOException {
            int b0 = raw.read();
            int b1 = raw.read();
            if (b0 < 0 || b1 < 0) {
                return false;
            }
            long n = b1 & 0x7F;
            if (n == 126) {
                n = (raw.read() << 8) | raw.read();
            } else if (n == 127) {
                n = 0;
                for (int i = 0; i < 8; i++) {
                    n = (n << 8) | raw.read();
                }
            }
            int opcode = b0 & 0x0F;
            if (opcode == 0x8) {
                closed = true;
                return false;
            }
            if (opcode == 0x9 || opcode == 0xA) { // ping, pong: skip
                raw.skipNBytes(n);
                return true;
            }
            left = n;
            return true;
        }
    }
}
