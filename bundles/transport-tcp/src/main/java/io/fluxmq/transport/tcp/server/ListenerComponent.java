package io.fluxmq.transport.tcp.server;

import io.fluxmq.api.server.ProtocolServer;
import io.fluxmq.api.server.ReadinessContributor;
import io.fluxmq.api.transport.ProtocolHandler;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * What every listener component (TCP/TLS here, WebSocket in its bundle) does the same way: bind on
 * construction, serve a protocol while its handler is registered, close that protocol's
 * connections when the handler goes, answer as a {@link ProtocolServer} and tell readiness when a
 * protocol it serves has no handler. Subclasses carry the DS annotations (component, configuration,
 * the handler reference) and delegate to {@link #bind}, {@link #unbind} and {@link #stop}.
 */
public abstract class ListenerComponent implements ProtocolServer, ReadinessContributor {
    private final Map<String, ProtocolHandler> handlers = new ConcurrentHashMap<>();
    private final NettyListener listener;
    private final Logger log;

    /**
     * Binds the listener; a bind failure is logged with the listener's name and address and thrown,
     * which fails the component's activation (so that {@code /ready} names it).
     *
     * @param log the subclass's logger, so that its lines keep their source
     */
    protected ListenerComponent(ListenerSettings settings, EventLoops loops, Logger log) {
        this.log = log;
        this.listener = new NettyListener(settings, loops, handlers::get);
        try {
            listener.start();
        } catch (NettyListener.ListenerBindException e) {
            log.error(e.getMessage());
            throw e;
        }
    }

    /** A protocol's handler appeared: its connections are served from now on. */
    protected void bind(ProtocolHandler handler) {
        handlers.put(handler.protocol(), handler);
    }

    /** The protocol's bundle is stopping or updating: its clients reconnect to the new one. */
    protected void unbind(ProtocolHandler handler) {
        if (handlers.remove(handler.protocol(), handler)) {
            listener.closeProtocol(handler);
        }
    }

    /** Unbinds and closes every connection. */
    protected void stop() {
        listener.close();
        log.info("Listener '{}' stopped", listener.name());
    }

    @Override
    public String name() {
        return listener.name();
    }

    @Override
    public String protocol() {
        return String.join(",", listener.protocols());
    }

    @Override
    public String transport() {
        return listener.transport();
    }

    @Override
    public InetSocketAddress address() {
        return listener.boundAddress();
    }

    @Override
    public int connectionCount() {
        return listener.connectionCount();
    }

    /** Not ready while a protocol it serves has no handler (/ready, the console). */
    @Override
    public List<String> problems() {
        return listener.missingHandlers();
    }
}
