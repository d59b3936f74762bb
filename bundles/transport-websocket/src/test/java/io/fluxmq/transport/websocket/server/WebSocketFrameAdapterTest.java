package io.fluxmq.transport.websocket.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.transport.ConnectionInfo;
import io.fluxmq.api.transport.GracefulClose;
import io.fluxmq.transport.tcp.server.DrainingClose;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The frame adapter alone, in an EmbeddedChannel: what passes, what is answered, and who releases what. */
class WebSocketFrameAdapterTest {
    /** The adapter and, after it as in a listener's pipeline, the transport's graceful close. */
    private final EmbeddedChannel ch = withGracefulClose(new EmbeddedChannel(
            new WebSocketFrameAdapter(new Refusals("unit"), new ConnectionInfo("unit", "ws", null, null))));

    private static EmbeddedChannel withGracefulClose(EmbeddedChannel channel) {
        channel.pipeline().addLast(GracefulClose.HANDLER, new DrainingClose(2_000));
        return channel;
    }

    @AfterEach
    void finish() {
        ch.finishAndReleaseAll();
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    @Test
    void binaryAndContinuationPayloadsPassAsTheSameBuffers() {
        ByteBuf first = bytes("ab");
        ByteBuf rest = bytes("cd");
        ch.writeInbound(new BinaryWebSocketFrame(false, 0, first), new ContinuationWebSocketFrame(true, 0, rest));
        ByteBuf a = ch.readInbound();
        ByteBuf b = ch.readInbound();
        assertThat(a).isSameAs(first);
        assertThat(b).isSameAs(rest);
        assertThat(a.refCnt()).as("the protocol owns the only reference").isEqualTo(1);
        a.release();
        b.release();
        ByteBuf empty = Unpooled.buffer(0);
        ch.writeInbound(new BinaryWebSocketFrame(empty));
        assertThat((Object) ch.readInbound()).as("empty frames are dropped").isNull();
        assertThat(empty.refCnt()).isZero();
    }

    @Test
    void textFrameIsAnsweredWith1003AndTheConnectionClosesWithThePeersClose() {
        TextWebSocketFrame text = new TextWebSocketFrame("hello");
        ch.writeInbound(text);
        assertThat(text.refCnt()).isZero();
        assertThat((Object) ch.readInbound()).isNull();
        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(1003);
        close.release();
        assertThat(ch.isOpen()).as("open until the peer has read our Close").isTrue();
        ByteBuf late = bytes("late");
        ch.writeInbound(new BinaryWebSocketFrame(late));
        assertThat(late.refCnt()).as("data after our Close is dropped").isZero();
        assertThat((Object) ch.readInbound()).isNull();
        ch.writeInbound(new CloseWebSocketFrame(WebSocketCloseStatus.INVALID_MESSAGE_TYPE));
        assertThat(ch.isOpen()).isFalse();
        assertThat((Object) ch.readOutbound()).as("exactly one Close frame").isNull();
    }

    @Test
    void textFrameClosesOnceTheGracePeriodEndsWhenThePeerNeverAnswers() {
        ch.writeInbound(new TextWebSocketFrame("hello"));
        CloseWebSocketFrame close = ch.readOutbound();
        close.release();
        ch.advanceTimeBy(1_999, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isTrue();
        ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).as("closed when the grace period ends").isFalse();
        assertThat((Object) ch.readOutbound()).as("exactly one Close frame").isNull();
    }

    @Test
    void pingIsAnsweredWithItsPayloadAndPongIsDropped() {
        ch.writeInbound(new PingWebSocketFrame(bytes("hb")));
        PongWebSocketFrame pong = ch.readOutbound();
        assertThat(pong.content().toString(StandardCharsets.US_ASCII)).isEqualTo("hb");
        pong.release();
        PongWebSocketFrame unsolicited = new PongWebSocketFrame(bytes("x"));
        ch.writeInbound(unsolicited);
        assertThat(unsolicited.refCnt()).isZero();
        assertThat((Object) ch.readInbound()).isNull();
    }

    @Test
    void closeFrameIsEchoedAndTheChannelClosed() {
        CloseWebSocketFrame received = new CloseWebSocketFrame(4001, "bye");
        ch.writeInbound(received);
        assertThat(received.refCnt()).isZero();
        CloseWebSocketFrame reply = ch.readOutbound();
        assertThat(reply.statusCode()).isEqualTo(4001);
        reply.release();
        assertThat(ch.isOpen()).isFalse();
        assertThat((Object) ch.readOutbound()).isNull();
    }

    @Test
    void bytesFromTheProtocolLeaveAsBinaryFrames() {
        ByteBuf out = bytes("mqtt");
        ch.writeOutbound(out);
        BinaryWebSocketFrame frame = ch.readOutbound();
        assertThat(frame.content()).isSameAs(out);
        assertThat(frame.isFinalFragment()).isTrue();
        frame.release();
    }

    @Test
    void closingTheChannelSendsOneNormalClose() {
        ch.close();
        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(1000);
        close.release();
        assertThat((Object) ch.readOutbound()).isNull();
    }

    @Test
    void oversizedFrameIsAnsweredWith1009AndTheRestDroppedUntilTheGracePeriodEnds() {
        EmbeddedChannel wire = withGracefulClose(new EmbeddedChannel(
                new WebSocket13FrameDecoder(WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(16)
                        .closeOnProtocolViolation(false).build()),
                new WebSocketFrameAdapter(new Refusals("unit"), new ConnectionInfo("unit", "ws", null, null))));
        try {
            // a masked binary frame announcing 1,000 bytes, more than the 16 allowed
            ByteBuf header = Unpooled.wrappedBuffer(new byte[] {(byte) 0x82, (byte) (0x80 | 126), 0x03, (byte) 0xE8,
                1, 2, 3, 4, 9, 9, 9, 9});
            wire.writeInbound(header);
            CloseWebSocketFrame close = wire.readOutbound();
            assertThat(close.statusCode()).isEqualTo(1009);
            close.release();
            assertThat(wire.isOpen()).as("open while the peer may still be sending").isTrue();
            ByteBuf rest = Unpooled.wrappedBuffer(new byte[4096]);
            wire.writeInbound(rest);
            assertThat(rest.refCnt()).as("the rest is dropped unread").isZero();
            assertThat((Object) wire.readInbound()).isNull();
            wire.advanceTimeBy(2, TimeUnit.SECONDS);
            wire.runScheduledPendingTasks();
            assertThat(wire.isOpen()).as("closed when the grace period ends").isFalse();
            assertThat((Object) wire.readOutbound()).as("exactly one Close frame").isNull();
        } finally {
            wire.finishAndReleaseAll();
        }
    }
}
