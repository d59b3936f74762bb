package io.fluxmq.api.queue;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.storage.LogStore;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.osgi.annotation.versioning.ProviderType;

/** What the queue manager gives a queue it creates. */
@ProviderType
public interface QueueContext {
    /** The log store in use; may change between queue creations, never during one queue's life. */
    LogStore logStore();

    /** A shared scheduler for timeouts and backoff; tasks must be short and non-blocking. */
    ScheduledExecutorService scheduler();

    /**
     * A new executor that runs its tasks one at a time, in submission order, on the manager's
     * shared pool: a queue's dispatch loop runs on one, so its state needs no locks.
     */
    Executor serialExecutor(String name);

    /**
     * Appends a dead letter to the named queue (created as a durable queue if absent). Completes
     * when the append is durable; the caller removes its pending entry only then.
     */
    CompletionStage<Long> deadLetter(String targetQueue, Message message);
}
