package io.fluxmq.transport.tcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.transport.GracefulClose;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The graceful close in an EmbeddedChannel: what passes before, what is dropped after, when it closes. */
class DrainingCloseTest {
    private final EmbeddedChannel ch = new EmbeddedChannel();

    DrainingCloseTest() {
        ch.pipeline().addLast(GracefulClose.HANDLER, new DrainingClose(2_000));
    }

    @AfterEach
    void finish() {
        ch.finishAndReleaseAll();
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    private ChannelFuture lastFrame() {
        ChannelFuture written = ch.writeAndFlush(bytes("DISCONNECT"));
        ByteBuf out = ch.readOutbound();
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("DISCONNECT");
        out.release();
        return written;
    }

    @Test
    void everythingPassesUntilTheProtocolAsksToClose() {
        ByteBuf in = bytes("in");
        ch.writeInbound(in);
        assertThat((Object) ch.readInbound()).isSameAs(in);
        in.release();
        ch.writeOutbound(bytes("out"));
        ByteBuf out = ch.readOutbound();
        out.release();
    }

    @Test
    void afterTheLastFrameInputIsDroppedAndNothingMoreIsWritten() {
        GracefulClose.after(lastFrame());
        assertThat(ch.isOpen()).as("open while the peer may still be sending").isTrue();
        ByteBuf burst = Unpooled.wrappedBuffer(new byte[65_536]);
        ch.writeInbound(burst);
        assertThat(burst.refCnt()).as("released, not passed on").isZero();
        assertThat((Object) ch.readInbound()).isNull();
        ByteBuf late = bytes("PUBLISH");
        ChannelFuture lateWrite = ch.writeAndFlush(late);
        assertThat(late.refCnt()).isZero();
        assertThat(lateWrite.isSuccess()).isFalse();
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void closesWhenThePeerEndsItsSide() {
        GracefulClose.after(lastFrame());
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void closesWhenThePeerEndsTls() {
        GracefulClose.after(lastFrame());
        ch.pipeline().fireUserEventTriggered(SslCloseCompletionEvent.SUCCESS);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void closesWhenTheGracePeriodEnds() {
        GracefulClose.after(lastFrame());
        ch.advanceTimeBy(1_999, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isTrue();
        ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aLastFrameThatCannotBeWrittenClosesAtOnce() {
        GracefulClose.after(ch.newFailedFuture(new java.io.IOException("broken pipe")));
        assertThat(ch.isOpen()).isFalse();
    }

    /** Found by HostileInputIT: MQTT consolidates flushes until the read completes. */
    @Test
    void aLastFrameWrittenDuringAReadIsFlushedWhenTheReadCompletes() {
        EmbeddedChannel mqttLike = new EmbeddedChannel();
        try {
            mqttLike.pipeline().addLast(GracefulClose.HANDLER, new DrainingClose(2_000))
                    .addLast(new FlushConsolidationHandler(64, true))
                    .addLast(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ReferenceCountUtil.release(msg);
                            GracefulClose.after(ctx.channel().writeAndFlush(bytes("DISCONNECT")));
                        }
                    });
            mqttLike.writeInbound(bytes("violation"));
            ByteBuf out = mqttLike.readOutbound();
            assertThat(out).as("flushed at the end of the read").isNotNull();
            assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("DISCONNECT");
            out.release();
            assertThat(mqttLike.isOpen()).isTrue();
        } finally {
            mqttLike.finishAndReleaseAll();
        }
    }

    @Test
    void readingResumesForAProtocolThatPausedIt() {
        ch.config().setAutoRead(false);
        GracefulClose.after(lastFrame());
        assertThat(ch.config().isAutoRead()).as("else the end of stream is never read").isTrue();
    }

    @Test
    void withoutTheTransportsHandlerTheChannelClosesOnceTheFrameIsWritten() {
        EmbeddedChannel bare = new EmbeddedChannel();
        try {
            GracefulClose.after(bare.writeAndFlush(bytes("bye")));
            assertThat(bare.isOpen()).isFalse();
        } finally {
            bare.finishAndReleaseAll();
        }
    }
}
