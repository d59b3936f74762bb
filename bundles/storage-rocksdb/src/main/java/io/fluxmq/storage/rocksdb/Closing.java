package io.fluxmq.storage.rocksdb;

import io.fluxmq.api.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a store does when it is deactivated while its environment stays open. */
final class Closing {
    private static final Logger LOG = LoggerFactory.getLogger(Closing.class);

    private Closing() {
    }

    /**
     * Waits for the writes queued so far. An environment that is itself closing refuses the
     * wait at once and writes its queue in its own close, so this never holds a shutdown up.
     */
    static void awaitQueuedWrites(RocksDbEnvironment env) {
        try {
            env.awaitQueuedWrites(RocksDbStateStore.START_TIMEOUT);
        } catch (StorageException e) {
            if (e.kind() != StorageException.Kind.UNAVAILABLE || !e.getMessage().contains("closed")) {
                LOG.warn("ROCKS-2012 a RocksDB store closed before its queued writes finished: {}", e.getMessage());
            }
        }
    }
}
