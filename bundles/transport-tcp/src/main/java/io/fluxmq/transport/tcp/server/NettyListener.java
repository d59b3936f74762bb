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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bound listener: accepts connections and hands each to the handler of its protocol. Plain
 * Java (no OSGi) so that it can be tested directly; {@link TcpListenerComponent} adapts it to
 * configuration and services.
 */
public final class NettyListener implements AutoCloseable {
    /** The protocol a connection was handed to. */
    static final AttributeKey<String> PROTOCOL = AttributeKey.valueOf("fluxmq.protocol");
    /** How long a protocol may take to end its connections its own way before they are closed. */
    static final long SHUTDOWN_GRACE_MILLIS = 5000;
    private static final Logger LOG = LoggerFactory.getLogger(NettyListener.class);

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

    /**
     * For readiness: the protocols this listener serves that have no handler yet. Until a
     * protocol's bundle registers its handler, a connection speaking it is closed as unknown, so
     * the listener is not ready to serve it, although it is bound.
     */
    public List<String> missingHandlers() {
        List<String> problems = new ArrayList<>();
        for (String protocol : settings.protocols()) {
            if (handlers.apply(protocol) == null) {
                problems.add("listener '" + settings.name() + "' has no " + protocol + " handler yet: its "
                        + protocol + " connections are closed until the protocol's bundle registers one");
            }
        }
        return problems;
    }

    /** The bound address (with the real port when port 0 was asked for). */
    public InetSocketAddress boundAddress() {
        return serverChannel == null ? settings.address() : (InetSocketAddress) serverChannel.localAddress();
    }

    public int connectionCount() {
        return connections.size();
    }

    /**
     * Ends the connections handed to a protocol whose handler is going away: the handler ends
     * them its way first ({@link ProtocolHandler#shutdown}), then what is left is closed. Blocks
     * the caller (the service registry's thread) for {@link #SHUTDOWN_GRACE_MILLIS} at most.
     */
    public void closeProtocol(ProtocolHandler handler) {
        shutdown(handler, handedTo(handler.protocol()), true);
    }

    /**
     * Stops accepting, lets each protocol's handler end its connections its way, then closes
     * every connection. Blocks for {@link #SHUTDOWN_GRACE_MILLIS} at most per protocol.
     */
    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
        Map<String, List<Channel>> byProtocol = new LinkedHashMap<>();
        for (Channel ch : connections) {
            String protocol = ch.attr(PROTOCOL).get();
            if (protocol != null) {
                byProtocol.computeIfAbsent(protocol, p -> new ArrayList<>()).add(ch);
            }
        }
        byProtocol.forEach((protocol, channels) -> {
            ProtocolHandler handler = handlers.apply(protocol);
            if (handler != null) {
                shutdown(handler, channels, false);
            }
        });
        connections.close().awaitUninterruptibly();
    }

    private List<Channel> handedTo(String protocol) {
        List<Channel> channels = new ArrayList<>();
        for (Channel ch : connections) {
            if (protocol.equals(ch.attr(PROTOCOL).get())) {
                channels.add(ch);
            }
        }
        return channels;
    }

    private void shutdown(ProtocolHandler handler, List<Channel> channels, boolean handlerStopping) {
        if (channels.isEmpty()) {
            return;
        }
        try {
            handler.shutdown(List.copyOf(channels), handlerStopping).toCompletableFuture()
                    .get(SHUTDOWN_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("TRANSPORT-2002 listener '{}': the {} handler did not end its {} connection(s) within {} ms; "
                    + "closing them", settings.name(), handler.protocol(), channels.size(), SHUTDOWN_GRACE_MILLIS);
        } catch (ExecutionException | RuntimeException e) {
            LOG.warn("TRANSPORT-2002 listener '{}': the {} handler failed to end its connections ({}); closing them",
                    settings.name(), handler.protocol(), e instanceof ExecutionException ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Channel ch : channels) {
            ch.close();
        }
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
