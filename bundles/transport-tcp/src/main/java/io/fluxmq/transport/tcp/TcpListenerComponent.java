package io.fluxmq.transport.tcp;

import io.fluxmq.api.server.ProtocolServer;
import io.fluxmq.api.server.ReadinessContributor;
import io.fluxmq.api.transport.ProtocolHandler;
import io.fluxmq.transport.tcp.server.ListenerComponent;
import io.fluxmq.transport.tcp.server.ListenerSettings;
import io.fluxmq.transport.tcp.server.SharedEventLoops;
import io.fluxmq.transport.tcp.server.TlsContexts;
import io.fluxmq.transport.tcp.server.TlsSettings;
import java.net.InetSocketAddress;
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
 * One TCP/TLS listener per factory configuration ({@code etc/io.fluxmq.transport.tcp-<name>.config}).
 * Registered as a {@link ProtocolServer} only while bound. When the address is taken the listener
 * logs it (TRANSPORT-1001, naming the listener and the address), reports it on {@code /ready}, and
 * keeps trying with a backoff until it binds, while every other listener keeps running. A changed
 * configuration rebinds. Also a {@link ReadinessContributor}: not ready while unbound or while a
 * protocol it serves has no handler.
 */
// Immediate: a listener must bind when configured, not when something first asks for the service.
@Component(name = "io.fluxmq.transport.tcp", service = ReadinessContributor.class,
        immediate = true, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = TcpListenerConfig.class, factory = true)
public class TcpListenerComponent extends ListenerComponent {
    private static final Logger LOG = LoggerFactory.getLogger(TcpListenerComponent.class);

    @Activate
    public TcpListenerComponent(@Reference SharedEventLoops loops, TcpListenerConfig config) {
        super(new ListenerSettings(config.name(), new InetSocketAddress(config.host(), config.port()),
                List.of(config.protocols()), config.tls_enabled() ? TlsContexts.forServer(tls(config)) : null,
                config.max_connections(), config.backlog(), config.detection_timeout_ms(), null, config.close_grace_ms()),
                loops.get(), LOG);
        if (!isBound()) {
            return; // logged (TRANSPORT-1001); it binds as soon as it can (TRANSPORT-0001)
        }
        InetSocketAddress bound = address();
        LOG.info("Listener '{}' accepting {} on {}:{} ({})", config.name(), String.join(", ", config.protocols()),
                bound.getHostString(), bound.getPort(), transport());
    }

    private static TlsSettings tls(TcpListenerConfig c) {
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
