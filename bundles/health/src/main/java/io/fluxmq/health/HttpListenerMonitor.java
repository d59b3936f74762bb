package io.fluxmq.health;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Dictionary;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the operator when the HTTP listener (console, /health, /ready) did not come up. Jetty
 * logs a bind failure as a stack trace; this names the listener, the address and the cause in one
 * line, and says what still works. It watches the HTTP configuration and, a few seconds after
 * each change, compares the configured address with the endpoints the HTTP runtime advertises.
 */
@Component(service = ConfigurationListener.class, name = "io.fluxmq.health.http-listener",
        configurationPolicy = ConfigurationPolicy.IGNORE)
public class HttpListenerMonitor implements ConfigurationListener {
    static final String HTTP_PID = "org.apache.felix.http";
    private static final Logger LOG = LoggerFactory.getLogger(HttpListenerMonitor.class);
    private static final long SETTLE_MILLIS = 3_000;
    private static final int ATTEMPTS = 5;

    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fluxmq-http-monitor");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> pending;

    @Activate
    public HttpListenerMonitor(BundleContext context, @Reference ConfigurationAdmin configAdmin) {
        this.context = context;
        this.configAdmin = configAdmin;
        schedule();
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (HTTP_PID.equals(event.getPid())) {
            schedule();
        }
    }

    private synchronized void schedule() {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = timer.schedule(() -> check(1), SETTLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void check(int attempt) {
        try {
            HttpAddress wanted = configured();
            if (wanted == null || advertised(wanted.port())) {
                return;
            }
            String cause = probe(wanted);
            if (cause != null) {
                LOG.error("HEALTH-2001 HTTP listener '{}' cannot bind {}:{}: {}. The Web Console, /health and /ready "
                        + "are unreachable until the port is free or {}.config names another; the rest of the broker "
                        + "keeps running.", wanted.name(), wanted.host(), wanted.port(), cause, HTTP_PID);
            } else if (attempt < ATTEMPTS) {
                timer.schedule(() -> check(attempt + 1), SETTLE_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                LOG.warn("HEALTH-2002 HTTP listener '{}' is not serving {}:{} although the port is free; see the "
                        + "Jetty messages above.", wanted.name(), wanted.host(), wanted.port());
            }
        } catch (RuntimeException e) {
            LOG.warn("HEALTH-2003 could not check the HTTP listener", e);
        }
    }

    private record HttpAddress(String name, String host, int port) {
    }

    private HttpAddress configured() {
        try {
            Configuration[] configs = configAdmin.listConfigurations("(service.pid=" + HTTP_PID + ")");
            if (configs == null || configs.length == 0) {
                return null;
            }
            Dictionary<String, Object> p = configs[0].getProperties();
            if (p == null || "false".equals(String.valueOf(p.get("org.apache.felix.http.enable")))) {
                return null;
            }
            Object port = p.get("org.osgi.service.http.port");
            int n = port == null ? 8080 : Integer.parseInt(String.valueOf(port).trim());
            if (n <= 0) {
                return null;
            }
            Object host = p.get("org.apache.felix.http.host");
            Object name = p.get("org.apache.felix.http.name");
            return new HttpAddress(name == null ? "http" : String.valueOf(name),
                    host == null ? "0.0.0.0" : String.valueOf(host), n);
        } catch (IOException | InvalidSyntaxException | NumberFormatException e) {
            LOG.warn("HEALTH-2003 could not read the HTTP configuration", e);
            return null;
        }
    }

    private boolean advertised(int port) {
        ServiceReference<HttpServiceRuntime> ref = context.getServiceReference(HttpServiceRuntime.class);
        if (ref == null) {
            return false;
        }
        Object endpoints = ref.getProperty("osgi.http.endpoint");
        String suffix = ":" + port + "/";
        if (endpoints instanceof String[] list) {
            for (String e : list) {
                if (e.endsWith(suffix)) {
                    return true;
                }
            }
        } else if (endpoints instanceof String e) {
            return e.endsWith(suffix);
        }
        return false;
    }

    /** Why the address cannot be bound, or null when it can (then Jetty is merely late). */
    private static String probe(HttpAddress address) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(address.host()), address.port()));
            return null;
        } catch (BindException e) {
            return "address already in use or not available (" + e.getMessage() + ")";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
