package io.fluxmq.queue.stream;

import java.time.Duration;

/**
 * Settings of the stream type that apply to every stream queue (from the component's configuration).
 *
 * @param readBatch entries a consumer group reads from the log at a time (its read-ahead)
 * @param retentionCheck how often age retention is checked; count, byte and depth limits are
 *        checked after every append as well
 */
record StreamSettings(int readBatch, Duration retentionCheck) {
    static final StreamSettings DEFAULTS = new StreamSettings(256, Duration.ofSeconds(1));

    StreamSettings {
        if (readBatch < 1) {
            throw new IllegalArgumentException("readBatch must be at least 1: " + readBatch);
        }
        if (retentionCheck.isNegative() || retentionCheck.isZero()) {
            throw new IllegalArgumentException("retentionCheck must be positive: " + retentionCheck);
        }
    }
}
