package io.fluxmq.queue.stream;

import io.fluxmq.api.queue.ConsumerSpec;
import io.fluxmq.api.queue.DeliveryHandler;
import io.fluxmq.api.queue.QueueConsumer;
import io.fluxmq.api.storage.LogEntry;

/**
 * A consumer attached to a stream. Its credit and group live on the queue's serial executor;
 * {@link #addCredit} and {@link #close} may be called from any thread and hand over to it.
 */
final class StreamConsumer implements QueueConsumer {
    private final ConsumerSpec spec;
    final DeliveryHandler handler;
    private final StreamQueue queue;
    // On the serial executor:
    StreamGroup group;
    long credit;
    boolean closed;

    StreamConsumer(ConsumerSpec spec, DeliveryHandler handler, StreamQueue queue) {
        this.spec = spec;
        this.handler = handler;
        this.queue = queue;
    }

    @Override
    public ConsumerSpec spec() {
        return spec;
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

    /** Whether the consumer's routing filter takes the entry. */
    boolean takes(LogEntry entry, String queueName) {
        return spec.takes(queueName, entry.message().topic());
    }
}
