package io.fluxmq.queue.ephemeral;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.queue.ConsumerSpec;
import io.fluxmq.api.queue.DeliveryHandler;
import io.fluxmq.api.queue.QueueConsumer;

/**
 * A consumer attached to an ephemeral queue. Its credit and group live on the queue's serial
 * executor; {@link #addCredit} and {@link #close} may be called from any thread and hand over to it.
 */
final class EphemeralConsumer implements QueueConsumer {
    private final ConsumerSpec spec;
    final DeliveryHandler handler;
    private final EphemeralQueue queue;
    // On the serial executor:
    EphemeralGroup group;
    long credit;
    boolean closed;

    EphemeralConsumer(ConsumerSpec spec, DeliveryHandler handler, EphemeralQueue queue) {
        this.spec = spec;
        this.handler = handler;
        this.queue = queue;
    }

    @Override
    public ConsumerSpec spec() {
        return spec;
    }

    String id() {
        return spec.consumerId();
    }

    @Override
    public void addCredit(int n) {
        if (n > 0) {
            queue.executor().execute(() -> queue.credit(this, n));
        }
    }

    @Override
    public void close() {
        queue.executor().execute(() -> queue.detach(this));
    }

    /** Whether the consumer's routing filter takes the message. */
    boolean takes(Message message, String queueName) {
        return spec.takes(queueName, message.topic());
    }
}
