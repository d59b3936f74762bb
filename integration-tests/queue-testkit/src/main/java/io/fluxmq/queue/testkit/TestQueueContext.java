package io.fluxmq.queue.testkit;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.queue.Queue;
import io.fluxmq.api.queue.QueueContext;
import io.fluxmq.api.storage.LogStore;
import io.fluxmq.api.storage.StorageException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A queue context as the queue manager gives one: serial executors over a two-thread pool (so that
 * a queue's tasks really move between threads), a shared scheduler, and dead letters kept in a list
 * or appended to another queue. Dead-letter appends can be made to fail. A context
 * {@link #withoutStorage() without storage} fails the test when the queue asks for the log store or
 * dead-letters a message, for queue types that must do neither.
 */
public final class TestQueueContext implements QueueContext, AutoCloseable {
    /** A dead letter as the queue handed it over. */
    public record DeadLetter(String target, Message message) {
    }

    private final LogStore store;
    private final ExecutorService pool = Executors.newFixedThreadPool(2, daemon("test-queue-pool"));
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            daemon("test-queue-timer"));
    private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    private final AtomicInteger deadLetterAttempts = new AtomicInteger();
    private volatile boolean failDeadLetters;
    private volatile Queue deadLetterQueue;

    /** @param store the log store the queue gets */
    public TestQueueContext(LogStore store) {
        this.store = store;
    }

    /** A context for a queue type that keeps nothing: storage and dead letters fail the test. */
    public static TestQueueContext withoutStorage() {
        return new TestQueueContext(null);
    }

    @Override
    public LogStore logStore() {
        if (store == null) {
            throw new AssertionError("the queue asked for the log store, which this queue type must not use");
        }
        return store;
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public Executor serialExecutor(String name) {
        return new SerialExecutor(pool);
    }

    @Override
    public CompletionStage<Long> deadLetter(String targetQueue, Message message) {
        if (store == null) {
            throw new AssertionError("the queue dead-lettered a message to " + targetQueue
                    + ", which this queue type must not do");
        }
        deadLetterAttempts.incrementAndGet();
        if (failDeadLetters) {
            return CompletableFuture.failedFuture(new StorageException(StorageException.Kind.IO,
                    "dead-letter queue unavailable (refused by the test)"));
        }
        Queue target = deadLetterQueue;
        if (target != null) {
            return target.append(message).thenApply(offset -> {
                deadLetters.add(new DeadLetter(targetQueue, message));
                return offset;
            });
        }
        deadLetters.add(new DeadLetter(targetQueue, message));
        return CompletableFuture.completedFuture((long) deadLetters.size() - 1);
    }

    /** The dead letters that were accepted, in order. */
    public List<DeadLetter> deadLetters() {
        return deadLetters;
    }

    /** Calls of {@link #deadLetter}, accepted or refused. */
    public int deadLetterAttempts() {
        return deadLetterAttempts.get();
    }

    /** From now on, dead-letter appends fail (or succeed again). */
    public void failDeadLetters(boolean fail) {
        this.failDeadLetters = fail;
    }

    /** Dead letters go to this queue from now on. */
    public void deadLettersTo(Queue queue) {
        this.deadLetterQueue = queue;
    }

    /** Stops the timer at once; lets the queues' running tasks finish, for at most 10 s. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Runs tasks one at a time in submission order on the pool, as the queue manager's serial executors do. */
    private static final class SerialExecutor implements Executor {
        private final Executor pool;
        private final java.util.Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean draining = new AtomicBoolean();

        SerialExecutor(Executor pool) {
            this.pool = pool;
        }

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
            if (draining.compareAndSet(false, true)) {
                pool.execute(this::drain);
            }
        }

        private void drain() {
            try {
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
            } finally {
                draining.set(false);
                // A task added after the last poll and before the flag was cleared must not be stranded.
                if (!tasks.isEmpty() && draining.compareAndSet(false, true)) {
                    pool.execute(this::drain);
                }
            }
        }
    }
}
