package io.fluxmq.queue.durable;

import io.fluxmq.api.queue.ConsumerSpec;
import io.fluxmq.api.queue.Delivery;
import io.fluxmq.api.queue.DeliveryHandler;
import io.fluxmq.api.queue.QueueConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer attached to a durable queue. Its credit and lane are owned by the queue's serial
 * executor; {@link #addCredit} and {@link #close} hand their work to it and return at once.
 */
final class DurableConsumer implements QueueConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(DurableConsumer.class);

    private final ConsumerSpec spec;
    private final DeliveryHandler handler;
    private final DurableQueue queue;
    // Owned by the executor.
    private long credit;
    private Lane lane;
    private boolean handlerFailed;

    DurableConsumer(ConsumerSpec spec, DeliveryHandler handler, DurableQueue queue) {
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

    /**
     * <b>Thread:</b> any. Allows {@code n} more deliveries; 0 does nothing.
     *
     * @throws IllegalArgumentException when {@code n} is negative
     */
    @Override
    public void addCredit(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("credit must be >= 0: " + n);
        }
        if (n > 0) {
            queue.addCredit(this, n);
        }
    }

    /** <b>Thread:</b> any. Detaches; see {@link Lane#detach} for what happens to its deliveries. */
    @Override
    public void close() {
        queue.detach(this);
    }

    Lane lane() {
        return lane;
    }

    void attachedTo(Lane attached) {
        this.lane = attached;
    }

    void grant(int n) {
        credit += n;
    }

    boolean hasCredit() {
        return credit > 0;
    }

    void useCredit() {
        credit--;
    }

    /** Hands the delivery over; a handler that throws keeps the delivery pending (it times out). */
    void deliver(Delivery delivery) {
        try {
            handler.deliver(delivery);
        } catch (RuntimeException e) {
            if (!handlerFailed) {
                LOG.warn("QUEUE-2002 queue '{}': the delivery handler of consumer '{}' threw; the delivery stays"
                        + " pending until acknowledged or timed out (further failures of this consumer are logged"
                        + " at debug)", delivery.queue(), id(), e);
                handlerFailed = true;
            } else {
                LOG.debug("queue '{}': the delivery handler of consumer '{}' threw", delivery.queue(), id(), e);
            }
        }
    }
}
