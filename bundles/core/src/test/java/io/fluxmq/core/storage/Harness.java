package io.fluxmq.core.storage;

import static org.awaitility.Awaitility.await;

import io.fluxmq.api.storage.LogStore;
import io.fluxmq.api.storage.StateStore;
import io.fluxmq.storage.memory.MemoryLogStore;
import io.fluxmq.storage.memory.MemoryStateStore;
import io.fluxmq.storage.rocksdb.RocksDbEnvironment;
import io.fluxmq.storage.rocksdb.RocksDbLogStore;
import io.fluxmq.storage.rocksdb.RocksDbStateStore;
import io.fluxmq.storage.rocksdb.engine.Settings;
import io.fluxmq.storage.rocksdb.engine.SyncPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.framework.Constants;

/**
 * A {@link StorageSelector} outside OSGi with real backends bound by hand, as Declarative Services
 * would bind them: each backend gets fresh service ids, and the published selected stores are captured.
 */
final class Harness implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(60);

    final StorageSelector selector;
    private final AtomicLong ids = new AtomicLong(100);
    private final AtomicInteger publications = new AtomicInteger();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private volatile boolean unpublished;

    Harness(String backend) {
        this(settings(backend));
    }

    Harness(io.fluxmq.core.storage.Settings settings) {
        selector = new StorageSelector((state, log) -> {
            publications.incrementAndGet();
            return () -> unpublished = true;
        });
        selector.start(settings);
    }

    static io.fluxmq.core.storage.Settings settings(String backend) {
        return new io.fluxmq.core.storage.Settings(backend, Duration.ofSeconds(60), 100_000, Duration.ofSeconds(30));
    }

    /** A fresh, empty in-memory backend. */
    static Backend memory() {
        return new Backend("memory", new MemoryStateStore(), new MemoryLogStore(), -1, -1);
    }

    /** A fresh RocksDB backend in {@code dir}, closed with the harness. */
    Backend rocksdb(Path dir) {
        RocksDbEnvironment env = RocksDbEnvironment.open(Settings.defaults(dir, SyncPolicy.BATCH));
        RocksDbStateStore state = new RocksDbStateStore(env);
        RocksDbLogStore log = new RocksDbLogStore(env);
        closing.add(env);
        closing.add(log);
        closing.add(state);
        return new Backend("rocksdb", state, log, -1, -1);
    }

    /** Binds both stores as services of {@code b.name()}; answers the backend with their service ids. */
    Backend bind(Backend b) {
        return bind(b.name(), b.state(), b.log());
    }

    Backend bind(String name, StateStore state, LogStore log) {
        long stateId = ids.incrementAndGet();
        long logId = ids.incrementAndGet();
        selector.bindStateStore(state, properties(name, stateId));
        selector.bindLogStore(log, properties(name, logId));
        return new Backend(name, state, log, stateId, logId);
    }

    void unbind(Backend b) {
        selector.unbindStateStore(b.state(), properties(b.name(), b.stateId()));
        selector.unbindLogStore(b.log(), properties(b.name(), b.logId()));
    }

    private static Map<String, Object> properties(String name, long id) {
        return Map.of(StateStore.BACKEND_PROPERTY, name, Constants.SERVICE_ID, id);
    }

    /** Changes the configuration, as ConfigAdmin would. */
    void configure(String backend) {
        selector.update(settings(backend));
    }

    StateStore state() {
        return selector.selectedState();
    }

    LogStore log() {
        return selector.selectedLog();
    }

    int publications() {
        return publications.get();
    }

    boolean unpublished() {
        return unpublished;
    }

    /** Waits until the selected stores use {@code backend} and no switch is running. */
    void awaitBackend(String backend) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(5))
                .failFast("a switch failed", () -> selector.problems().stream().anyMatch(p -> p.contains("failed")))
                .until(() -> backend.equals(state().backend()) && !selector.gate().paused());
    }

    /** Waits until the readiness problems mention {@code text}. */
    void awaitProblem(String text) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(5))
                .until(() -> selector.problems().stream().anyMatch(p -> p.contains(text)));
    }

    @Override
    public void close() throws Exception {
        selector.stop();
        // Stores before their environment: the list was filled environment first.
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }
}
