package io.fluxmq.storage.rocksdb;

import io.fluxmq.api.storage.LogStore;
import io.fluxmq.storage.conformance.PersistentLogStoreConformance;
import io.fluxmq.storage.rocksdb.engine.Settings;
import io.fluxmq.storage.rocksdb.engine.SyncPolicy;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;

/** The RocksDB log store against the persistent LogStore conformance suite, with the default sync policy. */
class RocksDbLogStoreTest extends PersistentLogStoreConformance {
    private final Map<LogStore, RocksDbEnvironment> environments = new IdentityHashMap<>();

    @Override
    protected LogStore createStore(Path dir) {
        RocksDbEnvironment env = RocksDbEnvironment.open(Settings.defaults(dir.resolve("db"), SyncPolicy.BATCH));
        RocksDbLogStore store = new RocksDbLogStore(env);
        environments.put(store, env);
        return store;
    }

    @Override
    protected void closeStore(LogStore store) {
        ((RocksDbLogStore) store).close();
        environments.remove(store).close();
    }
}
