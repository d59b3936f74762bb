package io.fluxmq.queue.durable;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.storage.LogEntry;
import io.fluxmq.api.storage.LogStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue's view of its log: the offsets it holds, the appends still in flight, the payload
 * sizes, and truncation. {@link #end()} only moves when an append's stage completed, so every
 * offset below it is durable and readable. Owned by the queue's serial executor.
 *
 * <p>Truncation moves the view at once and the store follows, one truncation in flight at a time:
 * requests made meanwhile are merged into the next one.
 */
final class QueueLog {
    private static final Logger LOG = LoggerFactory.getLogger(QueueLog.class);

    private final String name;
    private final LogStore store;
    private final SerialTasks tasks;
    private final LogSizes sizes;
    private long first;
    private long end;
    private int appendsInFlight;
    private boolean truncating;
    private long nextTarget = -1;
    private CompletableFuture<Void> nextTruncation;

    QueueLog(String name, LogStore store, SerialTasks tasks, long first, long end, LogSizes sizes) {
        this.name = name;
        this.store = store;
        this.tasks = tasks;
        this.first = first;
        this.end = end;
        this.sizes = sizes;
    }

    String name() {
        return name;
    }

    LogStore store() {
        return store;
    }

    /** The first offset the queue still holds. */
    long first() {
        return first;
    }

    /** One past the last offset whose append completed. */
    long end() {
        return end;
    }

    int appendsInFlight() {
        return appendsInFlight;
    }

    /** Payload bytes of the messages the log holds. */
    long bytes() {
        return sizes.total();
    }

    /** Starts an append; the caller reports its outcome with {@link #appendDone}. */
    CompletionStage<Long> append(Message message) {
        appendsInFlight++;
        return safely(() -> store.append(name, message));
    }

    /** The append of a message of {@code size} bytes completed with {@code offset}, or failed (offset -1). */
    void appendDone(long offset, int size) {
        appendsInFlight--;
        if (offset >= 0) {
            end = Math.max(end, offset + 1);
            sizes.record(offset, size);
        }
    }

    CompletionStage<List<LogEntry>> read(long from, int max) {
        return safely(() -> store.read(name, from, max));
    }

    /**
     * Removes every message below {@code offset} (at most up to {@link #end()}). Completes when
     * the store has truncated at least that far.
     */
    CompletionStage<Void> truncateBefore(long offset) {
        long target = Math.min(offset, end);
        if (target <= first) {
            return CompletableFuture.completedFuture(null);
        }
        first = target;
        sizes.truncateBefore(target);
        if (nextTruncation == null) {
            nextTruncation = new CompletableFuture<>();
        }
        nextTarget = target;
        CompletableFuture<Void> done = nextTruncation;
        if (!truncating) {
            issueTruncation();
        }
        return done;
    }

    private void issueTruncation() {
        long target = nextTarget;
        CompletableFuture<Void> done = nextTruncation;
        nextTruncation = null;
        truncating = true;
        tasks.whenDone(safely(() -> store.truncateBefore(name, target)), (removed, failure) -> {
            truncating = false;
            if (failure != null) {
                LOG.warn("QUEUE-2004 queue '{}': truncating its log below offset {} failed; the messages stay"
                        + " stored (never delivered again) until a later truncation: {}", name, target, failure.toString());
                tasks.fail(done, failure);
            } else {
                tasks.complete(done, null);
            }
            if (nextTruncation != null) {
                issueTruncation();
            }
        });
    }

    /** A store that throws instead of failing the stage must not leave an append or a read in flight for ever. */
    private static <T> CompletionStage<T> safely(Supplier<CompletionStage<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
