package io.fluxmq.queue.durable;

import io.fluxmq.api.storage.LogStore;
import io.fluxmq.api.storage.PendingEntry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the log store keeps of one lane, and the writes that keep it: the pending entries, the
 * committed offset and the delivered mark (see {@link Lane} for why the mark exists). Remembers the
 * last values written so that unchanged ones are not written again. Owned by the serial executor;
 * writes are issued in call order, which the log store applies in that order.
 */
final class LaneStore {
    private static final Logger LOG = LoggerFactory.getLogger(LaneStore.class);
    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final LaneKey key;
    private final String storedKey;
    private final String log;
    private final LogStore store;
    private long committed;
    private long mark;

    /**
     * @param committed the committed offset the store holds, -1 for none
     * @param mark the delivered mark the store holds, -1 for none
     */
    LaneStore(LaneKey key, String log, LogStore store, long committed, long mark) {
        this.key = key;
        this.storedKey = key.storedKey();
        this.log = log;
        this.store = store;
        this.committed = committed;
        this.mark = mark;
    }

    /** Records a delivery; not awaited (a lost write is followed only by lost writes: the restart delivers again). */
    void saved(PendingEntry entry) {
        watch(store.savePending(log, storedKey, entry), "save a pending entry");
    }

    /**
     * Removes the pending entry at {@code offset}, first writing the mark when the stored one is
     * not above it. Completes when both are durable.
     *
     * @param frontier the lane's frontier, above {@code offset}
     */
    CompletionStage<Void> removed(long offset, long frontier) {
        CompletionStage<Void> marked = mark > offset ? DONE : mark(frontier);
        CompletionStage<Void> removal = watch(store.removePending(log, storedKey, offset), "remove a pending entry");
        return marked.thenCombine(removal, (a, b) -> null);
    }

    /** Writes the mark when the frontier moved past the stored one without deliveries (purge, drop). */
    CompletionStage<Void> skippedTo(long frontier) {
        return mark >= frontier ? DONE : mark(frontier);
    }

    /** Writes the committed offset if it changed; completes when it is durable. */
    CompletionStage<Void> commit(long offset) {
        if (offset == committed) {
            return DONE;
        }
        committed = offset;
        return watch(store.commitOffset(log, storedKey, offset), "commit an offset");
    }

    private CompletionStage<Void> mark(long frontier) {
        mark = frontier;
        return watch(store.commitOffset(log, key.markKey(), frontier), "write a delivered mark");
    }

    private <T> CompletionStage<T> watch(CompletionStage<T> write, String what) {
        write.whenComplete((v, failure) -> {
            if (failure != null) {
                LOG.error("QUEUE-2003 queue '{}', group {}: could not {}; the stored progress of the group"
                        + " may differ from what it did (a restart may deliver a message again): {}", log, key, what,
                        failure.toString());
            }
        });
        return write;
    }
}
