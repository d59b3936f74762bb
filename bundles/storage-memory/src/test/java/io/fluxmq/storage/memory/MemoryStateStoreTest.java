package io.fluxmq.storage.memory;

import io.fluxmq.api.storage.StateStore;
import io.fluxmq.storage.conformance.StateStoreConformance;
import java.nio.file.Path;

/** The memory state store against the StateStore conformance suite (it keeps nothing across a restart). */
class MemoryStateStoreTest extends StateStoreConformance {

    @Override
    protected StateStore createStore(Path dir) {
        return new MemoryStateStore();
    }

    @Override
    protected void closeStore(StateStore store) {
        ((MemoryStateStore) store).close();
    }
}
