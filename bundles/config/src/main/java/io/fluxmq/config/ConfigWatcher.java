package io.fluxmq.config;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.MetaTypeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies etc/ to Configuration Admin and writes console edits back. Its own settings are
 * framework properties, not a configuration: it is what loads the configurations, so it cannot
 * wait for one.
 *
 * <ul>
 * <li>{@code fluxmq.etc}: the directory (default {@code ${fluxmq.home}/etc})</li>
 * <li>{@code fluxmq.config.poll}: milliseconds between polls (default 1000)</li>
 * <li>{@code fluxmq.config.startlevel.after}: framework start level to raise to once etc/ has been
 * applied (default: leave the start level alone)</li>
 * </ul>
 *
 * All work runs on one daemon thread, "fluxmq-config"; Configuration Admin's event thread and the
 * framework's bundle events only queue tasks onto it.
 */
// Configured by framework properties (fluxmq.etc, fluxmq.config.poll), never by ConfigAdmin: it feeds ConfigAdmin.
@Component(name = "io.fluxmq.config.watcher", immediate = true, service = ConfigurationListener.class,
        configurationPolicy = ConfigurationPolicy.IGNORE)
public final class ConfigWatcher implements ConfigurationListener {
    static final String ETC = "fluxmq.etc";
    static final String HOME = "fluxmq.home";
    static final String POLL = "fluxmq.config.poll";
    static final String START_LEVEL_AFTER = "fluxmq.config.startlevel.after";
    private static final long DEFAULT_POLL_MS = 1000;
    private static final long INITIAL_SCAN_TIMEOUT_S = 120;

    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);
    private static final ConfigLog SLF4J = new ConfigLog() {
        @Override
        public void info(String message) {
            LOG.info(message);
        }

        @Override
        public void warn(String message) {
            LOG.warn(message);
        }

        @Override
        public void error(String message) {
            LOG.error(message);
        }
    };

    @Reference
    private ConfigurationAdmin cm;
    private volatile MetaTypeService metatype;
    private volatile ScheduledExecutorService executor;
    private volatile EtcSync sync;
    private BundleContext context;
    private String lastUnexpected;

    private final BundleListener bundles = event -> {
        // A bundle installed or updated may carry the metatype of a file that was applied unchecked.
        if (event.getType() == BundleEvent.INSTALLED || event.getType() == BundleEvent.UPDATED) {
            queue(EtcSync::revalidate);
        }
    };

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setMetatype(MetaTypeService service) {
        metatype = service;
        queue(EtcSync::revalidate);
    }

    void unsetMetatype(MetaTypeService service) {
        if (metatype == service) {
            metatype = null;
        }
    }

    @Activate
    void activate(BundleContext context) {
        this.context = context;
        long pollMs = pollInterval(context.getProperty(POLL));
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fluxmq-config");
            t.setDaemon(true);
            return t;
        });
        executor = ex;
        Path dir = directory(context);
        EtcSync.Scan first = new EtcSync.Scan(0, 0);
        if (dir == null) {
            LOG.warn("CONFIG-2005 neither {} nor {} is set: no configuration directory is watched", ETC, HOME);
        } else {
            EtcSync s = new EtcSync(dir, cm, new MetatypeSchemas(context, () -> metatype),
                    new Variables(context::getProperty), SLF4J);
            sync = s;
            try {
                first = ex.submit(() -> s.scan(true)).get(INITIAL_SCAN_TIMEOUT_S, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.error("CONFIG-1009 the initial scan of {} failed: {}", dir, String.valueOf(e.getCause() == null ? e : e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.scheduleWithFixedDelay(() -> guarded(() -> s.scan(false)), pollMs, pollMs, TimeUnit.MILLISECONDS);
            context.addBundleListener(bundles);
            LOG.info("CONFIG-0006 watching {} every {} ms", dir, pollMs);
        }
        // The start level is raised even without a directory: FluxMQ bundles wait for it, and a
        // broker on defaults is better than one that silently never starts.
        raiseStartLevel(context, first);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(bundles);
        ScheduledExecutorService ex = executor;
        executor = null;
        sync = null;
        if (ex != null) {
            ex.shutdown(); // lets a running poll finish its file and Configuration Admin calls
            try {
                if (!ex.awaitTermination(5, TimeUnit.SECONDS)) {
                    ex.shutdownNow();
                }
            } catch (InterruptedException e) {
                ex.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Called by Configuration Admin on its event thread; queued onto the watcher thread. */
    @Override
    public void configurationEvent(ConfigurationEvent event) {
        int type = event.getType();
        String pid = event.getPid();
        queue(s -> s.onConfigurationEvent(type, pid));
    }

    private void queue(java.util.function.Consumer<EtcSync> task) {
        ScheduledExecutorService ex = executor;
        EtcSync s = sync;
        if (ex == null || s == null) {
            return;
        }
        try {
            ex.execute(() -> guarded(() -> task.accept(s)));
        } catch (RejectedExecutionException e) {
            // deactivating: the event no longer matters
        }
    }

    // A periodic task that throws is never run again: nothing may escape.
    private void guarded(Runnable work) {
        try {
            work.run();
            lastUnexpected = null;
        } catch (Throwable t) {
            String what = String.valueOf(t);
            if (!what.equals(lastUnexpected)) {
                LOG.error("CONFIG-1009 unexpected failure in the configuration watcher (continuing)", t);
                lastUnexpected = what;
            }
        }
    }

    private static void raiseStartLevel(BundleContext context, EtcSync.Scan first) {
        String summary = "CONFIG-0002 initial configuration applied (" + first.files() + " files"
                + (first.rejected() > 0 ? ", " + first.rejected() + " rejected" : "") + ")";
        String target = context.getProperty(START_LEVEL_AFTER);
        if (target == null || target.isBlank()) {
            LOG.info(summary);
            return;
        }
        try {
            int level = Integer.parseInt(target.trim());
            FrameworkStartLevel fsl = context.getBundle(0).adapt(FrameworkStartLevel.class);
            if (fsl.getStartLevel() < level) {
                LOG.info("{}, raising start level to {}", summary, level);
                fsl.setStartLevel(level);
            } else {
                LOG.info("{}; start level is already {}", summary, fsl.getStartLevel());
            }
        } catch (RuntimeException e) {
            LOG.error("CONFIG-1008 could not raise the start level to {}={}: {}", START_LEVEL_AFTER, target, e.toString());
        }
    }

    static Path directory(BundleContext context) {
        return directory(context.getProperty(ETC), context.getProperty(HOME));
    }

    static Path directory(String etc, String home) {
        if (etc != null && !etc.isBlank()) {
            return Paths.get(etc.trim()).toAbsolutePath();
        }
        if (home != null && !home.isBlank()) {
            return Paths.get(home.trim(), "etc").toAbsolutePath();
        }
        return null;
    }

    static long pollInterval(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_POLL_MS;
        }
        try {
            long ms = Long.parseLong(value.trim());
            if (ms > 0) {
                return ms;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warn("CONFIG-2006 {}={} is not a positive number of milliseconds; polling every {} ms", POLL, value,
                DEFAULT_POLL_MS);
        return DEFAULT_POLL_MS;
    }
}
