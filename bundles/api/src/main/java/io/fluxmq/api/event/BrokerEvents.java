package io.fluxmq.api.event;

import org.osgi.annotation.versioning.ProviderType;

/** Publishes events to every {@link BrokerEventListener}. Provided by the core. */
@ProviderType
public interface BrokerEvents {
    /**
     * Queues the event for dispatch and returns at once. The queue is bounded; when it is full
     * the event is dropped and counted in {@link #droppedCount()}. <b>Thread:</b> any.
     */
    void publish(BrokerEvent event);

    long droppedCount();
}
