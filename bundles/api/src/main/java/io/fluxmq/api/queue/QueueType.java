package io.fluxmq.api.queue;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kind of queue (ephemeral, durable, stream), registered as a service with
 * {@value #TYPE_PROPERTY} set to its {@link #name()}.
 */
@ConsumerType
public interface QueueType {
    /** The service property naming the type. */
    String TYPE_PROPERTY = "fluxmq.queue.type";

    String name();

    /**
     * Creates (or reopens, when its log exists) a queue.
     *
     * <p><b>Thread:</b> the queue manager's configuration thread; may read from storage.
     */
    Queue create(QueueConfig config, QueueContext context);
}
