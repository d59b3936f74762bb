package io.fluxmq.api.queue;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives a consumer's deliveries; implemented by protocol adapters. */
@ConsumerType
public interface DeliveryHandler {
    /**
     * <b>Thread:</b> the queue's dispatch thread; must not block. Called only while the consumer
     * has credit ({@link QueueConsumer#addCredit(int)}); each call uses one credit.
     */
    void deliver(Delivery delivery);

    /**
     * The consumer was ended by the queue's side, not by its holder: its queue was deleted. No
     * delivery follows. The default does nothing.
     *
     * <p><b>Thread:</b> the thread that deleted the queue; must not block.
     *
     * @since 1.2
     */
    default void cancelled(String reason) {
    }
}
