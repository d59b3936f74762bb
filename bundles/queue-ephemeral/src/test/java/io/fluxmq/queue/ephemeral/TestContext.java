package io.fluxmq.queue.ephemeral;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.queue.QueueContext;
import io.fluxmq.api.storage.LogStore;
import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the queue manager gives a queue, for tests: serial executors over a two-thread pool (so
 * that a queue's tasks really move between threads) and a scheduler. An ephemeral queue must not
 * touch storage or dead letters: both fail the test.
 */
final class TestContext implements QueueContext, AutoCloseable {
    private final ExecutorService pool = Executors.newFixedThreadPool(2, daemon("test-pool"));
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("test-timer"));

    @Override
    public LogStore logStore() {
        throw new AssertionError("an ephemeral queue asked for the log store");
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public Executor serialExecutor(String name) {
        return new Serial(pool);
    }

    @Override
    public CompletionStage<Long> deadLetter(String targetQueue, Message message) {
        throw new AssertionError("an ephemeral queue dead-lettered a message to " + targetQueue);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        pool.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** One task at a time, in submission order, on the pool. */
    private static final class Serial implements Executor {
        private final Executor pool;
        private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean();

        Serial(Executor pool) {
            this.pool = pool;
        }

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
            schedule();
        }

        private void schedule() {
            if (running.compareAndSet(false, true)) {
                pool.execute(this::drain);
            }
        }

        private void drain() {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    e.printStackTrace();
                }
            }
            running.set(false);
            if (!tasks.isEmpty()) {
                schedule();
            }
        }
    }
}
