package io.fluxmq.core.storage;

import static io.fluxmq.core.storage.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.QoS;
import io.fluxmq.api.storage.SessionState;
import io.fluxmq.api.storage.StateStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long a live migration of 100,000 retained messages and 10,000 sessions (one subscription
 * each) takes, memory to RocksDB (sync policy batch) and back, with every piece checked on arrival.
 * Runs with the suite and prints the figures:
 *
 * <pre>mvn -q -B install -pl bundles/core -Dtest=MigrationTimingTest</pre>
 */
class MigrationTimingTest {
    static final int RETAINED = 100_000;
    static final int SESSIONS = 10_000;

    @Test
    void migrate100kRetainedAnd10kSessionsBothWays(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness("memory")) {
            Backend memory = h.bind(Harness.memory());
            Backend rocksdb = h.bind(h.rocksdb(dir));
            h.awaitBackend("memory");
            fill(h.state());

            long toRocks = timeSwitch(h, "rocksdb");
            assertCounts(rocksdb.state());

            // Back to a fresh memory store, as after a restart of the memory bundle.
            h.unbind(memory);
            Backend fresh = h.bind(Harness.memory());
            long toMemory = timeSwitch(h, "memory");
            assertCounts(fresh.state());

            System.out.printf("%nLive migration of %,d retained messages and %,d sessions with one subscription each:%n"
                    + "  memory -> rocksdb (sync batch): %,d ms%n  rocksdb -> memory: %,d ms%n%n", RETAINED, SESSIONS,
                    toRocks, toMemory);
        }
    }

    private static long timeSwitch(Harness h, String backend) {
        long start = System.nanoTime();
        h.configure(backend);
        h.awaitBackend(backend);
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void fill(StateStore store) {
        List<CompletionStage<Void>> writes = new ArrayList<>();
        for (int i = 0; i < RETAINED; i++) {
            writes.add(store.putRetained(TestData.message("retained/" + (i % 100) + "/" + i, "payload of " + i)));
        }
        for (int i = 0; i < SESSIONS; i++) {
            String c = "client-" + i;
            writes.add(store.saveSession(new SessionState(c, "mqtt", 5, 3600, 0)));
            writes.add(store.saveSubscription(c, TestData.subscription("devices/" + i + "/#", QoS.AT_LEAST_ONCE)));
        }
        writes.forEach(Stages::await);
    }

    private static void assertCounts(StateStore store) {
        assertThat(await(store.loadRetained())).hasSize(RETAINED);
        assertThat(await(store.loadSessions())).hasSize(SESSIONS);
        assertThat(await(store.loadAllSubscriptions()).values().stream().mapToInt(List::size).sum())
                .isEqualTo(SESSIONS);
    }
}
