package io.fluxmq.transport.tcp.server;

import io.fluxmq.api.transport.ProtocolHandler;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.function.Function;

/**
 * One bound listener: accepts connections and hands each to the handler of its protocol. Plain
 * Java (no OSGi) so that it can be tested directly; {@link TcpListenerComponent} adapts it to
 * configuration and services.
 */
public final class NettyListener implements AutoCloseable {
    /** The protocol a connection was handed to. */
    static final AttributeKey<String> PROTOCOL = AttributeKey.valueOf("fluxmq.protocol");

    private final ListenerSettings settings;
    private final EventLoops loops;
    private final Function<String, ProtocolHandler> handlers;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private Channel serverChannel;

    public NettyListener(ListenerSettings settings, EventLoops loops, Function<String, ProtocolHandler> handlers) {
        this.settings = settings;
        this.loops = loops;
        this.handlers = handlers;
    }

    /**
     * Binds, or fails with a message that names the listener, the address and the cause.
     *
     * @throws ListenerBindException when the address cannot be bound
     */
    public void start() {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops.acceptor(), loops.workers())
                .channel(loops.serverChannelType())
                .option(ChannelOption.SO_BACKLOG, settings.backlog())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelSetup(settings, connections, handlers));
        ChannelFuture bind = bootstrap.bind(settings.address()).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            throw new ListenerBindException(settings, bind.cause());
        }
        serverChannel = bind.channel();
    }

    public String name() {
        return settings.name();
    }

    public String transport() {
        return settings.transport();
    }

    public java.util.List<String> protocols() {
        return settings.protocols();
    }

    /** The bound address (with the real port when port 0 was asked for). */
    public InetSocketAddress boundAddress() {
        return serverChannel == null ? settings.address() : (InetSocketAddress) serverChannel.localAddress();
    }

    public int connectionCount() {
        return connections.size();
    }

    /** Closes the connections handed to a protocol whose handler went away. */
    public void closeProtocol(String protocol) {
        connections.close(ch -> protocol.equals(ch.attr(PROTOCOL).get()));
    }

    /** Stops accepting, then closes every connection. */
    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
        connections.close().awaitUninterruptibly();
    }

    /** A listener could not bind; the message is what the operator reads. */
    public static final class ListenerBindException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        ListenerBindException(ListenerSettings s, Throwable cause) {
            super("TRANSPORT-1001 listener '" + s.name() + "' cannot bind " + s.address().getHostString() + ":"
                    + s.address().getPort() + ": " + reason(cause) + "; the rest of the broker keeps running", cause);
        }

        private static String reason(Throwable cause) {
            if (cause instanceof BindException) {
                return "address already in use or not available (" + cause.getMessage() + ")";
            }
            return String.valueOf(cause);
        }
    }
}
