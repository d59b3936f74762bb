package io.fluxmq.api.queue;

import io.fluxmq.api.message.Message;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The protocol-agnostic entry to queues: every protocol publishes, consumes and acknowledges
 * through it. Thread-safe; nothing blocks.
 */
@ProviderType
public interface QueueManager {
    /** The topic prefix that addresses queues: {@code $queue/<name>/<routing-key...>}. */
    String QUEUE_PREFIX = "$queue/";

    Optional<Queue> queue(String name);

    Collection<Queue> queues();

    /**
     * Appends the message to every queue it addresses or that a binding captures. Completes with
     * the number of queues that took it, once every append is durable; completes exceptionally
     * when a queue refused it.
     */
    CompletionStage<Integer> publish(Message message);

    /** Attaches a consumer; an unknown queue is created as ephemeral. */
    QueueConsumer subscribe(String queue, ConsumerSpec spec, DeliveryHandler handler);

    /**
     * Creates a queue with this configuration unless one of that name exists (configured,
     * declared or created on demand), the way a protocol declares queues (AMQP queue.declare). A
     * declared queue stays until it is {@linkplain #delete deleted}. The caller compares the
     * returned queue's {@link Queue#config()} with what it asked for.
     *
     * <p><b>Thread:</b> any; opening the queue happens off the caller's thread.
     *
     * @return completes with the queue of that name, or fails with an {@link IllegalStateException}
     *         when its type is not installed
     * @since 1.2
     */
    CompletionStage<Queue> declare(QueueConfig config);

    /**
     * Deletes a queue that was declared or created on demand, with its stored messages. Its
     * consumers are told through {@link DeliveryHandler#cancelled(String)} and receive nothing
     * more; their pending deliveries go with the queue.
     *
     * @return completes with the number of messages the queue held; fails with a
     *         {@link java.util.NoSuchElementException} for an unknown queue and an
     *         {@link IllegalStateException} for a queue that a configuration defines
     * @since 1.2
     */
    CompletionStage<Long> delete(String name);
}
