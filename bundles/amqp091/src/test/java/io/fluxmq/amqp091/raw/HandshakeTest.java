package io.fluxmq.amqp091.raw;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.amqp091.broker.AmqpSettings;
import io.fluxmq.amqp091.codec.Connection;
import io.fluxmq.amqp091.codec.ReplyCode;
import io.fluxmq.amqp091.server.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connection handshake on channel 0 (AMQP 0.9.1 sections 1.4.2 and 4.2.3): start / start-ok,
 * tune / tune-ok, open / open-ok, and how the server refuses a wrong login, vhost, order or tuning.
 */
class HandshakeTest {
    private static final long HANDSHAKE_TIMEOUT_MILLIS = 600;
    private static TestServer server;
    private static TestServer shortTimeout;

    @BeforeAll
    static void start() {
        server = new TestServer();
        AmqpSettings d = AmqpSettings.DEFAULTS;
        shortTimeout = new TestServer(new AmqpSettings(d.frameMax(), d.channelMax(), d.heartbeatSeconds(),
                HANDSHAKE_TIMEOUT_MILLIS, d.maxMessageSize(), d.virtualHosts(), d.defaultUser(), d.defaultPassword(),
                d.defaultUserLoopbackOnly(), d.creditWindow(), d.maxUnconfirmedPublishes(),
                d.writeBufferHighWaterMark(), d.queueFlowDepth(), d.memoryHighWatermark()));
    }

    @AfterAll
    static void stop() {
        server.close();
        shortTimeout.close();
    }

    @Test
    void plainLoginOpensAUsableConnection() {
        try (RawClient c = RawClient.open(server.port())) {
            c.assertUsable(1);
        }
    }

    @Test
    void tuneProposesTheServerSettings() {
        try (RawClient c = RawClient.connect(server.port())) {
            c.sendHeader();
            c.expect(0, Connection.Start.class);
            c.send(0, RawClient.plainStartOk("guest", "guest"));
            Connection.Tune tune = c.expect(0, Connection.Tune.class);
            assertThat(tune.channelMax()).isEqualTo(AmqpSettings.DEFAULTS.channelMax());
            assertThat(tune.frameMax()).isEqualTo(AmqpSettings.DEFAULTS.frameMax());
            assertThat(tune.heartbeat()).isEqualTo(AmqpSettings.DEFAULTS.heartbeatSeconds());
        }
    }

    @Test
    void amqplainLoginOpensAUsableConnection() {
        try (RawClient c = RawClient.connect(server.port())) {
            c.sendHeader();
            c.expect(0, Connection.Start.class);
            c.send(0, RawClient.amqplainStartOk("guest", "guest"));
            Connection.Tune tune = c.expect(0, Connection.Tune.class);
            c.send(0, new Connection.TuneOk(tune.channelMax(), tune.frameMax(), 0));
            c.send(0, new Connection.Open("/"));
            c.expect(0, Connection.OpenOk.class);
            c.assertUsable(1);
        }
    }

    @Test
    void badPasswordIsRefusedWith403() {
        assertLoginRefused(RawClient.plainStartOk("guest", "wrong"));
    }

    @Test
    void unknownUserIsRefusedWith403() {
        assertLoginRefused(RawClient.plainStartOk("nobody", "guest"));
    }

    @Test
    void badAmqplainPasswordIsRefusedWith403() {
        assertLoginRefused(RawClient.amqplainStartOk("guest", "wrong"));
    }

    @Test
    void unknownVirtualHostIsRefusedWith530() {
        try (RawClient c = RawClient.connect(server.port())) {
            c.sendHeader();
            c.expect(0, Connection.Start.class);
            c.send(0, RawClient.plainStartOk("guest", "guest"));
            Connection.Tune tune = c.expect(0, Connection.Tune.class);
            c.send(0, new Connection.TuneOk(tune.channelMax(), tune.frameMax(), 0));
            c.send(0, new Connection.Open("no-such-vhost"));
            c.expectConnectionClose(ReplyCode.NOT_ALLOWED);
            c.closeOkAndAwaitClosed();
        }
    }

    @Test
    void openInsteadOfStartOkIsRefusedWith503() {
        try (RawClient c = RawClient.connect(server.port())) {
            c.sendHeader();
            c.expect(0, Connection.Start.class);
            c.send(0, new Connection.Open("/"));
            Connection.Close close = c.expectConnectionClose(ReplyCode.COMMAND_INVALID);
            assertThat(close.failingClassId()).isEqualTo(Connection.CLASS_ID);
            assertThat(close.failingMethodId()).isEqualTo(Connection.Open.METHOD_ID);
            c.closeOkAndAwaitClosed();
        }
    }

    @Test
    void tuneOkInsteadOfStartOkIsRefusedWith503() {
        try (RawClient c = RawClient.connect(server.port())) {
            c.sendHeader();
            c.expect(0, Connection.Start.class);
            c.send(0, new Connection.TuneOk(0, 0, 0));
            c.expectConnectionClose(ReplyCode.COMMAND_INVALID);
            c.closeOkAndAwaitClosed();
        }
    }

    @Test
    void channelMaxAboveTheServersIsRefusedWith530() {
        try (RawClient c = RawClient.connect(server.port())) {
            c.sendHeader();
            c.expect(0, Connection.Start.class);
            c.send(0, RawClient.plainStartOk("guest", "guest"));
            Connection.Tune tune = c.expect(0, Connection.Tune.class);
            c.send(0, new Connection.TuneOk(tune.channelMax() + 1, tune.frameMax(), 0));
            c.expectConnectionClose(ReplyCode.NOT_ALLOWED);
            c.closeOkAndAwaitClosed();
        }
    }

    @Test
    void frameMaxBelow4096IsRefusedWith530() {
        try (RawClient c = RawClient.connect(server.port())) {
            c.sendHeader();
            c.expect(0, Connection.Start.class);
            c.send(0, RawClient.plainStartOk("guest", "guest"));
            Connection.Tune tune = c.expect(0, Connection.Tune.class);
            c.send(0, new Connection.TuneOk(tune.channelMax(), 1024, 0));
            c.expectConnectionClose(ReplyCode.NOT_ALLOWED);
            c.closeOkAndAwaitClosed();
        }
    }

    /** Section 1.4.2.5: the answer to connection.close is connection.close-ok, in any state. */
    @Test
    void clientCloseDuringTheHandshakeIsAnsweredWithCloseOk() {
        try (RawClient c = RawClient.connect(server.port())) {
            c.sendHeader();
            c.expect(0, Connection.Start.class);
            c.send(0, new Connection.Close(200, "changed my mind", 0, 0));
            c.expect(0, Connection.CloseOk.class);
            c.shutdownOutput();
            assertThat(c.awaitClosed(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void secondConnectionOpenIsRefusedWith503() {
        try (RawClient c = RawClient.open(server.port())) {
            c.send(0, new Connection.Open("/"));
            c.expectConnectionClose(ReplyCode.COMMAND_INVALID);
            c.closeOkAndAwaitClosed();
        }
    }

    @Test
    void silentClientIsClosedAfterTheHandshakeTimeout() {
        try (RawClient c = RawClient.connect(shortTimeout.port())) {
            long start = System.nanoTime();
            c.sendHeader();
            c.expect(0, Connection.Start.class);
            assertThat(c.awaitClosed(Duration.ofSeconds(4))).as("closed after the handshake timeout").isTrue();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).isBetween(HANDSHAKE_TIMEOUT_MILLIS - 100, HANDSHAKE_TIMEOUT_MILLIS + 2_500);
        }
    }

    @Test
    void clientStuckAfterTuneIsClosedAfterTheHandshakeTimeout() {
        try (RawClient c = RawClient.connect(shortTimeout.port())) {
            c.sendHeader();
            c.expect(0, Connection.Start.class);
            c.send(0, RawClient.plainStartOk("guest", "guest"));
            c.expect(0, Connection.Tune.class);
            assertThat(c.awaitClosed(Duration.ofSeconds(4))).as("closed after the handshake timeout").isTrue();
        }
    }

    @Test
    void openConnectionOutlivesTheHandshakeTimeout() throws InterruptedException {
        try (RawClient c = RawClient.open(shortTimeout.port())) {
            Thread.sleep(HANDSHAKE_TIMEOUT_MILLIS * 2);
            c.assertUsable(1);
        }
    }

    private static void assertLoginRefused(Connection.StartOk startOk) {
        try (RawClient c = RawClient.connect(server.port())) {
            c.sendHeader();
            c.expect(0, Connection.Start.class);
            c.send(0, startOk);
            Connection.Close close = c.expectConnectionClose(ReplyCode.ACCESS_REFUSED);
            assertThat(close.replyText()).contains("ACCESS_REFUSED");
            c.closeOkAndAwaitClosed();
        }
    }
}
