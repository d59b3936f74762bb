package io.fluxmq.storage.rocksdb;

import io.fluxmq.api.storage.StateStore;
import io.fluxmq.storage.conformance.PersistentStateStoreConformance;
import io.fluxmq.storage.rocksdb.engine.Settings;
import io.fluxmq.storage.rocksdb.engine.SyncPolicy;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;

/** The RocksDB state store against the persistent StateStore conformance suite, with the default sync policy. */
class RocksDbStateStoreTest extends PersistentStateStoreConformance {
    private final Map<StateStore, RocksDbEnvironment> environments = new IdentityHashMap<>();

    @Override
    protected StateStore createStore(Path dir) {
        RocksDbEnvironment env = RocksDbEnvironment.open(Settings.defaults(dir.resolve("db"), SyncPolicy.BATCH));
        RocksDbStateStore store = new RocksDbStateStore(env);
        environments.put(store, env);
        return store;
    }

    @Override
    protected void closeStore(StateStore store) {
        ((RocksDbStateStore) store).close();
        environments.remove(store).close();
    }
}
