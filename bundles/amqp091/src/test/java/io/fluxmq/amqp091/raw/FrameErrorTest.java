package io.fluxmq.amqp091.raw;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.amqp091.codec.Basic;
import io.fluxmq.amqp091.codec.BasicProperties;
import io.fluxmq.amqp091.codec.Channel;
import io.fluxmq.amqp091.codec.Confirm;
import io.fluxmq.amqp091.codec.Connection;
import io.fluxmq.amqp091.codec.Frames;
import io.fluxmq.amqp091.codec.Queue;
import io.fluxmq.amqp091.codec.ReplyCode;
import io.fluxmq.amqp091.server.TestServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Errors of the framing layer and of channel use after connection.open-ok, which the
 * specification makes connection errors (section 4.2 and the reply codes of section 1.2): each
 * gets connection.close with its reply code, and the server closes the socket once the client
 * answered. Every test keeps a second connection open next to the failing one and checks that it
 * is unaffected.
 */
class FrameErrorTest {
    private static TestServer server;
    private RawClient bystander;

    @BeforeAll
    static void start() {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void openBystander() {
        bystander = RawClient.open(server.port());
        bystander.openChannel(1);
    }

    @AfterEach
    void bystanderStillWorks() {
        try {
            assertThat(bystander.declareQueue(1, "").queue()).startsWith("amq.gen-");
            bystander.assertUsable(2);
        } finally {
            bystander.close();
        }
    }

    // ---- framing

    @Test
    void frameLargerThanNegotiatedFrameMaxIs501() {
        try (RawClient c = RawClient.open(server.port(), 0, 4096, 0)) {
            c.openChannel(1);
            byte[] payload = new byte[4096 - Frames.OVERHEAD + 1];
            c.sendFrame(Frames.TYPE_BODY, 1, payload, Frames.FRAME_END);
            c.expectConnectionClose(ReplyCode.FRAME_ERROR);
            c.closeOkAndAwaitClosed();
        }
    }

    @Test
    void frameOfExactlyTheNegotiatedFrameMaxIsAccepted() {
        try (RawClient c = RawClient.open(server.port(), 0, 4096, 0)) {
            c.openChannel(1);
            String queue = c.declareQueue(1, "").queue();
            c.send(1, new Confirm.Select(false));
            c.expect(1, Confirm.SelectOk.class);
            byte[] body = new byte[4096 - Frames.OVERHEAD];
            c.send(1, new Basic.Publish("", queue, false, false));
            c.sendContentHeader(1, Basic.CLASS_ID, body.length);
            c.sendFrame(Frames.TYPE_BODY, 1, body, Frames.FRAME_END);
            Basic.Ack ack = c.expect(1, Basic.Ack.class);
            assertThat(ack.deliveryTag()).isEqualTo(1);
        }
    }

    @Test
    void badFrameEndOctetIs501() {
        try (RawClient c = RawClient.open(server.port())) {
            c.sendFrame(Frames.TYPE_METHOD, 1, RawClient.methodPayload(new Channel.Open()), 0x00);
            c.expectConnectionClose(ReplyCode.FRAME_ERROR);
            c.closeOkAndAwaitClosed();
        }
    }

    @Test
    void unknownFrameTypeIs501() {
        try (RawClient c = RawClient.open(server.port())) {
            c.sendFrame(9, 0, new byte[0], Frames.FRAME_END);
            c.expectConnectionClose(ReplyCode.FRAME_ERROR);
            c.closeOkAndAwaitClosed();
        }
    }

    @Test
    void heartbeatOnChannel1Is501() {
        try (RawClient c = RawClient.open(server.port())) {
            c.openChannel(1);
            c.sendFrame(Frames.TYPE_HEARTBEAT, 1, new byte[0], Frames.FRAME_END);
            c.expectConnectionClose(ReplyCode.FRAME_ERROR);
            c.closeOkAndAwaitClosed();
        }
    }

    @Test
    void heartbeatWithAPayloadIs501() {
        try (RawClient c = RawClient.open(server.port())) {
            c.sendFrame(Frames.TYPE_HEARTBEAT, 0, new byte[] {1, 2, 3}, Frames.FRAME_END);
            c.expectConnectionClose(ReplyCode.FRAME_ERROR);
            c.closeOkAndAwaitClosed();
        }
    }

    @Test
    void frameAnnouncingTwoGigabytesIsRefusedAsSoonAsItsHeaderIsIn() {
        try (RawClient c = RawClient.open(server.port())) {
            c.openChannel(1);
            c.sendBytes(new byte[] {Frames.TYPE_BODY, 0, 1, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
            c.expectConnectionClose(ReplyCode.FRAME_ERROR);
            c.closeOkAndAwaitClosed();
        }
    }

    // ---- methods

    @Test
    void unknownClassIdIs540() {
        try (RawClient c = RawClient.open(server.port())) {
            c.openChannel(1);
            c.sendFrame(Frames.TYPE_METHOD, 1, new byte[] {0, 99, 0, 10}, Frames.FRAME_END);
            Connection.Close close = c.expectConnectionClose(ReplyCode.NOT_IMPLEMENTED);
            assertThat(close.failingClassId()).isEqualTo(99);
            assertThat(close.failingMethodId()).isEqualTo(10);
            c.closeOkAndAwaitClosed();
        }
    }

    @Test
    void unknownMethodIdOfAKnownClassIs540() {
        try (RawClient c = RawClient.open(server.port())) {
            c.openChannel(1);
            c.sendFrame(Frames.TYPE_METHOD, 1, new byte[] {0, 60, 0x03, (byte) 0xE7}, Frames.FRAME_END);
            Connection.Close close = c.expectConnectionClose(ReplyCode.NOT_IMPLEMENTED);
            assertThat(close.failingClassId()).isEqualTo(60);
            assertThat(close.failingMethodId()).isEqualTo(999);
            c.closeOkAndAwaitClosed();
        }
    }

    @Test
    void truncatedMethodArgumentsAre502() {
        try (RawClient c = RawClient.open(server.port())) {
            c.openChannel(1);
            byte[] full = RawClient.methodPayload(
                    new Queue.Declare("a-queue-name", false, false, false, true, false, Map.of()));
            c.sendFrame(Frames.TYPE_METHOD, 1, Arrays.copyOf(full, 9), Frames.FRAME_END);
            Connection.Close close = c.expectConnectionClose(ReplyCode.SYNTAX_ERROR);
            assertThat(close.failingClassId()).isEqualTo(Queue.CLASS_ID);
            assertThat(close.failingMethodId()).isEqualTo(Queue.Declare.METHOD_ID);
            c.closeOkAndAwaitClosed();
        }
    }

    @Test
    void methodPayloadWithoutMethodIdIs502() {
        try (RawClient c = RawClient.open(server.port())) {
            c.openChannel(1);
            c.sendFrame(Frames.TYPE_METHOD, 1, new byte[] {0, 50}, Frames.FRAME_END);
            c.expectConnectionClose(ReplyCode.SYNTAX_ERROR);
            c.closeOkAndAwaitClosed();
        }
    }

    @Test
    void unknownFieldTypeInQueueDeclareArgumentsIs502() {
        try (RawClient c = RawClient.open(server.port())) {
            c.openChannel(1);
            // the table {a: 'Z' <3 bytes>}: 'Z' is no field type
            c.sendFrame(Frames.TYPE_METHOD, 1, queueDeclareWithTable(6, new byte[] {1, 'a', 'Z', 0, 0, 0}),
                    Frames.FRAME_END);
            c.expectConnectionClose(ReplyCode.SYNTAX_ERROR);
            c.closeOkAndAwaitClosed();
        }
    }

    @Test
    void fieldTableLongerThanTheFrameIs502() {
        try (RawClient c = RawClient.open(server.port())) {
            c.openChannel(1);
            // announces 100 bytes, holds one entry {a: 't' 1}
            c.sendFrame(Frames.TYPE_METHOD, 1, queueDeclareWithTable(100, new byte[] {1, 'a', 't', 1}),
                    Frames.FRAME_END);
            c.expectConnectionClose(ReplyCode.SYNTAX_ERROR);
            c.closeOkAndAwaitClosed();
        }
    }

    // ---- content

    @Test
    void bodyFrameWithoutPublishIs505() {
        try (RawClient c = RawClient.open(server.port())) {
            c.openChannel(1);
            c.sendBody(1, "stray".getBytes(StandardCharsets.UTF_8));
            c.expectConnectionClose(ReplyCode.UNEXPECTED_FRAME);
            c.closeOkAndAwaitClosed();
        }
    }

    @Test
    void contentHeaderWithoutPublishIs505() {
        try (RawClient c = RawClient.open(server.port())) {
            c.openChannel(1);
            c.sendContentHeader(1, Basic.CLASS_ID, 5);
            c.expectConnectionClose(ReplyCode.UNEXPECTED_FRAME);
            c.closeOkAndAwaitClosed();
        }
    }

    @Test
    void methodWhilePublishAwaitsItsHeaderIs505() {
        try (RawClient c = RawClient.open(server.port())) {
            c.openChannel(1);
            c.send(1, new Basic.Publish("", "q", false, false));
            c.send(1, new Queue.Declare("", false, false, false, true, false, Map.of()));
            c.expectConnectionClose(ReplyCode.UNEXPECTED_FRAME);
            c.closeOkAndAwaitClosed();
        }
    }

    @Test
    void methodWhilePublishAwaitsItsBodyIs505() {
        try (RawClient c = RawClient.open(server.port())) {
            c.openChannel(1);
            c.send(1, new Basic.Publish("", "q", false, false));
            c.sendContentHeader(1, Basic.CLASS_ID, 10);
            c.sendBody(1, new byte[4]);
            c.send(1, new Queue.Declare("", false, false, false, true, false, Map.of()));
            c.expectConnectionClose(ReplyCode.UNEXPECTED_FRAME);
            c.closeOkAndAwaitClosed();
        }
    }

    @Test
    void contentHeaderOfAnotherClassAfterPublishIs505() {
        try (RawClient c = RawClient.open(server.port())) {
            c.openChannel(1);
            c.send(1, new Basic.Publish("", "q", false, false));
            c.sendContentHeader(1, Queue.CLASS_ID, 0);
            c.expectConnectionClose(ReplyCode.UNEXPECTED_FRAME);
            c.closeOkAndAwaitClosed();
        }
    }

    @Test
    void contentFrameOnChannel0Is505() {
        try (RawClient c = RawClient.open(server.port())) {
            c.sendBody(0, new byte[] {1, 2, 3});
            c.expectConnectionClose(ReplyCode.UNEXPECTED_FRAME);
            c.closeOkAndAwaitClosed();
        }
    }

    @Test
    void wholePublishAfterAnEmptyBodyHeaderNeedsNoBodyFrame() {
        try (RawClient c = RawClient.open(server.port())) {
            c.openChannel(1);
            String queue = c.declareQueue(1, "").queue();
            c.send(1, new Confirm.Select(false));
            c.expect(1, Confirm.SelectOk.class);
            c.sendContent(1, new Basic.Publish("", queue, false, false), BasicProperties.EMPTY, new byte[0]);
            c.expect(1, Basic.Ack.class);
            c.send(1, new Queue.Declare(queue, true, false, false, false, false, Map.of()));
            assertThat(c.expect(1, Queue.DeclareOk.class).messageCount()).isEqualTo(1);
        }
    }

    // ---- channels

    @Test
    void frameOnAChannelAboveChannelMaxIs504() {
        try (RawClient c = RawClient.open(server.port(), 10, 0, 0)) {
            c.openChannel(10);
            c.send(11, new Channel.Open());
            c.expectConnectionClose(ReplyCode.CHANNEL_ERROR);
            c.closeOkAndAwaitClosed();
        }
    }

    @Test
    void methodOnAChannelNeverOpenedIs504() {
        try (RawClient c = RawClient.open(server.port())) {
            c.send(5, new Queue.Declare("", false, false, false, true, false, Map.of()));
            Connection.Close close = c.expectConnectionClose(ReplyCode.CHANNEL_ERROR);
            assertThat(close.failingClassId()).isEqualTo(Queue.CLASS_ID);
            assertThat(close.failingMethodId()).isEqualTo(Queue.Declare.METHOD_ID);
            c.closeOkAndAwaitClosed();
        }
    }

    @Test
    void secondChannelOpenOnOneChannelIs504() {
        try (RawClient c = RawClient.open(server.port())) {
            c.openChannel(3);
            c.send(3, new Channel.Open());
            Connection.Close close = c.expectConnectionClose(ReplyCode.CHANNEL_ERROR);
            assertThat(close.failingClassId()).isEqualTo(Channel.CLASS_ID);
            assertThat(close.failingMethodId()).isEqualTo(Channel.Open.METHOD_ID);
            c.closeOkAndAwaitClosed();
        }
    }

    // ---- the end of a failed connection

    @Test
    void framesAfterTheServersCloseAreDiscarded() {
        try (RawClient c = RawClient.open(server.port())) {
            c.sendFrame(9, 0, new byte[0], Frames.FRAME_END);
            c.expectConnectionClose(ReplyCode.FRAME_ERROR);
            // Section 1.4.2.5: after connection.close the peer discards anything but close and close-ok.
            c.send(1, new Channel.Open());
            c.send(0, new Connection.CloseOk());
            c.shutdownOutput();
            assertThat(c.awaitClosed(Duration.ofSeconds(5))).isTrue();
        }
    }

    /**
     * close-ok "tells the recipient that it is safe to release resources for the connection and
     * close the socket" (section 1.4.2.6); RabbitMQ closes at once. The client here keeps its side
     * open, as clients that wait for the server's end of stream do.
     */
    @Test
    void serverClosesTheSocketPromptlyAfterTheClientsCloseOk() {
        try (RawClient c = RawClient.open(server.port())) {
            c.sendFrame(9, 0, new byte[0], Frames.FRAME_END);
            c.expectConnectionClose(ReplyCode.FRAME_ERROR);
            long start = System.nanoTime();
            c.send(0, new Connection.CloseOk());
            boolean closed = c.awaitClosed(Duration.ofSeconds(5));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(closed).as("socket closed after close-ok").isTrue();
            assertThat(millis).as("ms from close-ok to the server's close").isLessThan(1_000);
        }
    }

    /** queue.declare of "q" with the given table length and table bytes. */
    private static byte[] queueDeclareWithTable(int tableLength, byte[] tableBytes) {
        ByteBuf buf = Unpooled.buffer();
        buf.writeShort(Queue.CLASS_ID).writeShort(Queue.Declare.METHOD_ID);
        buf.writeShort(0); // reserved
        buf.writeByte(1).writeByte('q');
        buf.writeByte(0); // passive, durable, exclusive, auto-delete, no-wait
        buf.writeInt(tableLength).writeBytes(tableBytes);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        return bytes;
    }
}
