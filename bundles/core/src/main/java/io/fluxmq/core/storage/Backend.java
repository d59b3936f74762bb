package io.fluxmq.core.storage;

import io.fluxmq.api.storage.LogStore;
import io.fluxmq.api.storage.StateStore;
import java.util.Objects;

/**
 * One backend's pair of stores, switched together: the selected StateStore and LogStore always
 * point at the same backend.
 *
 * @param name the stores' {@value StateStore#BACKEND_PROPERTY} value
 * @param stateId the service id of the state store, which tells a restarted store from the old one
 * @param logId the service id of the log store
 */
record Backend(String name, StateStore state, LogStore log, long stateId, long logId) {
    Backend {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(log, "log");
    }

    @Override
    public String toString() {
        return name + " (services " + stateId + ", " + logId + ")";
    }
}
