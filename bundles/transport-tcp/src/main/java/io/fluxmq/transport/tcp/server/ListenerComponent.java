package io.fluxmq.transport.tcp.server;

import io.fluxmq.api.server.ProtocolServer;
import io.fluxmq.api.server.ReadinessContributor;
import io.fluxmq.api.transport.ProtocolHandler;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;

/**
 * What every listener component (TCP/TLS here, WebSocket in its bundle) does the same way: bind on
 * construction, or keep trying with a backoff while the address is taken ({@link NettyListener#startRetrying});
 * serve a protocol while its handler is registered, close that protocol's connections when the
 * handler goes, register as a {@link ProtocolServer} while bound, and tell readiness while it is not
 * bound or a protocol it serves has no handler. Subclasses carry the DS annotations (component,
 * configuration, the handler reference; the component's service is {@link ReadinessContributor}
 * only, the {@link ProtocolServer} registration is this class's) and delegate to {@link #bind},
 * {@link #unbind} and {@link #stop}.
 */
public abstract class ListenerComponent implements ProtocolServer, ReadinessContributor {
    private final Map<String, ProtocolHandler> handlers = new ConcurrentHashMap<>();
    private final NettyListener listener;
    private final Logger log;
    private final BundleContext context;
    private ServiceRegistration<ProtocolServer> registration;
    private boolean stopped;

    /**
     * Binds the listener. When the address cannot be bound the component still activates: the
     * failure is logged with the listener's name and address (TRANSPORT-1001), {@code /ready} names
     * it, and the listener binds in the background as soon as it can, without a configuration change.
     *
     * @param log the subclass's logger, so that its lines keep their source
     */
    protected ListenerComponent(ListenerSettings settings, EventLoops loops, Logger log) {
        this.log = log;
        this.listener = new NettyListener(settings, loops, handlers::get);
        Bundle bundle = FrameworkUtil.getBundle(getClass());
        this.context = bundle == null ? null : bundle.getBundleContext(); // null outside OSGi (unit tests)
        if (listener.startRetrying(this::register)) {
            register();
        }
    }

    /** Whether the listener is bound now (it may still be trying). */
    protected boolean isBound() {
        return listener.bindProblem() == null;
    }

    private synchronized void register() {
        if (context != null && registration == null && !stopped) {
            try {
                registration = context.registerService(ProtocolServer.class, this, null);
            } catch (IllegalStateException bundleStopping) {
                // nothing to register with any more
            }
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
        synchronized (this) {
            stopped = true;
            if (registration != null) {
                try {
                    registration.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // the bundle is stopping
                }
                registration = null;
            }
        }
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

    /** Not ready while it is not bound or a protocol it serves has no handler (/ready, the console). */
    @Override
    public List<String> problems() {
        String bind = listener.bindProblem();
        if (bind == null) {
            return listener.missingHandlers();
        }
        List<String> problems = new ArrayList<>();
        problems.add(bind);
        problems.addAll(listener.missingHandlers());
        return problems;
    }
}
