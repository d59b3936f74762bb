package io.fluxmq.queue.stream;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Turns a {@link Cursor} into an offset of the log. An offset outside the log is clamped to it
 * (before the first entry: the first; beyond the end: the end, as "latest"). A time is found by a
 * binary search over offsets, reading one entry per step: append times never decrease along
 * the log, so the first entry appended at or after the time splits it in two.
 *
 * <p><b>Thread:</b> called on the queue's serial executor; the stage completes on it.
 */
final class CursorSeek {
    private final StreamLog log;

    CursorSeek(StreamLog log) {
        this.log = log;
    }

    /** The offset the cursor names; {@link Cursor.Kind#COMMITTED} must be resolved by the group. */
    CompletionStage<Long> resolve(Cursor cursor) {
        return switch (cursor.kind()) {
            case EARLIEST -> CompletableFuture.completedFuture(log.first());
            case LATEST -> CompletableFuture.completedFuture(log.next());
            case OFFSET -> CompletableFuture.completedFuture(Math.max(log.first(), Math.min(cursor.offset(), log.next())));
            case TIME -> firstAtOrAfter(cursor.time().toEpochMilli(), log.first(), log.next());
            case COMMITTED -> throw new IllegalArgumentException("the committed position is the group's own");
        };
    }

    /** The first offset in [lo, hi] whose entry was appended at or after {@code millis}; hi when none. */
    private CompletionStage<Long> firstAtOrAfter(long millis, long lo, long hi) {
        if (lo >= hi) {
            return CompletableFuture.completedFuture(Math.min(lo, hi));
        }
        long mid = lo + (hi - lo) / 2;
        return log.store().read(log.name(), mid, 1).thenComposeAsync(entries -> {
            // read() answers the first entry still stored at or after mid.
            if (entries.isEmpty() || entries.get(0).appendedAtMillis() >= millis) {
                return firstAtOrAfter(millis, lo, mid);
            }
            return firstAtOrAfter(millis, entries.get(0).offset() + 1, hi);
        }, log.executor());
    }
}
