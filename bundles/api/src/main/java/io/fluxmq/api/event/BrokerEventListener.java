package io.fluxmq.api.event;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives broker events; register as a service (whiteboard). The optional service property
 * {@value #TYPES_PROPERTY} (a list of {@link BrokerEvent#type()} values) limits what is received.
 */
@ConsumerType
public interface BrokerEventListener {
    String TYPES_PROPERTY = "fluxmq.event.types";

    /**
     * <b>Thread:</b> the event dispatcher's single thread, never a network event loop. Events
     * arrive in the order they were published. A slow listener delays the others: hand long work
     * (HTTP calls) to an executor of your own.
     */
    void onEvent(BrokerEvent event);
}
