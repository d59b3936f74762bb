package io.fluxmq.queue.stream;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.queue.OverflowPolicy;
import io.fluxmq.api.queue.QueueConfig;
import io.fluxmq.api.queue.QueueFullException;
import io.fluxmq.api.storage.LogEntry;
import io.fluxmq.api.storage.LogStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * A stream queue's view of its log: the offsets it holds, their payload bytes, and the writes
 * that change them. Appends are pipelined (many in flight, offsets in call order); truncations
 * run one at a time, so that the bytes they subtract are exactly those of the entries they remove.
 *
 * <p><b>Threads:</b> every method except the getters runs on the queue's serial executor; the
 * getters read volatile fields from any thread, for {@code stats()}.
 */
final class StreamLog {
    /** What the log tells its queue. Called on the serial executor. */
    interface Listener {
        /** An append is durable; groups waiting at the end of the log may read on. */
        void appended();

        /** Entries below {@code newFirst} are gone. */
        void truncated(long oldFirst, long newFirst, boolean purge);
    }

    private static final int OPEN_SCAN_BATCH = 1024;

    private final String name;
    private final LogStore store;
    private final QueueConfig config;
    private final Executor executor;
    private final StreamCounters counters;
    private Listener listener;

    private volatile long first;
    private volatile long next;
    private volatile long bytes;
    private int appending;
    /** The previous truncation, which the next one waits for. */
    private CompletableFuture<?> truncations = CompletableFuture.completedFuture(null);
    /** While a purge is in flight: appends that completed meanwhile, to count the bytes the purge left. */
    private List<long[]> appendedDuringPurge;

    private StreamLog(String name, LogStore store, QueueConfig config, Executor executor, StreamCounters counters) {
        this.name = name;
        this.store = store;
        this.config = config;
        this.executor = executor;
        this.counters = counters;
    }

    /**
     * Opens the view on what the store holds. Blocks: it reads the whole log once to count its
     * payload bytes, because the log store does not keep a byte count per log.
     */
    static StreamLog open(QueueConfig config, LogStore store, Executor executor, StreamCounters counters) {
        StreamLog log = new StreamLog(config.name(), store, config, executor, counters);
        log.first = store.firstOffset(config.name());
        log.next = Math.max(log.first, store.nextOffset(config.name()));
        long total = 0;
        for (long from = log.first; from < log.next; ) {
            List<LogEntry> batch = OpeningReads.await(store.read(config.name(), from, OPEN_SCAN_BATCH),
                    "the log of stream '" + config.name() + "'");
            if (batch.isEmpty()) {
                break;
            }
            for (LogEntry e : batch) {
                total += e.message().payloadSize();
            }
            from = batch.get(batch.size() - 1).offset() + 1;
        }
        log.bytes = total;
        return log;
    }

    void listener(Listener l) {
        this.listener = l;
    }

    String name() {
        return name;
    }

    Executor executor() {
        return executor;
    }

    LogStore store() {
        return store;
    }

    long first() {
        return first;
    }

    long next() {
        return next;
    }

    long bytes() {
        return Math.max(0, bytes);
    }

    /** Entries stored and being appended. */
    long depth() {
        return next - first + appending;
    }

    /**
     * Appends unless the queue is full with {@link OverflowPolicy#REJECT_NEW}; completes when the
     * store has made the entry durable.
     */
    void append(Message message, CompletableFuture<Long> result) {
        if (config.maxDepth() > 0 && config.overflow() == OverflowPolicy.REJECT_NEW && depth() >= config.maxDepth()) {
            result.completeExceptionally(new QueueFullException(name, depth()));
            return;
        }
        appending++;
        int size = message.payloadSize();
        store.append(name, message).whenComplete((offset, failure) -> executor.execute(() -> {
            appending--;
            if (failure != null) {
                result.completeExceptionally(unwrap(failure));
                return;
            }
            appendedAt(offset, size);
            result.complete(offset);
        }));
    }

    private void appendedAt(long offset, int size) {
        next = Math.max(next, offset + 1);
        if (offset >= first) {
            bytes += size;
        }
        if (appendedDuringPurge != null) {
            appendedDuringPurge.add(new long[] {offset, size});
        }
        counters.enqueued.increment();
        listener.appended();
    }

    /**
     * Removes the entries below {@code cut}, whose payload bytes the caller has counted. Only
     * inside a job of {@link #exclusively}, which it would otherwise wait for.
     */
    CompletionStage<Long> truncateNow(long cut, long removedBytes) {
        if (cut <= first) {
            return CompletableFuture.completedFuture(0L);
        }
        return store.truncateBefore(name, cut).thenApplyAsync(removed -> {
            long oldFirst = first;
            // The store removed [first, cut): no one else truncates this log.
            first = oldFirst + removed;
            bytes -= removedBytes;
            listener.truncated(oldFirst, first, false);
            return removed;
        }, executor);
    }

    /** Removes every entry, including appends issued before the purge; completes with how many. */
    CompletionStage<Long> purge() {
        return exclusively(() -> {
            appendedDuringPurge = new ArrayList<>();
            return store.truncateBefore(name, Long.MAX_VALUE).handleAsync((removed, failure) -> {
                List<long[]> landed = appendedDuringPurge;
                appendedDuringPurge = null;
                if (failure != null) {
                    throw new CompletionException(unwrap(failure));
                }
                long oldFirst = first;
                first = oldFirst + removed;
                next = Math.max(next, first);
                long left = 0;
                for (long[] entry : landed) {
                    if (entry[0] >= first) {
                        left += entry[1];
                    }
                }
                bytes = left;
                listener.truncated(oldFirst, first, true);
                return removed;
            }, executor);
        });
    }

    /** Runs {@code job} on the executor once the previous truncation is done. Call on the executor. */
    CompletionStage<Long> exclusively(Supplier<CompletionStage<Long>> job) {
        CompletableFuture<Long> done = truncations.handleAsync((v, e) -> job.get(), executor)
                .thenCompose(stage -> stage).toCompletableFuture();
        truncations = done.handle((v, e) -> null);
        return done;
    }

    static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
