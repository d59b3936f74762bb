package io.fluxmq.queue.durable;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.queue.Queue;
import io.fluxmq.api.queue.QueueContext;
import io.fluxmq.api.storage.LogStore;
import io.fluxmq.api.storage.StorageException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A queue context as the queue manager gives one: serial executors over a two-thread pool, a
 * shared scheduler, and dead letters kept in a list (or appended to a second queue). Dead-letter
 * appends can be made to fail.
 */
final class TestContext implements QueueContext, AutoCloseable {
    /** A dead letter as the queue handed it over. */
    record DeadLetter(String target, Message message) {
    }

    private final LogStore store;
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    private final AtomicInteger deadLetterAttempts = new AtomicInteger();
    private volatile boolean failDeadLetters;
    private volatile Queue deadLetterQueue;

    TestContext(LogStore store) {
        this.store = store;
    }

    @Override
    public LogStore logStore() {
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
        deadLetterAttempts.incrementAndGet();
        if (failDeadLetters) {
            return CompletableFuture.failedFuture(new StorageException(StorageException.Kind.IO, "dead-letter append refused by the test"));
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

    List<DeadLetter> deadLetters() {
        return deadLetters;
    }

    int deadLetterAttempts() {
        return deadLetterAttempts.get();
    }

    void failDeadLetters(boolean fail) {
        this.failDeadLetters = fail;
    }

    /** Dead letters go to this queue from now on. */
    void deadLettersTo(Queue queue) {
        this.deadLetterQueue = queue;
    }

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
}
