package io.fluxmq.amqp091.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    private final FrameDecoder decoder = new FrameDecoder(4096);
    private final EmbeddedChannel channel = new EmbeddedChannel(decoder);

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private static ByteBuf hex(String hex) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex.replace(" ", "")));
    }

    private static ByteBuf method(int ch, Method m) {
        ByteBuf b = Unpooled.buffer();
        FrameWriter.writeMethod(b, ch, m);
        return b;
    }

    private List<Frame> read() {
        List<Frame> frames = new ArrayList<>();
        for (Object o; (o = channel.readInbound()) != null; ) {
            frames.add((Frame) o);
        }
        return frames;
    }

    private AmqpException error(ByteBuf in) {
        Throwable t = catchThrowable(() -> channel.writeInbound(in));
        assertThat(t).isInstanceOf(DecoderException.class).hasCauseInstanceOf(AmqpException.class);
        return (AmqpException) t.getCause();
    }

    private AmqpException frameError(ByteBuf in) {
        AmqpException e = error(in);
        assertThat(e.replyCode()).isEqualTo(ReplyCode.FRAME_ERROR);
        assertThat(e.connectionLevel()).isTrue();
        return e;
    }

    @Test
    void methodFrame() {
        channel.writeInbound(method(1, new Basic.Qos(0, 10, false)));
        assertThat(read()).containsExactly(new MethodFrame(1, new Basic.Qos(0, 10, false)));
    }

    @Test
    void severalFramesInOneBuffer() {
        ByteBuf b = Unpooled.buffer();
        FrameWriter.writeMethod(b, 0, new Connection.TuneOk(2047, 131072, 60));
        FrameWriter.writeHeartbeat(b);
        FrameWriter.writeMethod(b, 0, new Connection.Open("/"));
        FrameWriter.writeMethod(b, 1, new Channel.Open());
        channel.writeInbound(b);
        assertThat(read()).containsExactly(
                new MethodFrame(0, new Connection.TuneOk(2047, 131072, 60)),
                new HeartbeatFrame(0),
                new MethodFrame(0, new Connection.Open("/")),
                new MethodFrame(1, new Channel.Open()));
    }

    @Test
    void framesSplitAcrossManyReads() {
        ByteBuf b = Unpooled.buffer();
        Basic.Publish publish = new Basic.Publish("amq.topic", "a.b", false, false);
        BasicProperties props = new BasicProperties("text/plain", null, Map.of("h", "v"), 2, null, null, null, null,
                null, null, null, null, null, null);
        ByteBuf body = Unpooled.copiedBuffer("hello, world", StandardCharsets.UTF_8);
        FrameWriter.writeContent(b, 7, publish, props, body, 4096);
        FrameWriter.writeHeartbeat(b);
        List<Frame> frames = new ArrayList<>();
        while (b.isReadable()) {
            channel.writeInbound(b.readRetainedSlice(1));
            frames.addAll(read());
        }
        b.release();
        assertThat(frames).hasSize(4);
        assertThat(frames.get(0)).isEqualTo(new MethodFrame(7, publish));
        assertThat(frames.get(1)).isEqualTo(new HeaderFrame(7, 60, 12, props));
        BodyFrame bodyFrame = (BodyFrame) frames.get(2);
        assertThat(bodyFrame.channel()).isEqualTo(7);
        assertThat(bodyFrame.content().toString(StandardCharsets.UTF_8)).isEqualTo("hello, world");
        bodyFrame.content().release();
        assertThat(frames.get(3)).isEqualTo(new HeartbeatFrame(0));
    }

    @Test
    void nothingUntilTheFrameIsComplete() {
        ByteBuf b = method(1, new Basic.Ack(5, true));
        channel.writeInbound(b.readRetainedSlice(b.readableBytes() - 1));
        assertThat(read()).isEmpty();
        channel.writeInbound(b);
        assertThat(read()).containsExactly(new MethodFrame(1, new Basic.Ack(5, true)));
    }

    @Test
    void contentHeaderWithAllPropertiesRoundTrips() {
        ByteBuf b = Unpooled.buffer();
        FrameWriter.writeHeader(b, 3, 60, 1L << 33, BasicPropertiesTest.ALL);
        channel.writeInbound(b);
        assertThat(read()).containsExactly(new HeaderFrame(3, 60, 1L << 33, BasicPropertiesTest.ALL));
    }

    @Test
    void contentHeaderWithNoPropertiesRoundTrips() {
        ByteBuf b = Unpooled.buffer();
        FrameWriter.writeHeader(b, 3, 60, 0, BasicProperties.EMPTY);
        assertThat(b.readableBytes()).isEqualTo(8 + 14);
        channel.writeInbound(b);
        List<Frame> frames = read();
        assertThat(frames).containsExactly(new HeaderFrame(3, 60, 0, BasicProperties.EMPTY));
        assertThat(((HeaderFrame) frames.get(0)).properties().headers()).isNull();
    }

    @Test
    void bodyFramesSplitAtFrameMaxDecodeToTheBody() {
        byte[] bytes = new byte[10_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        ByteBuf b = Unpooled.buffer();
        FrameWriter.writeBody(b, 2, Unpooled.wrappedBuffer(bytes), 4096);
        channel.writeInbound(b);
        List<Frame> frames = read();
        assertThat(frames).hasSize(3);
        ByteBuf joined = Unpooled.buffer();
        for (Frame f : frames) {
            BodyFrame body = (BodyFrame) f;
            assertThat(body.channel()).isEqualTo(2);
            assertThat(body.content().readableBytes()).isLessThanOrEqualTo(4096 - 8);
            joined.writeBytes(body.content());
            assertThat(body.content().refCnt()).isPositive();
            body.content().release();
        }
        assertThat(frames.stream().map(f -> ((BodyFrame) f).content().capacity()))
                .containsExactly(4088, 4088, 1824);
        assertThat(ByteBufUtil.getBytes(joined)).isEqualTo(bytes);
    }

    @Test
    void bodyContentIsARetainedSlice() {
        ByteBuf b = hex("03 0001 00000003 616263 ce");
        channel.writeInbound(b);
        BodyFrame frame = (BodyFrame) read().get(0);
        assertThat(frame.content().toString(StandardCharsets.US_ASCII)).isEqualTo("abc");
        assertThat(b.refCnt()).isEqualTo(1);
        assertThat(frame.content().release()).isTrue();
        assertThat(b.refCnt()).isZero();
    }

    @Test
    void emptyBodyFrame() {
        channel.writeInbound(hex("03 0001 00000000 ce"));
        BodyFrame frame = (BodyFrame) read().get(0);
        assertThat(frame.content().readableBytes()).isZero();
        frame.content().release();
    }

    @Test
    void frameOfExactlyFrameMaxIsAccepted() {
        ByteBuf b = Unpooled.buffer().writeByte(3).writeShort(1).writeInt(4096 - 8).writeZero(4096 - 8)
                .writeByte(0xCE);
        channel.writeInbound(b);
        BodyFrame frame = (BodyFrame) read().get(0);
        assertThat(frame.content().readableBytes()).isEqualTo(4088);
        frame.content().release();
    }

    @Test
    void oversizedFrameIsRefusedFromTheHeaderAlone() {
        AmqpException e = frameError(hex("03 0001 00000ff9"));
        assertThat(e.text()).isEqualTo("frame size 4097 exceeds frame-max 4096");
    }

    @Test
    void frameMaxCanBeChanged() {
        decoder.maxFrameSize(131072);
        ByteBuf b = Unpooled.buffer().writeByte(3).writeShort(1).writeInt(10_000).writeZero(10_000).writeByte(0xCE);
        channel.writeInbound(b);
        ((BodyFrame) read().get(0)).content().release();
        decoder.maxFrameSize(4096);
        frameError(hex("03 0001 00002710"));
    }

    @Test
    void zeroFrameMaxMeansTheHardCap() {
        decoder.maxFrameSize(0);
        ByteBuf b = Unpooled.buffer().writeByte(3).writeShort(1).writeInt(10_000).writeZero(10_000).writeByte(0xCE);
        channel.writeInbound(b);
        ((BodyFrame) read().get(0)).content().release();
        AmqpException e = frameError(hex("03 0001 08000000"));
        assertThat(e.text()).isEqualTo("frame size " + (128L * 1024 * 1024 + 8) + " exceeds frame-max "
                + FrameDecoder.HARD_MAX_FRAME_SIZE);
    }

    @Test
    void negativeFrameMaxIsRefused() {
        assertThatThrownBy(() -> new FrameDecoder(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decoder.maxFrameSize(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badFrameEnd() {
        AmqpException e = frameError(hex("08 0000 00000000 00"));
        assertThat(e.text()).contains("0x00");
    }

    @Test
    void badFrameEndOnABodyFrameLeaksNothing() {
        ByteBuf b = hex("03 0001 00000001 61 cf");
        frameError(b);
        assertThat(b.refCnt()).isZero();
    }

    @Test
    void unknownFrameType() {
        AmqpException e = frameError(hex("04 0000 00000000 ce"));
        assertThat(e.text()).isEqualTo("unknown frame type 4");
        // even before the rest of the header arrives
        assertThat(new EmbeddedChannel(new FrameDecoder(0))).satisfies(ch -> {
            Throwable t = catchThrowable(() -> ch.writeInbound(hex("41 4d 51 50 00 00 09 01")));
            assertThat(t).hasCauseInstanceOf(AmqpException.class);
            ch.finishAndReleaseAll();
        });
    }

    @Test
    void heartbeat() {
        channel.writeInbound(hex("08 0000 00000000 ce"));
        assertThat(read()).containsExactly(new HeartbeatFrame(0));
    }

    @Test
    void heartbeatOnChannelOne() {
        AmqpException e = frameError(hex("08 0001 00000000 ce"));
        assertThat(e.text()).isEqualTo("heartbeat frame on channel 1");
    }

    @Test
    void heartbeatWithAPayload() {
        frameError(hex("08 0000 00000001 00 ce"));
    }

    @Test
    void unknownMethodId() {
        AmqpException e = error(hex("01 0001 00000004 003c 00ff ce"));
        assertThat(e.replyCode()).isEqualTo(ReplyCode.NOT_IMPLEMENTED);
        assertThat(e.classId()).isEqualTo(60);
        assertThat(e.methodId()).isEqualTo(255);
    }

    @Test
    void truncatedMethod() {
        // basic.ack with only four of the eight delivery tag bytes
        AmqpException e = error(hex("01 0001 00000008 003c 0050 00000000 ce"));
        assertThat(e.replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR);
        assertThat(e.classId()).isEqualTo(60);
        assertThat(e.methodId()).isEqualTo(80);
    }

    @Test
    void malformedTableWithABadTypeOctet() {
        // basic.consume: reserved, queue "q", tag "", bits, table {"k": 'Z' ...}
        AmqpException e = error(hex("01 0001 00000012 003c 0014 0000 0171 00 00 00000004 016b 5a00 ce"));
        assertThat(e.replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR);
        assertThat(e.classId()).isEqualTo(60);
        assertThat(e.methodId()).isEqualTo(20);
    }

    @Test
    void malformedTableWithALengthPastTheEnd() {
        AmqpException e = error(hex("01 0001 00000012 003c 0014 0000 0171 00 00 00001000 016b 5600 ce"));
        assertThat(e.replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR);
    }

    @Test
    void contentHeaderShorterThanFourteenBytes() {
        AmqpException e = frameError(hex("02 0001 0000000d 003c 0000 0000000000000001 00 ce"));
        assertThat(e.text()).contains("13 bytes");
    }

    @Test
    void contentHeaderWithAWeight() {
        frameError(hex("02 0001 0000000e 003c 0001 0000000000000001 0000 ce"));
    }

    @Test
    void contentHeaderWithTruncatedProperties() {
        // content-type flag set but no content-type
        frameError(hex("02 0001 0000000e 003c 0000 0000000000000001 8000 ce"));
    }

    @Test
    void contentHeaderWithAMalformedHeadersTable() {
        frameError(hex("02 0001 00000016 003c 0000 0000000000000001 2000 00000004 016b 5a00 ce"));
    }

    @Test
    void everythingAfterAnErrorIsDiscarded() {
        ByteBuf bad = hex("08 0001 00000000 ce");
        ByteBuf good = method(1, new Basic.Ack(1, false));
        ByteBuf both = Unpooled.wrappedBuffer(bad, good);
        frameError(both);
        assertThat(read()).isEmpty();
        ByteBuf more = method(1, new Basic.Ack(2, false));
        channel.writeInbound(more);
        assertThat(read()).isEmpty();
    }

    @Test
    void afterAnErrorThePeersCloseOkIsStillFound() {
        frameError(hex("08 0001 00000000 ce"));
        ByteBuf closeOk = method(0, new Connection.CloseOk());
        channel.writeInbound(Unpooled.wrappedBuffer(hex("01 02 03"), closeOk.readRetainedSlice(5)));
        assertThat(read()).as("split across reads").isEmpty();
        channel.writeInbound(closeOk);
        assertThat(read()).containsExactly(new MethodFrame(0, new Connection.CloseOk()));
    }

    @Test
    void framesBeforeAnErrorAreDelivered() {
        ByteBuf b = Unpooled.buffer();
        FrameWriter.writeMethod(b, 1, new Tx.Commit());
        b.writeBytes(hex("05 0000 00000000 ce"));
        frameError(b);
        assertThat(read()).containsExactly(new MethodFrame(1, new Tx.Commit()));
    }
}
