package io.fluxmq.core.storage;

import java.time.Duration;
import java.util.Objects;

/**
 * The selector's configuration, independent of the metatype annotation so that tests can build it.
 *
 * @param backend the backend to use, the value of its stores' {@code fluxmq.storage} property
 * @param migrationTimeout how long a migration may take, from pausing writes to the switch
 * @param maxHeldWrites writes queued during a migration or an outage at most; further ones fail with UNAVAILABLE
 * @param outageTimeout how long writes wait for the backend in use when it went away (e.g. its bundle
 *     is updated) before they fail with UNAVAILABLE
 */
record Settings(String backend, Duration migrationTimeout, int maxHeldWrites, Duration outageTimeout) {
    Settings {
        Objects.requireNonNull(backend, "backend");
        backend = backend.trim();
        if (backend.isEmpty()) {
            throw new IllegalArgumentException("backend must not be empty");
        }
        if (migrationTimeout.isNegative() || migrationTimeout.isZero()) {
            throw new IllegalArgumentException("migration timeout must be positive: " + migrationTimeout);
        }
        if (outageTimeout.isNegative() || outageTimeout.isZero()) {
            throw new IllegalArgumentException("outage timeout must be positive: " + outageTimeout);
        }
        if (maxHeldWrites < 1) {
            throw new IllegalArgumentException("maxHeldWrites must be >= 1: " + maxHeldWrites);
        }
    }
}
