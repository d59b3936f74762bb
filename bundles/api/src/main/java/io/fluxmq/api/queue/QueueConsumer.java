package io.fluxmq.api.queue;

import org.osgi.annotation.versioning.ProviderType;

/** An attached consumer; detaching leaves its unacknowledged deliveries to its group. */
@ProviderType
public interface QueueConsumer extends AutoCloseable {
    ConsumerSpec spec();

    /** Allows {@code n} more deliveries (MQTT receive maximum, AMQP credit or prefetch). */
    void addCredit(int n);

    /** Detaches; pending deliveries become available to the group after the visibility timeout. */
    @Override
    void close();
}
