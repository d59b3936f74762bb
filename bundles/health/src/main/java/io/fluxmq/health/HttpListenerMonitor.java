package io.fluxmq.health;

import io.fluxmq.api.server.ReadinessContributor;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Dictionary;
import java.util.List;
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
import org.osgi.service.cm.ConfigurationException;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.cm.ManagedService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the HTTP listener (console, /health, /ready) coming up. Jetty logs a bind failure as a stack
 * trace and then never tries again: this names the listener, the address and the cause in one line
 * (HEALTH-2001, then a reminder every {@value #REMINDER_MILLIS} ms while it lasts), watches the port
 * with a backoff (1 s doubling up to {@value #MAX_DELAY_MILLIS} ms), and once the port is free
 * has Jetty bind again with the configuration ConfigAdmin holds ({@link #rebindHttpService};
 * HEALTH-0001 when it serves). Re-applying the same configuration through ConfigAdmin would not do:
 * Jetty restarts only when a property changes, and a changed property would be written back to
 * etc/. Restarting Jetty's bundle brings Jetty back but not the Web Console. It runs a few seconds after activation and after each change of the HTTP configuration,
 * comparing the configured address with the endpoints the HTTP runtime advertises. Also a
 * {@link ReadinessContributor} for the time the HTTP listener is down (for surfaces other than the
 * HTTP port itself).
 */
@Component(service = {ConfigurationListener.class, ReadinessContributor.class},
        name = "io.fluxmq.health.http-listener", configurationPolicy = ConfigurationPolicy.IGNORE)
public class HttpListenerMonitor implements ConfigurationListener, ReadinessContributor {
    static final String HTTP_PID = "org.apache.felix.http";
    private static final Logger LOG = LoggerFactory.getLogger(HttpListenerMonitor.class);
    private static final long SETTLE_MILLIS = 3_000;
    private static final int ATTEMPTS = 5;
    static final long FIRST_DELAY_MILLIS = 1_000;
    static final long MAX_DELAY_MILLIS = 30_000;
    static final long REMINDER_MILLIS = 300_000;
    /** Added to the HTTP configuration handed to Jetty to make it bind again; never stored. */
    static final String REBIND_PROPERTY = "fluxmq.http.rebind";

    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fluxmq-http-monitor");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> pending;
    /** Set while the configured port is taken or Jetty gave up on it; what /ready reports. */
    private volatile String problem;
    private int failures;
    private int restarts;
    private long firstFailure;
    private long lastLogged;

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

    @Override
    public String name() {
        return "http";
    }

    @Override
    public List<String> problems() {
        String p = problem;
        return p == null ? List.of() : List.of(p);
    }

    private synchronized void schedule() {
        later(() -> check(1), SETTLE_MILLIS);
    }

    private synchronized void later(Runnable task, long delayMillis) {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = timer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void check(int attempt) {
        try {
            HttpAddress wanted = configured();
            if (wanted == null) {
                recovered(null);
                return;
            }
            if (advertised(wanted.port())) {
                recovered(wanted);
                return;
            }
            String cause = probe(wanted);
            if (cause != null) {
                portTaken(wanted, cause);
                later(() -> check(attempt + 1), delay());
            } else if (problem != null) {
                // Jetty failed to bind earlier and does not try again by itself: the port is free now.
                restarts++;
                rebindHttpService();
                later(() -> check(attempt + 1), Math.max(SETTLE_MILLIS, delay()));
            } else if (attempt < ATTEMPTS) {
                later(() -> check(attempt + 1), SETTLE_MILLIS);
            } else {
                LOG.warn("HEALTH-2002 HTTP listener '{}' is not serving {}:{} although the port is free; see the "
                        + "Jetty messages above.", wanted.name(), wanted.host(), wanted.port());
            }
        } catch (RuntimeException e) {
            LOG.warn("HEALTH-2003 could not check the HTTP listener", e);
        }
    }

    private long delay() {
        return Math.min(FIRST_DELAY_MILLIS << Math.min(Math.max(failures - 1, 0), 20), MAX_DELAY_MILLIS);
    }

    private void portTaken(HttpAddress wanted, String cause) {
        long now = System.currentTimeMillis();
        failures++;
        problem = "HTTP listener '" + wanted.name() + "' cannot bind " + wanted.host() + ":" + wanted.port() + ": "
                + cause + "; retrying";
        if (failures == 1) {
            firstFailure = now;
            lastLogged = now;
            LOG.error("HEALTH-2001 HTTP listener '{}' cannot bind {}:{}: {}. The Web Console, /health and /ready "
                    + "are unreachable until the port is free or {}.config names another; the rest of the broker "
                    + "keeps running. Retrying every {} s at first, then up to every {} s.", wanted.name(),
                    wanted.host(), wanted.port(), cause, HTTP_PID, FIRST_DELAY_MILLIS / 1000, MAX_DELAY_MILLIS / 1000);
        } else if (now - lastLogged >= REMINDER_MILLIS) {
            lastLogged = now;
            LOG.warn("HEALTH-2001 HTTP listener '{}' still cannot bind {}:{} after {} s: {}; still retrying",
                    wanted.name(), wanted.host(), wanted.port(), (now - firstFailure) / 1000, cause);
        }
    }

    private void recovered(HttpAddress bound) {
        if (problem != null && bound != null) {
            LOG.info("HEALTH-0001 HTTP listener '{}' serves {}:{} after {} s ({} restart(s) of the HTTP service)",
                    bound.name(), bound.host(), bound.port(), (System.currentTimeMillis() - firstFailure) / 1000,
                    restarts);
        }
        problem = null;
        failures = 0;
        restarts = 0;
    }

    /**
     * Has the HTTP service bind again with the configuration ConfigAdmin holds: hands that
     * configuration to the service's ManagedService with one more property, {@value #REBIND_PROPERTY},
     * which makes Jetty see a change and start its server again in place, the way an edit of the file
     * does (its whiteboard, and so the console and our servlets, stay registered). ConfigAdmin and the
     * file in etc/ are not touched; the next real change of the configuration replaces it all.
     */
    private void rebindHttpService() {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(ManagedService.class.getName(),
                    "(service.pid=" + HTTP_PID + ")");
            Configuration[] configs = configAdmin.listConfigurations("(service.pid=" + HTTP_PID + ")");
            if (refs == null || refs.length == 0 || configs == null || configs.length == 0) {
                LOG.warn("HEALTH-2003 no HTTP service takes the configuration {}; cannot have it bind again", HTTP_PID);
                return;
            }
            Dictionary<String, Object> props = configs[0].getProperties();
            if (props == null) {
                return;
            }
            props.put(REBIND_PROPERTY, String.valueOf(restarts));
            Object service = context.getService(refs[0]);
            try {
                if (service instanceof ManagedService http) {
                    LOG.info("HTTP listener port is free again: asking the HTTP service to bind");
                    http.updated(props);
                }
            } finally {
                context.ungetService(refs[0]);
            }
        } catch (IOException | InvalidSyntaxException | ConfigurationException | RuntimeException e) {
            LOG.warn("HEALTH-2003 could not have the HTTP service bind again: {}", e.toString());
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
