package io.fluxmq.transport.websocket.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.transport.ConnectionInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The frame adapter alone, in an EmbeddedChannel: what passes, what is answered, and who releases what. */
class WebSocketFrameAdapterTest {
    private final EmbeddedChannel ch = new EmbeddedChannel(
            new WebSocketFrameAdapter(new Refusals("unit"), new ConnectionInfo("unit", "ws", null, null)));

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
    void textFrameIsReleasedAndAnsweredWith1003() {
        TextWebSocketFrame text = new TextWebSocketFrame("hello");
        ch.writeInbound(text);
        assertThat(text.refCnt()).isZero();
        assertThat((Object) ch.readInbound()).isNull();
        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(1003);
        close.release();
        assertThat(ch.isOpen()).isFalse();
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
    void frameDecoderViolationsCloseWithTheirStatus() {
        ch.pipeline().fireExceptionCaught(new CorruptedWebSocketFrameException(WebSocketCloseStatus.MESSAGE_TOO_BIG,
                "Max frame length of 1024 has been exceeded."));
        CloseWebSocketFrame close = ch.readOutbound();
        assertThat(close.statusCode()).isEqualTo(1009);
        close.release();
        assertThat(ch.isOpen()).isFalse();
    }
}
