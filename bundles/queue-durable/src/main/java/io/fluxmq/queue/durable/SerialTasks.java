package io.fluxmq.queue.durable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a queue's work on its serial executor, one task at a time, so its state needs no locks.
 * After every task the queue settles (commits, truncation, statistics), and only then are the
 * callers' stages completed: a caller whose ack completed already sees it in {@code stats()}.
 * Storage and timer callbacks come back through {@link #whenDone} and {@link #schedule}.
 */
final class SerialTasks {
    private static final Logger LOG = LoggerFactory.getLogger(SerialTasks.class);

    private final String queue;
    private final Executor executor;
    private final ScheduledExecutorService scheduler;
    // Owned by the executor.
    private final List<Runnable> completions = new ArrayList<>();
    private Runnable settle = () -> { };
    private volatile boolean closed;

    SerialTasks(String queue, Executor executor, ScheduledExecutorService scheduler) {
        this.queue = queue;
        this.executor = executor;
        this.scheduler = scheduler;
    }

    /** What runs after every task, before the callers' stages complete. */
    void settleWith(Runnable settleTask) {
        this.settle = settleTask;
    }

    /** <b>Thread:</b> any. Runs the task on the serial executor. */
    void run(Runnable task) {
        executor.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("QUEUE-2008 queue '{}': a task failed; the queue goes on with the state it left", queue, e);
            }
            try {
                settle.run();
            } catch (RuntimeException e) {
                LOG.error("QUEUE-2008 queue '{}': settling after a task failed", queue, e);
            }
            for (int i = 0; i < completions.size(); i++) {
                completions.get(i).run();
            }
            completions.clear();
        });
    }

    /** <b>Thread:</b> the executor. Completes the caller's stage once the current task has settled. */
    <T> void complete(CompletableFuture<T> result, T value) {
        completions.add(() -> result.complete(value));
    }

    /** <b>Thread:</b> the executor. Fails the caller's stage once the current task has settled. */
    void fail(CompletableFuture<?> result, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        completions.add(() -> result.completeExceptionally(cause));
    }

    /** <b>Thread:</b> any. Runs {@code then} on the executor with the stage's outcome (cause unwrapped). */
    <T> void whenDone(CompletionStage<T> stage, BiConsumer<T, Throwable> then) {
        stage.whenComplete((value, failure) -> run(() -> then.accept(value,
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure)));
    }

    /**
     * <b>Thread:</b> the executor. Completes {@code result} with {@code value} when the write is
     * durable, or fails it with the write's failure.
     */
    <T> void completeWhenDurable(CompletableFuture<T> result, CompletionStage<?> write, T value) {
        whenDone(write, (ignored, failure) -> {
            if (failure != null) {
                fail(result, failure);
            } else {
                complete(result, value);
            }
        });
    }

    /** Runs the task on the executor after the delay, unless the queue was closed meanwhile. */
    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return scheduler.schedule(() -> run(() -> {
            if (!closed) {
                task.run();
            }
        }), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** Runs the task on the executor every period, until the queue is closed. */
    ScheduledFuture<?> every(Duration period, Runnable task) {
        long millis = Math.max(1, period.toMillis());
        return scheduler.scheduleWithFixedDelay(() -> run(() -> {
            if (!closed) {
                task.run();
            }
        }), millis, millis, TimeUnit.MILLISECONDS);
    }

    /** <b>Thread:</b> any. Timers do nothing from now on; storage callbacks still complete. */
    void close() {
        closed = true;
    }

    boolean closed() {
        return closed;
    }
}
