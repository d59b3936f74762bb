package io.fluxmq.transport.websocket.server;

import io.fluxmq.api.transport.ConnectionInfo;
import io.fluxmq.api.transport.GracefulClose;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between the WebSocket frame codec and the protocol, so that the protocol reads and writes plain
 * bytes as it does over TCP.
 *
 * <p>Inbound, the payloads of binary frames and their continuations are passed on as they come:
 * MQTT packets are not aligned on frame boundaries (MQTT-6.0.0-2), the protocol's own decoder
 * reassembles them. A text frame closes the connection with 1003 (MQTT-6.0.0-1). Pings are
 * answered, pongs dropped, and a Close frame is answered with the same status before the
 * connection is closed (RFC 6455 section 5.5.1). Outbound, each {@link ByteBuf} becomes one binary
 * frame, and closing the channel sends a Close frame (1000) first so that browser clients see a
 * clean close rather than 1006. After a violation (an invalid or oversized frame, a text frame) the
 * connection ends through the transport's {@link GracefulClose}, as after a protocol's last packet:
 * it stays open, reading and dropping, until the peer closes it or the grace period ends, so that
 * the peer reads our Close frame and its reason. Exactly one Close frame is ever sent.
 *
 * <p><b>Thread:</b> the channel's event loop. <b>Buffers:</b> an inbound frame's content is handed
 * on to the protocol, which then owns it (the frame and its content share one reference count);
 * every other frame is released here. An outbound buffer is owned by the frame that wraps it.
 */
final class WebSocketFrameAdapter extends ChannelDuplexHandler {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketFrameAdapter.class);
    /** A peer that reads nothing must not keep a connection open that is closing normally. */
    private static final long FORCE_CLOSE_MILLIS = 2_000;

    private final Refusals refusals;
    private final ConnectionInfo info;
    private boolean closeSent;

    WebSocketFrameAdapter(Refusals refusals, ConnectionInfo info) {
        this.refusals = refusals;
        this.info = info;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof BinaryWebSocketFrame || msg instanceof ContinuationWebSocketFrame) {
            // Continuations can only belong to a binary message: a text message closes the connection.
            WebSocketFrame frame = (WebSocketFrame) msg;
            if (closeSent || !frame.content().isReadable()) {
                frame.release();
            } else {
                ctx.fireChannelRead(frame.content());
            }
        } else if (msg instanceof TextWebSocketFrame text) {
            text.release();
            refusals.report(Refusals.Reason.TEXT_FRAME, info.remote(), "text frame received; closed with 1003, "
                    + "MQTT over WebSocket uses binary frames (MQTT-6.0.0-1)");
            closeWith(ctx, new CloseWebSocketFrame(WebSocketCloseStatus.INVALID_MESSAGE_TYPE,
                    "MQTT needs binary frames"));
        } else if (msg instanceof PingWebSocketFrame ping) {
            if (closeSent) {
                ping.release();
            } else {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content()));
            }
        } else if (msg instanceof CloseWebSocketFrame close) {
            onClose(ctx, close);
        } else {
            // Pongs, and bytes the HTTP decoder still held when it was removed (sent before the 101).
            ReferenceCountUtil.release(msg);
        }
    }

    private void onClose(ChannelHandlerContext ctx, CloseWebSocketFrame close) {
        try {
            if (closeSent) {
                ctx.close(); // the peer's answer to our Close
                return;
            }
            int status = close.statusCode();
            LOG.debug("listener '{}': {} closed the WebSocket with status {}", info.listener(), info.remote(), status);
            closeSent = true;
            // Both Close frames exchanged: the server closes the connection first (RFC 6455 section 7.1.1).
            ChannelFuture written = ctx.writeAndFlush(WebSocketCloseStatus.isValidStatusCode(status)
                    ? new CloseWebSocketFrame(true, 0, status, null)
                    : new CloseWebSocketFrame());
            written.addListener(ChannelFutureListener.CLOSE);
            forceCloseIfStuck(ctx, written);
        } finally {
            close.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException bad) {
            WebSocketCloseStatus status = bad.closeStatus() == null ? WebSocketCloseStatus.PROTOCOL_ERROR
                    : bad.closeStatus();
            if (status.code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code()) {
                refusals.report(Refusals.Reason.FRAME_TOO_BIG, info.remote(), bad.getMessage()
                        + " Closed with 1009; raise max.frame.size if the client is right");
            } else {
                LOG.debug("listener '{}': invalid WebSocket frame from {}: {}", info.listener(), info.remote(),
                        bad.getMessage());
            }
            // The decoder reads nothing more; the rest of what the peer sends is dropped unread.
            ChannelHandlerContext decoder = ctx.pipeline().context(WebSocketFrameDecoder.class);
            if (decoder != null && ctx.pipeline().get(WebSocketStage.DISCARD) == null) {
                ctx.pipeline().addBefore(decoder.name(), WebSocketStage.DISCARD, new DiscardInbound());
            }
            if (closeSent) {
                ctx.close();
            } else {
                closeWith(ctx, new CloseWebSocketFrame(status, status.reasonText()));
            }
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    /**
     * Sends our Close frame on a violation and leaves the end of the connection to the transport's
     * {@link GracefulClose}: it waits for the peer to close (its Close frame, answered in
     * {@link #onClose}, or the end of the stream) while dropping what it still sends, for at most the
     * listener's grace period. Closing the socket at once would reset it if the peer is still sending
     * (an oversized frame usually is), and a reset makes the peer's stack drop our Close frame unread:
     * it would see 1006, not the reason.
     */
    private void closeWith(ChannelHandlerContext ctx, CloseWebSocketFrame frame) {
        closeSent = true;
        GracefulClose.after(ctx.writeAndFlush(frame));
    }

    /** Drops every inbound message: what a peer sends after a frame we could not decode. */
    private static final class DiscardInbound extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }

    private static void forceCloseIfStuck(ChannelHandlerContext ctx, ChannelFuture written) {
        if (!written.isDone()) {
            ScheduledFuture<?> force = ctx.executor().schedule(() -> ctx.channel().close(), FORCE_CLOSE_MILLIS,
                    TimeUnit.MILLISECONDS);
            written.addListener(f -> force.cancel(false));
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf bytes) {
            if (closeSent) {
                // RFC 6455 section 5.5.1: no data frames after a Close frame.
                bytes.release();
                promise.tryFailure(new ClosedChannelException());
            } else if (!bytes.isReadable()) {
                ctx.write(bytes, promise); // zero bytes on the wire, as over TCP
            } else {
                ctx.write(new BinaryWebSocketFrame(bytes), promise);
            }
        } else {
            ctx.write(msg, promise);
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (!closeSent && ctx.channel().isActive()) {
            closeSent = true;
            // The connection closes once the frame is out, not now: a close called while a flush is
            // writing (from the completion of an earlier write, e.g. DISCONNECT) would otherwise
            // close the socket before that flush reaches the frame.
            ChannelFuture written = ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
            if (!written.isDone()) {
                written.addListener(f -> ctx.close(promise));
                forceCloseIfStuck(ctx, written);
                return;
            }
        }
        ctx.close(promise);
    }
}
