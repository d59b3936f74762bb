package io.fluxmq.transport.websocket;

import io.fluxmq.api.server.ProtocolServer;
import io.fluxmq.api.server.ReadinessContributor;
import io.fluxmq.api.transport.ProtocolHandler;
import io.fluxmq.transport.tcp.server.ListenerComponent;
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
@Component(name = "io.fluxmq.transport.websocket", service = ReadinessContributor.class,
        immediate = true, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = WebSocketListenerConfig.class, factory = true)
public class WebSocketListenerComponent extends ListenerComponent {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketListenerComponent.class);
    static final int DEFAULT_PORT = 8083;
    static final int DEFAULT_TLS_PORT = 8084;

    @Activate
    public WebSocketListenerComponent(@Reference SharedEventLoops loops, WebSocketListenerConfig config) {
        super(checkedSettings(config), loops.get(), LOG);
        if (!isBound()) {
            return; // logged (TRANSPORT-1001); it binds as soon as it can (TRANSPORT-0001)
        }
        InetSocketAddress bound = address();
        LOG.info("Listener '{}' accepting {} on {}://{}:{}{}", config.name(), String.join(", ", config.protocols()),
                transport(), bound.getHostString(), bound.getPort(), config.path());
    }

    /** The settings, or the configuration error logged (naming the listener) and thrown. */
    private static ListenerSettings checkedSettings(WebSocketListenerConfig config) {
        try {
            return settings(config);
        } catch (IllegalArgumentException e) {
            LOG.error(e.getMessage());
            throw e;
        }
    }

    static ListenerSettings settings(WebSocketListenerConfig c) {
        WebSocketSettings ws = new WebSocketSettings(c.name(), c.path(), List.of(c.subprotocols()),
                new LinkedHashSet<>(List.of(c.allowed_origins())), c.max_frame_size(), c.handshake_timeout_ms());
        return new ListenerSettings(c.name(), new InetSocketAddress(c.host(), port(c)), List.of(c.protocols()),
                c.tls_enabled() ? TlsContexts.forServer(tls(c)) : null, c.max_connections(), c.backlog(),
                c.handshake_timeout_ms(), new WebSocketStage(ws), c.close_grace_ms());
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
        bind(handler);
    }

    void removeHandler(ProtocolHandler handler) {
        unbind(handler);
    }

    @Deactivate
    void deactivate() {
        stop();
    }
}
