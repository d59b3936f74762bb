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
import io.netty.util.concurrent.ScheduledFuture;
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
    private final BindRetry retry = new BindRetry();
    private Channel serverChannel;
    private boolean closed;
    /** Why the listener is not bound while it retries; null once bound (or before the first try). */
    private volatile String bindProblem;
    private ScheduledFuture<?> nextAttempt;
    private Runnable onRecovered;

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
        ChannelFuture bind = bootstrap().bind(settings.address()).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            throw new ListenerBindException(settings, bind.cause());
        }
        synchronized (this) {
            serverChannel = bind.channel();
        }
    }

    /**
     * Binds now (the caller waits for this first attempt) or, when the address cannot be bound,
     * keeps trying in the background with a backoff ({@link BindRetry}: 1 s doubling up to 30 s)
     * until it is bound or closed. The first failure is logged as TRANSPORT-1001 (error), reminders
     * every {@value BindRetry#REMINDER_MILLIS} ms while it lasts (warning, same code), the recovery as
     * TRANSPORT-0001. While not bound, {@link #bindProblem()} says why.
     *
     * @param recovered runs on an event loop when a later attempt binds; not when the first one does
     * @return whether the first attempt bound
     */
    public boolean startRetrying(Runnable recovered) {
        this.onRecovered = recovered;
        ChannelFuture bind = bootstrap().bind(settings.address()).awaitUninterruptibly();
        return attempted(bind);
    }

    private ServerBootstrap bootstrap() {
        return new ServerBootstrap()
                .group(loops.acceptor(), loops.workers())
                .channel(loops.serverChannelType())
                .option(ChannelOption.SO_BACKLOG, settings.backlog())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelSetup(settings, connections, handlers));
    }

    private synchronized boolean attempted(ChannelFuture bind) {
        if (closed) {
            if (bind.isSuccess()) {
                bind.channel().close();
            }
            return false;
        }
        if (bind.isSuccess()) {
            serverChannel = bind.channel();
            if (bindProblem != null) {
                bindProblem = null;
                InetSocketAddress a = boundAddress();
                LOG.info("TRANSPORT-0001 listener '{}' bound {}:{} ({}) after {} failed attempt(s) over {} s; accepting {}",
                        settings.name(), a.getHostString(), a.getPort(), settings.transport(), retry.attempts(),
                        retry.secondsSinceFirstFailure(), String.join(", ", settings.protocols()));
                retry.reset();
                if (onRecovered != null) {
                    onRecovered.run();
                }
            }
            return true;
        }
        String message = new ListenerBindException(settings, bind.cause()).getMessage();
        long delay = retry.failed();
        bindProblem = message.substring(message.indexOf("listener '")) + "; retrying every " + delay / 1000.0
                + " s at most " + BindRetry.MAX_DELAY_MILLIS / 1000 + " s apart";
        switch (retry.logNow()) {
            case FIRST -> LOG.error("{}; retrying in the background (every {} ms, doubling up to {} ms)", message,
                    delay, BindRetry.MAX_DELAY_MILLIS);
            case REMINDER -> LOG.warn("TRANSPORT-1001 listener '{}' still cannot bind {}:{} after {} attempt(s) over "
                    + "{} s: {}; still retrying", settings.name(), settings.address().getHostString(),
                    settings.address().getPort(), retry.attempts(), retry.secondsSinceFirstFailure(),
                    ListenerBindException.reason(bind.cause()));
            default -> LOG.debug("listener '{}': bind attempt {} failed; next in {} ms", settings.name(),
                    retry.attempts(), delay);
        }
        nextAttempt = loops.acceptor().schedule(
                () -> bootstrap().bind(settings.address()).addListener(f -> attempted((ChannelFuture) f)),
                delay, TimeUnit.MILLISECONDS);
        return false;
    }

    /** Why the listener is not bound while it keeps trying, or null when it is bound. */
    public String bindProblem() {
        return bindProblem;
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
    public synchronized InetSocketAddress boundAddress() {
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
        Channel server;
        synchronized (this) {
            closed = true;
            if (nextAttempt != null) {
                nextAttempt.cancel(false);
            }
            server = serverChannel;
        }
        if (server != null) {
            server.close().awaitUninterruptibly();
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

        static String reason(Throwable cause) {
            if (cause instanceof BindException) {
                return "address already in use or not available (" + cause.getMessage() + ")";
            }
            return String.valueOf(cause);
        }
    }
}
