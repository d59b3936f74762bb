package io.fluxmq.amqp091.raw;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.amqp091.codec.Connection;
import io.fluxmq.amqp091.codec.Frames;
import io.fluxmq.amqp091.codec.Queue;
import io.fluxmq.amqp091.server.TestServer;
import java.io.EOFException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client's connection.close (section 1.4.2.5) and heartbeats (section 4.2.7): a peer that has
 * sent no frame for two heartbeat intervals is taken for dead and its socket closed; a sender with
 * nothing to say sends heartbeat frames.
 */
class CloseAndHeartbeatTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void clientCloseIsAnsweredWithCloseOkAndTheServerClosesTheSocket() {
        try (RawClient c = RawClient.open(server.port())) {
            c.openChannel(1);
            c.openChannel(2);
            c.declareQueue(1, "");
            c.send(0, new Connection.Close(200, "Goodbye", 0, 0));
            c.expect(0, Connection.CloseOk.class);
            // The client keeps its side open: the server closes (at the latest after its grace period).
            assertThat(c.awaitClosed(Duration.ofSeconds(5))).as("server closed the socket after close-ok").isTrue();
        }
    }

    @Test
    void clientCloseThenEndOfStreamClosesAtOnce() {
        try (RawClient c = RawClient.open(server.port())) {
            c.send(0, new Connection.Close(200, "Goodbye", 0, 0));
            c.expect(0, Connection.CloseOk.class);
            long start = System.nanoTime();
            c.shutdownOutput();
            assertThat(c.awaitClosed(Duration.ofSeconds(1))).isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000);
        }
    }

    @Test
    void exclusiveQueueGoesWithItsConnection() {
        String queue;
        try (RawClient c = RawClient.open(server.port())) {
            c.openChannel(1);
            c.send(1, new Queue.Declare("raw-exclusive", false, false, true, false, false, Map.of()));
            queue = c.expect(1, Queue.DeclareOk.class).queue();
            c.send(0, new Connection.Close(200, "Goodbye", 0, 0));
            c.expect(0, Connection.CloseOk.class);
            c.shutdownOutput();
            assertThat(c.awaitClosed(Duration.ofSeconds(5))).isTrue();
        }
        try (RawClient c = RawClient.open(server.port())) {
            c.openChannel(1);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            int code = 0;
            while (System.nanoTime() < deadline) {
                c.send(1, new Queue.Declare(queue, true, false, false, false, false, Map.of()));
                io.fluxmq.amqp091.codec.Method m = c.readMethod();
                if (m instanceof io.fluxmq.amqp091.codec.Channel.Close close) {
                    code = close.replyCode();
                    break;
                }
                sleep(100);
            }
            assertThat(code).as("passive declare of the exclusive queue of a closed connection").isEqualTo(404);
        }
    }

    @Test
    void silentClientGetsHeartbeatsAndIsClosedAfterTwoIntervals() {
        try (RawClient c = RawClient.open(server.port(), 0, 0, 1)) {
            long start = System.nanoTime();
            List<RawClient.RawFrame> frames = new ArrayList<>();
            boolean closed = false;
            while (!closed && System.nanoTime() - start < Duration.ofSeconds(6).toNanos()) {
                try {
                    frames.add(c.readFrame());
                } catch (UncheckedIOException e) {
                    if (!(e.getCause() instanceof EOFException || e.getCause() instanceof SocketException)) {
                        throw e;
                    }
                    closed = true;
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(closed).as("server closed a silent connection").isTrue();
            assertThat(frames).as("frames before the close").isNotEmpty()
                    .allSatisfy(f -> {
                        assertThat(f.type()).isEqualTo(Frames.TYPE_HEARTBEAT);
                        assertThat(f.channel()).isZero();
                        assertThat(f.payload()).isEmpty();
                    });
            assertThat(millis).as("time to the close, ms").isBetween(1_500L, 4_000L);
        }
    }

    @Test
    void heartbeatsFromTheClientKeepTheConnectionOpen() {
        try (RawClient c = RawClient.open(server.port(), 0, 0, 1)) {
            for (int i = 0; i < 10; i++) {
                c.sendHeartbeat();
                sleep(400);
            }
            c.assertUsable(1);
        }
    }

    @Test
    void otherFramesFromTheClientKeepTheConnectionOpenToo() {
        try (RawClient c = RawClient.open(server.port(), 0, 0, 1)) {
            c.openChannel(1);
            for (int i = 0; i < 8; i++) {
                c.declareQueue(1, "");
                sleep(400);
            }
            c.assertUsable(2);
        }
    }

    @Test
    void noHeartbeatsWhenTheClientTunesThemOff() {
        try (RawClient c = RawClient.open(server.port(), 0, 0, 0)) {
            assertThat(c.pollFrame(Duration.ofMillis(2_500))).as("a frame from an idle server").isNull();
            c.assertUsable(1);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
