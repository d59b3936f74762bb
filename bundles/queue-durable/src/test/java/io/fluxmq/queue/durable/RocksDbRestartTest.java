package io.fluxmq.queue.durable;

import io.fluxmq.queue.testkit.TestQueueContext;
import io.fluxmq.storage.rocksdb.RocksDbEnvironment;
import io.fluxmq.storage.rocksdb.RocksDbLogStore;
import io.fluxmq.storage.rocksdb.engine.Settings;
import io.fluxmq.storage.rocksdb.engine.SyncPolicy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restart scenario on the RocksDB log store, with the database closed and opened again in between. */
class RocksDbRestartTest {
    @TempDir
    Path dir;

    @Test
    void everythingUnacknowledgedIsDeliveredAgainAndNothingAcknowledged() throws Exception {
        RocksDbEnvironment env = RocksDbEnvironment.open(Settings.defaults(dir, SyncPolicy.BATCH));
        RocksDbLogStore store = new RocksDbLogStore(env);
        try (TestQueueContext context = new TestQueueContext(store)) {
            DurableQueue queue = DurableQueue.open(RestartScenario.CONFIG.build(), context);
            RestartScenario.before(queue);
            queue.close();
        } finally {
            store.close();
            env.close();
        }

        env = RocksDbEnvironment.open(Settings.defaults(dir, SyncPolicy.BATCH));
        store = new RocksDbLogStore(env);
        try (TestQueueContext context = new TestQueueContext(store)) {
            DurableQueue queue = DurableQueue.open(RestartScenario.CONFIG.build(), context);
            try {
                RestartScenario.after(queue);
            } finally {
                queue.close();
            }
        } finally {
            store.close();
            env.close();
        }
    }
}
