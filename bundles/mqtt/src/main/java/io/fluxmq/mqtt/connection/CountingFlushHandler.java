package io.fluxmq.mqtt.connection;

import io.fluxmq.mqtt.sys.BrokerStats;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * The first MQTT handler of a connection (after TLS, before the codec): counts its bytes in both
 * directions and consolidates its flushes. One write system call for the packets written in one
 * read or one batch of tasks, not one per packet: a flush while a read is in progress waits for
 * the end of the read; one outside a read (a delivery handed over from another event loop) runs
 * after the tasks queued with it, and at most {@code held} flushes are held back. One handler for
 * both, as each handler in the pipeline costs every idle connection a context of its own.
 */
public final class CountingFlushHandler extends FlushConsolidationHandler {
    private final BrokerStats stats;

    public CountingFlushHandler(BrokerStats stats, int held) {
        super(held, true);
        this.stats = stats;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf b) {
            stats.bytesReceived(b.readableBytes());
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf b) {
            stats.bytesSent(b.readableBytes());
        }
        ctx.write(msg, promise);
    }
}
