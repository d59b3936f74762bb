package io.fluxmq.transport.tcp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fluxmq.api.transport.ProtocolHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NettyListenerTest {
    private static EventLoops loops;
    private final Map<String, ProtocolHandler> handlers = new ConcurrentHashMap<>();
    private NettyListener listener;

    @BeforeAll
    static void loops() {
        loops = new EventLoops(2);
    }

    @AfterAll
    static void closeLoops() {
        loops.close();
    }

    @AfterEach
    void close() {
        if (listener != null) {
            listener.close();
        }
    }

    private NettyListener start(List<String> protocols, int maxConnections, long detectionTimeout) {
        ListenerSettings s = new ListenerSettings("test-listener", new InetSocketAddress("127.0.0.1", 0), protocols,
                null, maxConnections, 16, detectionTimeout, null);
        listener = new NettyListener(s, loops, handlers::get);
        listener.start();
        return listener;
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), listener.boundAddress().getPort());
        s.setSoTimeout(5_000);
        return s;
    }

    @Test
    void singleProtocolListenerHandsEveryConnectionToItsProtocol() throws Exception {
        EchoProtocol echo = new EchoProtocol("echo", "E");
        handlers.put("echo", echo);
        start(List.of("echo"), 10, 1_000);
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "anything")).isEqualTo("anything");
            assertThat(listener.connectionCount()).isEqualTo(1);
            assertThat(echo.connections).singleElement().satisfies(info -> {
                assertThat(info.listener()).isEqualTo("test-listener");
                assertThat(info.transport()).isEqualTo("tcp");
                assertThat(info.remote().getAddress().isLoopbackAddress()).isTrue();
            });
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.connectionCount() == 0);
    }

    @Test
    void multiProtocolListenerPicksTheProtocolFromTheFirstBytesAndKeepsThem() throws Exception {
        handlers.put("alpha", new EchoProtocol("alpha", "AMQP"));
        handlers.put("beta", new EchoProtocol("beta", "MQ"));
        start(List.of("alpha", "beta"), 10, 2_000);
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            // One byte at a time: detection must wait for enough bytes and lose none of them.
            for (byte b : "MQTT!".getBytes(StandardCharsets.US_ASCII)) {
                out.write(b);
                out.flush();
                Thread.sleep(20);
            }
            assertThat(read(s.getInputStream(), 5)).isEqualTo("MQTT!");
        }
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "AMQP0091")).isEqualTo("AMQP0091");
        }
    }

    @Test
    void unknownProtocolIsClosed() throws Exception {
        handlers.put("alpha", new EchoProtocol("alpha", "AMQP"));
        handlers.put("beta", new EchoProtocol("beta", "MQ"));
        start(List.of("alpha", "beta"), 10, 2_000);
        try (Socket s = connect()) {
            s.getOutputStream().write("HTTP/1.1".getBytes(StandardCharsets.US_ASCII));
            assertThat(s.getInputStream().read()).as("closed by the broker").isEqualTo(-1);
        }
    }

    @Test
    void silentConnectionIsClosedAfterTheDetectionTimeout() throws Exception {
        handlers.put("alpha", new EchoProtocol("alpha", "AMQP"));
        handlers.put("beta", new EchoProtocol("beta", "MQ"));
        start(List.of("alpha", "beta"), 10, 200);
        try (Socket s = connect()) {
            long t0 = System.nanoTime();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void connectionForAProtocolThatIsNotInstalledIsClosed() throws Exception {
        start(List.of("mqtt"), 10, 1_000);
        try (Socket s = connect()) {
            s.getOutputStream().write(1);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void connectionsOverTheMaximumAreRefused() throws Exception {
        handlers.put("echo", new EchoProtocol("echo", "E"));
        start(List.of("echo"), 2, 1_000);
        try (Socket a = connect(); Socket b = connect()) {
            assertThat(roundTrip(a, "a")).isEqualTo("a");
            assertThat(roundTrip(b, "b")).isEqualTo("b");
            try (Socket c = connect()) {
                assertThat(c.getInputStream().read()).isEqualTo(-1);
            }
            assertThat(listener.connectionCount()).isEqualTo(2);
        }
    }

    @Test
    void closingAProtocolClosesOnlyItsConnections() throws Exception {
        handlers.put("alpha", new EchoProtocol("alpha", "A"));
        handlers.put("beta", new EchoProtocol("beta", "B"));
        start(List.of("alpha", "beta"), 10, 2_000);
        try (Socket a = connect(); Socket b = connect()) {
            assertThat(roundTrip(a, "A1")).isEqualTo("A1");
            assertThat(roundTrip(b, "B1")).isEqualTo("B1");
            listener.closeProtocol(handlers.remove("alpha"));
            assertThat(a.getInputStream().read()).isEqualTo(-1);
            assertThat(roundTrip(b, "B2")).isEqualTo("B2");
        }
    }

    @Test
    void aProtocolWhoseHandlerGoesAwayEndsItsConnectionsItsWayBeforeTheyAreClosed() throws Exception {
        GoodbyeProtocol alpha = new GoodbyeProtocol("alpha", "A", "going");
        handlers.put("alpha", alpha);
        handlers.put("beta", new GoodbyeProtocol("beta", "B", "unused"));
        start(List.of("alpha", "beta"), 10, 2_000);
        try (Socket a = connect(); Socket b = connect()) {
            assertThat(roundTrip(a, "A1")).isEqualTo("A1");
            assertThat(roundTrip(b, "B1")).isEqualTo("B1");
            listener.closeProtocol(handlers.remove("alpha"));
            assertThat(read(a.getInputStream(), 5)).isEqualTo("going");
            assertThat(a.getInputStream().read()).isEqualTo(-1);
            assertThat(alpha.shutdowns).containsExactly(true);
            assertThat(roundTrip(b, "B2")).isEqualTo("B2");
        }
    }

    @Test
    void aStoppingListenerLetsEachHandlerEndItsConnectionsItsWay() throws Exception {
        GoodbyeProtocol echo = new GoodbyeProtocol("echo", "E", "bye");
        handlers.put("echo", echo);
        start(List.of("echo"), 10, 1_000);
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "E1")).isEqualTo("E1");
            listener.close();
            assertThat(read(s.getInputStream(), 3)).isEqualTo("bye");
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            assertThat(echo.shutdowns).as("the handler itself keeps running").containsExactly(false);
        }
    }

    @Test
    void busyPortFailsWithTheListenerNameAndAddress() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            ListenerSettings s = new ListenerSettings("mqtt-tcp", new InetSocketAddress("127.0.0.1",
                    squatter.getLocalPort()), List.of("mqtt"), null, 10, 16, 1_000, null);
            NettyListener busy = new NettyListener(s, loops, handlers::get);
            assertThatThrownBy(busy::start)
                    .isInstanceOf(NettyListener.ListenerBindException.class)
                    .hasMessageContaining("TRANSPORT-1001")
                    .hasMessageContaining("'mqtt-tcp'")
                    .hasMessageContaining("127.0.0.1:" + squatter.getLocalPort())
                    .hasMessageContaining("already in use");
            busy.close();
        }
    }

    /**
     * Issue 11 (4): a connection the protocol ends after a last frame while the client is still
     * sending must not be reset: a reset throws away what the server's kernel has not sent yet, and
     * the client would never read the data queued for it nor the last frame.
     */
    @Test
    void aLastFrameReachesAClientThatIsStillSending() throws Exception {
        int backlog = 4 << 20;
        handlers.put("farewell", new FarewellProtocol("farewell", backlog, "BYE"));
        start(List.of("farewell"), 10, 1_000);
        for (int round = 0; round < 10; round++) {
            try (Socket s = connect()) {
                AtomicBoolean stop = new AtomicBoolean();
                Thread writer = new Thread(() -> {
                    byte[] chunk = new byte[16_384];
                    try {
                        OutputStream out = s.getOutputStream();
                        while (!stop.get()) {
                            out.write(chunk);
                        }
                    } catch (IOException resetByTheServer) {
                        // what the defect looks like from here; the reader then fails too
                    }
                });
                writer.start();
                InputStream in = s.getInputStream();
                byte[] buffer = new byte[65_536];
                long total = 0;
                byte[] tail = new byte[3];
                while (total < backlog + 3) {
                    int r = in.read(buffer);
                    assertThat(r).as("round %d: %d of %d bytes read before the end of stream", round, total,
                            backlog + 3).isPositive();
                    for (int i = 0; i < r; i++) {
                        tail[0] = tail[1];
                        tail[1] = tail[2];
                        tail[2] = buffer[i];
                    }
                    total += r;
                }
                assertThat(new String(tail, StandardCharsets.US_ASCII)).isEqualTo("BYE");
                stop.set(true);
                writer.join(10_000);
                s.shutdownOutput(); // the client's side ends: the server closes without waiting out the grace
                assertThat(in.read()).as("then the end of stream, not a reset").isEqualTo(-1);
            }
        }
    }

    /** Issue 11 (6): a listener whose port is taken binds by itself once the port is free. */
    @Test
    void busyPortIsRetriedUntilItIsFree() throws Exception {
        handlers.put("echo", new EchoProtocol("echo", "E"));
        ServerSocket squatter = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        int port = squatter.getLocalPort();
        java.util.concurrent.atomic.AtomicInteger recovered = new java.util.concurrent.atomic.AtomicInteger();
        try {
            ListenerSettings s = new ListenerSettings("busy-listener", new InetSocketAddress("127.0.0.1", port),
                    List.of("echo"), null, 10, 16, 1_000, null);
            listener = new NettyListener(s, loops, handlers::get);
            assertThat(listener.startRetrying(recovered::incrementAndGet)).isFalse();
            assertThat(listener.bindProblem()).contains("busy-listener").contains("127.0.0.1:" + port)
                    .contains("retrying");
        } finally {
            squatter.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.bindProblem() == null);
        assertThat(recovered).hasValue(1);
        try (Socket c = connect()) {
            assertThat(roundTrip(c, "again")).isEqualTo("again");
        }
    }

    static String roundTrip(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return read(s.getInputStream(), text.length());
    }

    static String read(InputStream in, int n) throws IOException {
        byte[] buf = in.readNBytes(n);
        return new String(buf, StandardCharsets.US_ASCII);
    }
}
