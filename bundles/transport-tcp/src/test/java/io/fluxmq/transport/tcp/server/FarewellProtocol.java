package io.fluxmq.transport.tcp.server;

import io.fluxmq.api.transport.ConnectionInfo;
import io.fluxmq.api.transport.GracefulClose;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * A test protocol that answers the first bytes it reads with {@code backlog} bytes of data and a
 * last frame, and ends the connection: a server with data still queued for a slow reader.
 */
final class FarewellProtocol extends EchoProtocol {
    private final int backlog;
    private final String farewell;

    FarewellProtocol(String name, int backlog, String farewell) {
        super(name, "F");
        this.backlog = backlog;
        this.farewell = farewell;
    }

    @Override
    public void initialize(Channel channel, ConnectionInfo info) {
        channel.pipeline().addLast("farewell", new ChannelInboundHandlerAdapter() {
            private boolean said;

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
                if (!said) {
                    said = true;
                    ctx.write(Unpooled.wrappedBuffer(new byte[backlog]));
                    GracefulClose.after(ctx.writeAndFlush(Unpooled.copiedBuffer(farewell, StandardCharsets.US_ASCII)));
                }
            }
        });
    }
}
