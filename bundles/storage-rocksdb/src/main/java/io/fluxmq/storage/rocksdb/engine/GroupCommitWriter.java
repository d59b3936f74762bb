package io.fluxmq.storage.rocksdb.engine;

import io.fluxmq.api.storage.StorageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes to the database. Callers queue {@link WriteOp}s and get a stage
 * back at once; the thread drains the queue into one {@link WriteBatch} (up to
 * {@code maxBatchSize} ops or {@link #MAX_BATCH_BYTES}), writes it with the sync policy's
 * {@link WriteOptions}, and completes every op's stage after the batch is durable. While one
 * batch syncs, the next one fills: that is the group commit, one fsync for many writes.
 *
 * <p>Callers never block. The queue is bounded; when it is full a write fails at once with
 * {@link StorageException.Kind#UNAVAILABLE} (retrying later may succeed), the overflow policy of
 * STYLE rule 8. Stages complete on the writer thread, so callbacks that callers attach without an
 * executor run there: they must be short or hop to their own thread.
 *
 * <p>A single writer keeps ops in submission order (a session's delete cannot overtake its save)
 * and lets stores keep sequence numbers and offsets in plain fields confined to this thread.
 */
public final class GroupCommitWriter {
    /** A soft limit on one batch: large messages make smaller groups. */
    static final int MAX_BATCH_BYTES = 8 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final BlockingQueue<Pending<?>> queue;
    private final BatchSink sink;
    private final SyncPolicy policy;
    private final int maxBatchSize;
    private final String directory;
    private final List<BatchListener> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong committedOps = new AtomicLong();
    private final AtomicLong failedOps = new AtomicLong();
    private volatile boolean accepting = true;
    private volatile boolean stopping;
    // writer thread only
    private long lastFailureLogNanos;
    private long failuresSinceLog;
    private boolean failing;

    public GroupCommitWriter(BatchSink sink, SyncPolicy policy, int queueCapacity, int maxBatchSize, String directory) {
        this.sink = sink;
        this.policy = policy;
        // "always" gives every write its own synced batch: no write waits for another's fsync.
        this.maxBatchSize = policy == SyncPolicy.ALWAYS ? 1 : maxBatchSize;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.directory = directory;
        this.thread = new Thread(this::run, "fluxmq-rocksdb-writer");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public void addListener(BatchListener listener) {
        listeners.add(listener);
    }

    public void removeListener(BatchListener listener) {
        listeners.remove(listener);
    }

    /** Queues {@code op}; never blocks. Callable from any thread. */
    public <T> CompletionStage<T> submit(WriteOp<T> op, String what) {
        CompletableFuture<T> future = new CompletableFuture<>();
        if (!accepting) {
            future.completeExceptionally(StorageErrors.unavailable(what + ": the RocksDB store is closed"));
            return future.minimalCompletionStage();
        }
        Pending<T> pending = new Pending<>(op, future);
        if (!queue.offer(pending)) {
            failedOps.incrementAndGet();
            future.completeExceptionally(StorageErrors.unavailable(what + ": the RocksDB write queue is full ("
                    + (queue.size() + queue.remainingCapacity()) + " writes waiting); retry later"));
        } else if (!accepting && queue.remove(pending)) {
            // stop() ran between the check and the offer, and nobody will take this op any more.
            future.completeExceptionally(StorageErrors.unavailable(what + ": the RocksDB store is closed"));
        }
        return future.minimalCompletionStage();
    }

    /** Group commits written so far (each one WAL write, and one fsync unless the policy is none). */
    public long batches() {
        return batches.get();
    }

    /** Ops whose batch was written. */
    public long committedOps() {
        return committedOps.get();
    }

    /** Ops that failed: queue full or their batch failed. */
    public long failedOps() {
        return failedOps.get();
    }

    /**
     * Stops taking writes, writes what is queued, and ends the thread.
     *
     * @return false when the thread was still writing after {@code timeout}: the database must
     *         then stay open, because the thread may still use it
     */
    public boolean stop(Duration timeout) throws InterruptedException {
        accepting = false;
        stopping = true;
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            return false;
        }
        // Ops offered after the thread's last look at the queue.
        Pending<?> p;
        while ((p = queue.poll()) != null) {
            p.future.completeExceptionally(StorageErrors.unavailable("the RocksDB store is closed"));
        }
        return true;
    }

    private void run() {
        List<Pending<?>> group = new ArrayList<>(Math.min(maxBatchSize, 4096));
        try (WriteBatch batch = new WriteBatch();
                WriteOptions options = new WriteOptions().setSync(policy != SyncPolicy.NONE)) {
            while (true) {
                Pending<?> first;
                try {
                    first = queue.poll(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    // Only stop() ends this thread; it drains the queue first.
                    continue;
                }
                if (first == null) {
                    if (stopping && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                group.add(first);
                long bytes = first.op.sizeHint();
                Pending<?> next;
                while (group.size() < maxBatchSize && bytes < MAX_BATCH_BYTES && (next = queue.poll()) != null) {
                    group.add(next);
                    bytes += next.op.sizeHint();
                }
                writeGroup(group, batch, options);
                group.clear();
            }
        } catch (RuntimeException | Error e) {
            LOG.error("ROCKS-2009 the RocksDB writer thread for {} stopped unexpectedly; writes fail until"
                    + " the store is restarted", directory, e);
            accepting = false;
            for (Pending<?> p : group) {
                p.future.completeExceptionally(StorageErrors.unavailable("the RocksDB writer stopped: " + e));
            }
            Pending<?> p;
            while ((p = queue.poll()) != null) {
                p.future.completeExceptionally(StorageErrors.unavailable("the RocksDB writer stopped: " + e));
            }
        }
    }

    private void writeGroup(List<Pending<?>> group, WriteBatch batch, WriteOptions options) {
        batch.clear();
        try {
            for (Pending<?> p : group) {
                p.apply(batch);
            }
            sink.write(options, batch);
        } catch (Exception e) {
            fail(group, e);
            return;
        }
        batches.incrementAndGet();
        committedOps.addAndGet(group.size());
        if (failing) {
            failing = false;
            LOG.info("ROCKS-2004 writes to {} succeed again after {} failed write batches", directory,
                    failuresSinceLog);
            failuresSinceLog = 0;
        }
        for (BatchListener l : listeners) {
            l.committed();
        }
        for (Pending<?> p : group) {
            p.complete();
        }
    }

    private void fail(List<Pending<?>> group, Exception cause) {
        StorageException failure = StorageErrors.toStorageException(cause, "write to " + directory);
        failedOps.addAndGet(group.size());
        logFailure(failure);
        for (BatchListener l : listeners) {
            try {
                l.aborted();
            } catch (RuntimeException e) {
                LOG.error("ROCKS-2008 a store could not reset its state after a failed write", e);
            }
        }
        for (Pending<?> p : group) {
            p.future.completeExceptionally(failure);
        }
    }

    // A full disk fails every batch: log the first failure, then a summary every 10 s.
    private void logFailure(StorageException failure) {
        failuresSinceLog++;
        long now = System.nanoTime();
        if (!failing || now - lastFailureLogNanos >= FAILURE_LOG_INTERVAL_NANOS) {
            String code = failure.kind() == StorageException.Kind.FULL ? "ROCKS-2001" : "ROCKS-2002";
            LOG.error("{} writes to {} fail ({}, {} failed batches so far): {}. Stages fail with {}; writes"
                    + " succeed again once RocksDB recovers", code, directory, failure.kind(), failuresSinceLog,
                    failure.getMessage(), failure.kind());
            lastFailureLogNanos = now;
        }
        failing = true;
    }

    private static final class Pending<T> {
        final WriteOp<T> op;
        final CompletableFuture<T> future;
        T result;

        Pending(WriteOp<T> op, CompletableFuture<T> future) {
            this.op = op;
            this.future = future;
        }

        void apply(WriteBatch batch) throws Exception {
            result = op.apply(batch);
        }

        void complete() {
            future.complete(result);
        }
    }
}
