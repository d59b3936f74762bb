package io.fluxmq.api.queue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/** An attached consumer; detaching leaves its unacknowledged deliveries to its group. */
@ProviderType
public interface QueueConsumer extends AutoCloseable {
    ConsumerSpec spec();

    /** Allows {@code n} more deliveries (MQTT receive maximum, AMQP credit or prefetch). */
    void addCredit(int n);

    /**
     * Settles a delivery made to this consumer, in the queue instance it came from, as
     * {@link Queue#ack} with this consumer's group and id. The consumer that {@link QueueManager}
     * hands out follows its queue when it is reopened; while it has none (the queue is being
     * reopened or was deleted) the stage fails with an {@link IllegalStateException} and the
     * delivery stays pending: it comes again after the visibility timeout.
     *
     * @since 1.1
     */
    default CompletionStage<AckOutcome> ack(long offset) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("settle through the Queue"));
    }

    /** Makes a delivery to this consumer available to the group again; see {@link #ack(long)}. @since 1.1 */
    default CompletionStage<AckOutcome> nack(long offset) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("settle through the Queue"));
    }

    /** Rejects a delivery to this consumer (dead-lettered or dropped); see {@link #ack(long)}. @since 1.1 */
    default CompletionStage<AckOutcome> reject(long offset, String reason) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("settle through the Queue"));
    }

    /** Detaches; pending deliveries become available to the group after the visibility timeout. */
    @Override
    void close();
}
