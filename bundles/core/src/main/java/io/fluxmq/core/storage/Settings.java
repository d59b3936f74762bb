package io.fluxmq.core.storage;

import java.time.Duration;
import java.util.Objects;

/**
 * The selector's configuration, independent of the metatype annotation so that tests can build it.
 *
 * @param backend the backend to use, the value of its stores' {@code fluxmq.storage} property
 * @param migrationTimeout how long a migration may take, from pausing writes to the switch
 * @param maxHeldWrites writes queued during a migration at most; further ones fail with UNAVAILABLE
 */
record Settings(String backend, Duration migrationTimeout, int maxHeldWrites) {
    Settings {
        Objects.requireNonNull(backend, "backend");
        backend = backend.trim();
        if (backend.isEmpty()) {
            throw new IllegalArgumentException("backend must not be empty");
        }
        if (migrationTimeout.isNegative() || migrationTimeout.isZero()) {
            throw new IllegalArgumentException("migration timeout must be positive: " + migrationTimeout);
        }
        if (maxHeldWrites < 1) {
            throw new IllegalArgumentException("maxHeldWrites must be >= 1: " + maxHeldWrites);
        }
    }
}
