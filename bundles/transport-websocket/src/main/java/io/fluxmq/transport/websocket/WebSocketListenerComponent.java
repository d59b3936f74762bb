package io.fluxmq.transport.websocket;

import io.fluxmq.api.server.ProtocolServer;
import io.fluxmq.api.server.ReadinessContributor;
import io.fluxmq.api.transport.ProtocolHandler;
import io.fluxmq.transport.tcp.server.ListenerSettings;
import io.fluxmq.transport.tcp.server.NettyListener;
import io.fluxmq.transport.tcp.server.SharedEventLoops;
import io.fluxmq.transport.tcp.server.TlsContexts;
import io.fluxmq.transport.tcp.server.TlsSettings;
import io.fluxmq.transport.websocket.server.WebSocketSettings;
import io.fluxmq.transport.websocket.server.WebSocketStage;
import java.net.InetSocketAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket listener per factory configuration ({@code etc/io.fluxmq.transport.websocket-<name>.config}):
 * a {@link NettyListener} of the TCP transport, on its shared event loops, with the
 * {@link WebSocketStage} between TLS and the protocol. Like the TCP listener it binds on
 * activation (a bind or configuration error fails only this listener, with a message naming it),
 * serves a protocol while that protocol's handler is registered and closes the protocol's
 * connections when the handler goes away.
 */
@Component(name = "io.fluxmq.transport.websocket", service = {ProtocolServer.class, ReadinessContributor.class},
        immediate = true, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = WebSocketListenerConfig.class, factory = true)
public class WebSocketListenerComponent implements ProtocolServer, ReadinessContributor {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketListenerComponent.class);
    static final int DEFAULT_PORT = 8083;
    static final int DEFAULT_TLS_PORT = 8084;

    private final Map<String, ProtocolHandler> handlers = new ConcurrentHashMap<>();
    private final NettyListener listener;

    @Activate
    public WebSocketListenerComponent(@Reference SharedEventLoops loops, WebSocketListenerConfig config) {
        ListenerSettings settings;
        try {
            settings = settings(config);
        } catch (IllegalArgumentException e) {
            LOG.error(e.getMessage());
            throw e;
        }
        this.listener = new NettyListener(settings, loops.get(), handlers::get);
        try {
            listener.start();
        } catch (NettyListener.ListenerBindException e) {
            LOG.error(e.getMessage());
            throw e;
        }
        InetSocketAddress bound = listener.boundAddress();
        LOG.info("Listener '{}' accepting {} on {}://{}:{}{}", config.name(), String.join(", ", config.protocols()),
                settings.transport(), bound.getHostString(), bound.getPort(), config.path());
    }

    static ListenerSettings settings(WebSocketListenerConfig c) {
        WebSocketSettings ws = new WebSocketSettings(c.name(), c.path(), List.of(c.subprotocols()),
                new LinkedHashSet<>(List.of(c.allowed_origins())), c.max_frame_size(), c.handshake_timeout_ms());
        return new ListenerSettings(c.name(), new InetSocketAddress(c.host(), port(c)), List.of(c.protocols()),
                c.tls_enabled() ? TlsContexts.forServer(tls(c)) : null, c.max_connections(), c.backlog(),
                c.handshake_timeout_ms(), new WebSocketStage(ws));
    }

    /** The conventional ports of MQTT over WebSocket unless one is configured. */
    static int port(WebSocketListenerConfig c) {
        if (c.port() >= 0) {
            return c.port();
        }
        return c.tls_enabled() ? DEFAULT_TLS_PORT : DEFAULT_PORT;
    }

    private static TlsSettings tls(WebSocketListenerConfig c) {
        return new TlsSettings(c.name(), c.tls_keystore(), c.tls_keystore_password(), c.tls_certificate(), c.tls_key(),
                c.tls_key_password(), c.tls_client_ca(), c.tls_client_auth(), c.tls_protocols());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addHandler(ProtocolHandler handler) {
        handlers.put(handler.protocol(), handler);
    }

    void removeHandler(ProtocolHandler handler) {
        if (handlers.remove(handler.protocol(), handler) && listener != null) {
            // The protocol's bundle is stopping or updating: its clients reconnect to the new one.
            listener.closeProtocol(handler);
        }
    }

    @Deactivate
    void deactivate() {
        listener.close();
        LOG.info("Listener '{}' stopped", listener.name());
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
