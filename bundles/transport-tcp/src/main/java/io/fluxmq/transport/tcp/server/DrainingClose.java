package io.fluxmq.transport.tcp.server;

import io.fluxmq.api.transport.GracefulClose;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;

/**
 * The transport's {@link GracefulClose}: sits between the transport's handlers (TLS, WebSocket
 * framing) and the protocol's, passes everything through until the protocol asks to close after
 * its last frame, and from then on drops what is read and what the protocol still writes, and
 * closes the connection when the peer closes its side or the grace period ends. The grace period
 * runs from the request and again from the moment the last frame is written, so a peer that reads
 * nothing cannot keep the connection for longer than twice the grace period.
 *
 * <p><b>Thread:</b> the channel's event loop. <b>Buffers:</b> inbound and outbound messages
 * dropped while closing are released here.
 */
public final class DrainingClose extends ChannelDuplexHandler implements GracefulClose {
    /** The default grace period: long enough for a peer on a slow link to read the last frame. */
    public static final long DEFAULT_GRACE_MILLIS = 2_000;

    private final long graceMillis;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;
    private boolean closing;

    public DrainingClose(long graceMillis) {
        this.graceMillis = graceMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void closeAfter(ChannelFuture lastFrame) {
        if (closing || ctx == null) {
            return;
        }
        closing = true;
        // A protocol that paused reading (a slow consumer) must not keep us from seeing the end of stream.
        ctx.channel().config().setAutoRead(true);
        ctx.channel().closeFuture().addListener(f -> cancelTimer());
        restartTimer();
        lastFrame.addListener(f -> {
            if (!f.isSuccess()) {
                ctx.close(); // nothing left to wait for
            } else {
                restartTimer();
            }
        });
    }

    /** Whether the protocol has asked to close: reads and writes are being dropped. */
    public boolean isClosing() {
        return closing;
    }

    private void restartTimer() {
        cancelTimer();
        if (ctx.channel().isOpen()) {
            timer = ctx.executor().schedule(() -> {
                ctx.close();
            }, graceMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    // channelReadComplete passes on while closing too: a protocol's handler may hold its flushes until
    // the end of a read (Netty's FlushConsolidationHandler), and its last frame would never leave.

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (closing && (evt instanceof ChannelInputShutdownEvent || evt instanceof ChannelInputShutdownReadComplete
                || evt instanceof SslCloseCompletionEvent)) {
            ctx.close(); // the peer closed its side: everything it sent is read, nothing resets
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            if (!promise.isVoid()) {
                promise.tryFailure(new ClosedChannelException());
            }
            return;
        }
        ctx.write(msg, promise);
    }
}
