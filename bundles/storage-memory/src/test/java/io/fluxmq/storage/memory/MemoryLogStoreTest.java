package io.fluxmq.storage.memory;

import io.fluxmq.api.storage.LogStore;
import io.fluxmq.storage.conformance.LogStoreConformance;
import java.nio.file.Path;

/** The memory log store against the LogStore conformance suite (it keeps nothing across a restart). */
class MemoryLogStoreTest extends LogStoreConformance {

    @Override
    protected LogStore createStore(Path dir) {
        return new MemoryLogStore();
    }

    @Override
    protected void closeStore(LogStore store) {
        ((MemoryLogStore) store).close();
    }
}
