package io.fluxmq.queue.ephemeral;

/**
 * Bounds of the ephemeral type that apply to every ephemeral queue (from the component's configuration).
 *
 * @param maxMessages messages a queue holds for their first delivery when its configuration sets no
 *        {@code maxDepth}
 * @param maxBytes payload bytes a queue holds for their first delivery
 * @param maxUnackedPerGroup deliveries a group remembers for ack, nack and reject; beyond it the oldest is forgotten
 */
record EphemeralSettings(long maxMessages, long maxBytes, int maxUnackedPerGroup) {
    static final EphemeralSettings DEFAULTS = new EphemeralSettings(10_000, 16L * 1024 * 1024, 1_000);

    EphemeralSettings {
        if (maxMessages < 1 || maxBytes < 1 || maxUnackedPerGroup < 0) {
            throw new IllegalArgumentException("ephemeral bounds must be positive: " + maxMessages + " messages, "
                    + maxBytes + " bytes, " + maxUnackedPerGroup + " unacknowledged per group");
        }
    }
}
