package io.fluxmq.storage.rocksdb.engine;

import java.util.Locale;

/** When a write is durable, and so when its stage completes. */
public enum SyncPolicy {
    /** Written to the WAL without fsync: survives a broker crash, not a power loss or kernel crash. */
    NONE,
    /** One fsync of the WAL per group commit: every completed write survives a power loss. */
    BATCH,
    /** Every write in a batch of its own with its own fsync: slowest, no write waits for another's sync. */
    ALWAYS;

    /** The configuration value: none, batch or always (case-insensitive). */
    public static SyncPolicy parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("sync policy must be none, batch or always, was '" + value + "'");
        }
    }

    /** The configuration value. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
