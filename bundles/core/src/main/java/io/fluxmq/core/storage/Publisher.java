package io.fluxmq.core.storage;

import io.fluxmq.api.storage.LogStore;
import io.fluxmq.api.storage.StateStore;

/**
 * Registers the selected stores. In OSGi, with the bundle context and the service properties of
 * {@link StateStore#SELECTED_PROPERTY}; tests capture the stores instead.
 */
@FunctionalInterface
interface Publisher {
    /** Registers both stores; the returned handle unregisters them. Called once, on the selector's thread. */
    AutoCloseable publish(StateStore state, LogStore log);
}
