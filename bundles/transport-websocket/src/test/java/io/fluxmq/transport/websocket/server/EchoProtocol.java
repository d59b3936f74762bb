package io.fluxmq.transport.websocket.server;

import io.fluxmq.api.transport.ConnectionInfo;
import io.fluxmq.api.transport.ProtocolHandler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A test protocol that writes back every buffer it reads and records where its connections came from. */
final class EchoProtocol implements ProtocolHandler {
    private final String name;
    final List<ConnectionInfo> connections = new CopyOnWriteArrayList<>();
    /** Whether anything but a ByteBuf ever reached the protocol (it must not over WebSocket). */
    volatile Object unexpected;

    EchoProtocol(String name) {
        this.name = name;
    }

    @Override
    public String protocol() {
        return name;
    }

    @Override
    public int detectionLength() {
        return 1;
    }

    @Override
    public boolean detect(ByteBuf head) {
        return true;
    }

    @Override
    public void initialize(Channel channel, ConnectionInfo info) {
        connections.add(info);
        channel.pipeline().addLast("echo", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (!(msg instanceof ByteBuf)) {
                    unexpected = msg;
                }
                ctx.writeAndFlush(msg);
            }
        });
    }
}
