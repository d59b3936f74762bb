package io.fluxmq.transport.tcp.server;

import io.fluxmq.api.transport.ConnectionInfo;
import io.fluxmq.api.transport.ProtocolHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a port that serves several protocols, waits for the first bytes, asks each protocol's
 * handler whether they are its, and hands the connection over. Removing this decoder passes the
 * bytes read so far on to the chosen protocol's handlers.
 */
final class ProtocolDetector extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(ProtocolDetector.class);

    private final ListenerSettings settings;
    private final ConnectionInfo info;
    private final Function<String, ProtocolHandler> handlers;
    private ScheduledFuture<?> timeout;

    ProtocolDetector(ListenerSettings settings, ConnectionInfo info, Function<String, ProtocolHandler> handlers) {
        this.settings = settings;
        this.info = info;
        this.handlers = handlers;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> {
            LOG.debug("listener '{}': {} sent no recognisable protocol header in time", settings.name(), info.remote());
            ctx.close();
        }, settings.detectionTimeoutMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        boolean waitForMore = false;
        for (String protocol : settings.protocols()) {
            ProtocolHandler handler = handlers.apply(protocol);
            if (handler == null) {
                continue;
            }
            if (in.readableBytes() < handler.detectionLength()) {
                waitForMore = true;
                continue;
            }
            if (handler.detect(in)) {
                timeout.cancel(false);
                // The protocol's handlers go in first: removing this decoder then passes the
                // bytes read so far to them.
                ChannelSetup.hand(ctx.channel(), protocol, info, handlers, settings);
                ctx.pipeline().remove(this);
                return;
            }
        }
        if (!waitForMore) {
            LOG.debug("listener '{}': {} speaks none of {}", settings.name(), info.remote(), settings.protocols());
            byte[] reply = reply(in);
            in.skipBytes(in.readableBytes());
            timeout.cancel(false);
            if (reply != null) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(reply)).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.close();
            }
        }
    }

    /** The answer of the first protocol that knows these bytes as another version of itself. */
    private byte[] reply(ByteBuf in) {
        for (String protocol : settings.protocols()) {
            ProtocolHandler handler = handlers.apply(protocol);
            byte[] reply = handler == null ? null : handler.headerReply(in);
            if (reply != null) {
                return reply;
            }
        }
        return null;
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }
}
