package io.fluxmq.transport.tcp.server;

import io.fluxmq.api.transport.ConnectionInfo;
import io.fluxmq.api.transport.ProtocolHandler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A test protocol: recognised by its first bytes, echoes what it reads prefixed by its name. */
class EchoProtocol implements ProtocolHandler {
    private final String name;
    private final byte[] magic;
    final List<ConnectionInfo> connections = new CopyOnWriteArrayList<>();

    EchoProtocol(String name, String magic) {
        this.name = name;
        this.magic = magic.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Override
    public String protocol() {
        return name;
    }

    @Override
    public int detectionLength() {
        return magic.length;
    }

    @Override
    public boolean detect(ByteBuf head) {
        for (int i = 0; i < magic.length; i++) {
            if (head.getByte(head.readerIndex() + i) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void initialize(Channel channel, ConnectionInfo info) {
        connections.add(info);
        channel.pipeline().addLast("echo", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ctx.writeAndFlush(msg);
            }
        });
    }
}
