package io.fluxmq.core.storage;

import io.fluxmq.api.server.ReadinessContributor;
import io.fluxmq.api.storage.LogStore;
import io.fluxmq.api.storage.StateStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the storage backend by configuration and migrates the data when the choice changes. It
 * is bound to every StateStore and LogStore that names a backend, and registers one
 * {@link SelectedStateStore} and one {@link SelectedLogStore} (service property
 * {@value StateStore#SELECTED_PROPERTY}) once the configured backend's two stores are there; from
 * then on consumers keep those two services whatever the backend, so a switch keeps every client
 * connected. Its {@link ReadinessContributor} ("storage") keeps /ready at 503 while no backend is
 * selected, while a switch is refused or failed, and while the backend in use is gone. While it is
 * gone (its bundle updated or restarted), writes wait for it, for at most {@code outage.timeout.seconds}.
 *
 * <p><b>Threads:</b> every decision (select, re-attach, migrate) runs on one daemon thread,
 * {@code fluxmq-storage-selector}, in the order configuration changes and service events came, and
 * so does the end of an outage that lasted too long; bind and unbind only record the service and
 * hand over, except that an unbind of the backend in use detaches it at once, before its store is
 * closed.
 */
@Component(name = StorageSelector.PID, configurationPid = StorageSelector.PID, immediate = true,
        service = ReadinessContributor.class)
@Designate(ocd = StorageSelector.Config.class)
// Registered by hand once a backend is selected; declared for resolvers (-resolve.effective: active).
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.fluxmq.api.storage.StateStore\"")
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.fluxmq.api.storage.LogStore\"")
public final class StorageSelector implements ReadinessContributor {
    /** Component name and configuration PID. */
    public static final String PID = "io.fluxmq.storage";
    /** The {@value StateStore#BACKEND_PROPERTY} value of the selected stores. */
    static final String SELECTED_NAME = "selected";
    /** Backend stores only: never the selected stores themselves. */
    static final String BACKENDS = "(&(" + StateStore.BACKEND_PROPERTY + "=*)(!(" + StateStore.SELECTED_PROPERTY
            + "=true)))";
    static final String NOT_SELECTED_YET = "no storage backend selected yet";

    private static final Logger LOG = LoggerFactory.getLogger("io.fluxmq.core.storage");

    @ObjectClassDefinition(name = "FluxMQ storage backend",
            description = "The backend whose StateStore and LogStore the broker uses. Changing it while the broker"
                    + " runs copies every session, subscription, inflight exchange, offline queue, retained message,"
                    + " will, queue log, group offset and pending entry into the new backend, then switches; clients"
                    + " stay connected and their writes wait during the copy.")
    @interface Config {
        @AttributeDefinition(name = "Backend",
                description = "memory: on the heap, lost when the broker stops. rocksdb: on disk (see"
                        + " io.fluxmq.storage.rocksdb.environment), kept across restarts.",
                options = {
                    @Option(label = "memory", value = "memory"),
                    @Option(label = "rocksdb", value = "rocksdb")
                })
        String backend() default "memory";

        @AttributeDefinition(name = "Migration timeout (seconds)", min = "1", max = "86400",
                description = "How long a switch may take, from holding writes to switching. When exceeded, the"
                        + " broker stays on the old backend and the held writes go to it.")
        int migration_timeout_seconds() default 120;

        @AttributeDefinition(name = "Writes held during a switch", min = "1", max = "10000000",
                description = "Writes that may wait while a switch copies or while the backend in use is away."
                        + " Beyond it, writes fail at once with storage UNAVAILABLE (MQTT 5: 0x88/0x80) instead of"
                        + " holding memory without bound.")
        int max_held_writes() default 100_000;

        @AttributeDefinition(name = "Outage timeout (seconds)", min = "1", max = "3600",
                description = "How long writes wait for the backend in use when its stores go away, e.g. while its"
                        + " bundle is updated (about a second). When exceeded, the waiting writes fail with storage"
                        + " UNAVAILABLE, and so do new ones until the backend is back.")
        int outage_timeout_seconds() default 30;
    }

    private final BoundStores stores = new BoundStores();
    private final StoreGate gate = new StoreGate(100_000);
    private final SelectedStateStore selectedState = new SelectedStateStore(gate);
    private final SelectedLogStore selectedLog = new SelectedLogStore(gate);
    private final Selection selection = new Selection(stores, gate, this::publishOnce, p -> problems = p);
    private volatile Publisher publisher;
    private volatile Settings settings;
    private volatile ScheduledExecutorService executor;
    private volatile List<String> problems = List.of(NOT_SELECTED_YET);
    // Selector thread only.
    private AutoCloseable publication;
    private long watchedOutage;

    /** For Declarative Services, which then calls {@link #activate}. */
    public StorageSelector() {
    }

    /** Outside OSGi (tests): {@code publisher} receives the selected stores. */
    StorageSelector(Publisher publisher) {
        this.publisher = publisher;
    }

    @Activate
    void activate(BundleContext context, Config config) {
        publisher = (state, log) -> register(context, state, log);
        start(settings(config));
    }

    @Modified
    void modified(Config config) {
        update(settings(config));
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    static Settings settings(Config c) {
        return new Settings(c.backend(), Duration.ofSeconds(c.migration_timeout_seconds()), c.max_held_writes(),
                Duration.ofSeconds(c.outage_timeout_seconds()));
    }

    void start(Settings s) {
        settings = s;
        gate.setMaxHeld(s.maxHeldWrites());
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "fluxmq-storage-selector");
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        executor = e;
        schedule();
    }

    /** A new configuration: also the way to retry a switch that failed. */
    void update(Settings s) {
        settings = s;
        gate.setMaxHeld(s.maxHeldWrites());
        submit(() -> {
            selection.retry();
            reconcile();
        });
    }

    /** Unregisters the selected stores, ends a running migration (its held writes go to the old backend). */
    void stop() {
        ScheduledExecutorService e = executor;
        executor = null;
        if (e != null) {
            e.shutdownNow();
            try {
                if (!e.awaitTermination(30, TimeUnit.SECONDS)) {
                    LOG.warn("STORAGE-1005 the storage selector thread did not stop within 30 s");
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
        unpublish();
        gate.close();
    }

    @Reference(name = "stateStores", service = StateStore.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, target = BACKENDS)
    void bindStateStore(StateStore store, Map<String, Object> properties) {
        if (BoundStores.nameOf(properties) != null) {
            stores.addState(store, properties);
            schedule();
        }
    }

    void unbindStateStore(StateStore store, Map<String, Object> properties) {
        long id = stores.removeState(store);
        gone(id, gate.detachIf(b -> b.state() == store));
    }

    @Reference(name = "logStores", service = LogStore.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, target = BACKENDS)
    void bindLogStore(LogStore store, Map<String, Object> properties) {
        if (BoundStores.nameOf(properties) != null) {
            stores.addLog(store, properties);
            schedule();
        }
    }

    void unbindLogStore(LogStore store, Map<String, Object> properties) {
        long id = stores.removeLog(store);
        gone(id, gate.detachIf(b -> b.log() == store));
    }

    private void gone(long id, boolean wasInUse) {
        if (wasInUse && executor != null && frameworkStopping()) {
            // Its store closes for good: nothing held for it could ever be written.
            submit(() -> {
                if (gate.holdingForAbsentBackend()) {
                    gate.failHeld();
                }
            });
        } else if (wasInUse && executor != null) {
            LOG.warn("STORAGE-1003 a store of the backend in use went away (service {}): storage calls wait for it"
                    + " (at most {})", id,
                    Pipeline.describe(settings.outageTimeout()));
        }
        schedule();
    }

    @Override
    public String name() {
        return "storage";
    }

    @Override
    public List<String> problems() {
        return problems;
    }

    /** The selected StateStore, registered once a backend is selected. */
    StateStore selectedState() {
        return selectedState;
    }

    LogStore selectedLog() {
        return selectedLog;
    }

    StoreGate gate() {
        return gate;
    }

    private void schedule() {
        submit(this::reconcile);
    }

    private void submit(Runnable task) {
        ScheduledExecutorService e = executor;
        if (e == null) {
            return; // not active yet: start() reconciles; or stopped
        }
        try {
            e.execute(task);
        } catch (RejectedExecutionException stopped) {
            // deactivated meanwhile
        }
    }

    /** Brings the selection in line with the configuration and the bound services. Selector thread. */
    private void reconcile() {
        try {
            selection.reconcile(settings);
            watchOutage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("STORAGE-1006 the storage selector failed unexpectedly: {}", e.toString(), e);
        }
    }

    /** Bounds the outage that holds writes now, if any, by {@code outage.timeout.seconds}. Selector thread. */
    private void watchOutage() {
        long outage = gate.outage();
        ScheduledExecutorService e = executor;
        if (!gate.holdingForAbsentBackend() || outage == watchedOutage || e == null) {
            return;
        }
        watchedOutage = outage;
        Duration timeout = settings.outageTimeout();
        try {
            e.schedule(() -> endOutage(outage, timeout), timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // deactivated meanwhile
        }
    }

    /** The backend in use did not come back in time: the writes held for it fail. Selector thread. */
    private void endOutage(long outage, Duration timeout) {
        if (gate.outage() == outage && gate.holdingForAbsentBackend()) {
            int failed = gate.failHeld();
            LOG.error("STORAGE-1007 the storage backend in use did not come back within {}: {} held writes failed"
                    + " with UNAVAILABLE, and writes fail at once until it is back", Pipeline.describe(timeout), failed);
            reconcile();
        }
    }

    private void publishOnce() {
        if (publication == null) {
            publication = publisher.publish(selectedState, selectedLog);
        }
    }

    private void unpublish() {
        AutoCloseable p = publication;
        publication = null;
        if (p != null) {
            try {
                p.close();
            } catch (Exception e) {
                LOG.debug("unregistering the selected stores: {}", e.toString());
            }
        }
    }

    private static AutoCloseable register(BundleContext context, StateStore state, LogStore log) {
        var properties = FrameworkUtil.asDictionary(Map.<String, Object>of(StateStore.SELECTED_PROPERTY, Boolean.TRUE,
                StateStore.BACKEND_PROPERTY, SELECTED_NAME));
        ServiceRegistration<StateStore> s = context.registerService(StateStore.class, state, properties);
        ServiceRegistration<LogStore> l = context.registerService(LogStore.class, log, properties);
        return () -> {
            for (ServiceRegistration<?> r : List.of(l, s)) {
                try {
                    r.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // the bundle is stopping and the framework unregistered it
                }
            }
        };
    }

    /** During shutdown every store goes away; that is not worth a warning. */
    private static boolean frameworkStopping() {
        Bundle self = FrameworkUtil.getBundle(StorageSelector.class);
        if (self == null) {
            return false; // not in a framework (unit tests)
        }
        BundleContext context = self.getBundleContext();
        return context == null || context.getBundle(0).getState() == Bundle.STOPPING;
    }
}
