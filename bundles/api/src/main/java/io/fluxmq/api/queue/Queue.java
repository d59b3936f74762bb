package io.fluxmq.api.queue;

import io.fluxmq.api.message.Message;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One queue instance, created by its {@link QueueType}. Thread-safe; methods never block.
 */
@ConsumerType
public interface Queue {
    QueueConfig config();

    /**
     * Appends a message. Completes with its offset once it is durable as the type promises, or
     * exceptionally with {@link QueueFullException} or a storage exception.
     *
     * <p><b>Thread:</b> any; the message is shared, never modified.
     */
    CompletionStage<Long> append(Message message);

    /** Attaches a consumer; it receives nothing until it is given credit. */
    QueueConsumer attach(ConsumerSpec spec, DeliveryHandler handler);

    CompletionStage<AckOutcome> ack(String group, String consumerId, long offset);

    /** Makes the message available to the group again after the queue's backoff. */
    CompletionStage<AckOutcome> nack(String group, String consumerId, long offset);

    /** Moves the message to the dead-letter queue with the reason. */
    CompletionStage<AckOutcome> reject(String group, String consumerId, long offset, String reason);

    QueueStats stats();

    /**
     * Removes every message that is not pending with a consumer (stream: every message) and
     * completes with how many were removed. Consumer groups stay; their positions move past the
     * removed messages.
     */
    CompletionStage<Long> purge();

    /** Stops timers and detaches consumers; the stored data stays. */
    void close();
}
