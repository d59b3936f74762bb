package io.fluxmq.mqtt.connection;

import io.fluxmq.mqtt.sys.BrokerStats;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/** Counts the MQTT bytes of a connection in both directions (after TLS, before the codec). */
public final class ByteCounter extends ChannelDuplexHandler {
    private final BrokerStats stats;

    public ByteCounter(BrokerStats stats) {
        this.stats = stats;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b) {
            stats.bytesReceived(b.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf b) {
            stats.bytesSent(b.readableBytes());
        }
        ctx.write(msg, promise);
    }
}
