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
}
