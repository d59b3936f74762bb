package io.fluxmq.core.storage;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keeps up to {@code window} store writes outstanding while a migration copies, on the selector's
 * thread. Waiting for each write would cost a group commit (an fsync under RocksDB's default
 * policy) per record; the stores apply writes in call order, so issuing them without waiting keeps
 * the order, and the window keeps the target's write queue from overflowing. Every wait is bounded
 * by the migration's deadline.
 */
final class Pipeline {
    private record Pending(CompletableFuture<?> future, String what, Object key) {
    }

    private final ArrayDeque<Pending> outstanding = new ArrayDeque<>();
    private final int window;
    private final long deadlineNanos;
    private final Duration timeout;

    Pipeline(int window, long deadlineNanos, Duration timeout) {
        this.window = window;
        this.deadlineNanos = deadlineNanos;
        this.timeout = timeout;
    }

    /** Adds a write; waits for the oldest ones while more than the window are outstanding. */
    void add(CompletionStage<?> stage, String what, Object key) throws MigrationException, InterruptedException {
        outstanding.add(new Pending(stage.toCompletableFuture(), what, key));
        while (outstanding.size() > window) {
            join(outstanding.poll());
        }
        // A failure ends the migration as soon as it is seen, not a window later.
        while (!outstanding.isEmpty() && outstanding.peek().future.isDone()) {
            join(outstanding.poll());
        }
    }

    /** Waits for every outstanding write. */
    void drain() throws MigrationException, InterruptedException {
        while (!outstanding.isEmpty()) {
            join(outstanding.poll());
        }
    }

    /**
     * After a failure: waits up to {@code grace} for the writes still outstanding, ignoring how they
     * end, so that the next attempt's clearing sees everything this one wrote to the target.
     */
    void settle(Duration grace) throws InterruptedException {
        long end = System.nanoTime() + grace.toNanos();
        for (Pending p : outstanding) {
            try {
                p.future.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // failed or hanging: nothing more to wait for
            }
        }
        outstanding.clear();
    }

    /** Waits for a read (or any single stage) within the deadline. */
    <T> T await(CompletionStage<T> stage, String what, Object key) throws MigrationException, InterruptedException {
        return get(stage.toCompletableFuture(), what, key);
    }

    void checkDeadline() throws MigrationException {
        if (System.nanoTime() - deadlineNanos >= 0) {
            throw timedOut();
        }
    }

    private void join(Pending p) throws MigrationException, InterruptedException {
        get(p.future, p.what, p.key);
    }

    private <T> T get(CompletableFuture<T> future, String what, Object key)
            throws MigrationException, InterruptedException {
        try {
            long left = deadlineNanos - System.nanoTime();
            return future.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null
                    ? c.getCause() : e.getCause();
            throw new MigrationException(what + (key == null ? "" : " (" + key + ")") + " failed: " + cause, cause);
        } catch (TimeoutException e) {
            throw timedOut();
        }
    }

    private MigrationException timedOut() {
        return new MigrationException("the migration did not finish within " + describe(timeout)
                + " (migration.timeout.seconds)");
    }

    static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
