package io.fluxmq.core.queue;

import io.fluxmq.api.queue.AckOutcome;
import io.fluxmq.api.queue.ConsumerSpec;
import io.fluxmq.api.queue.Delivery;
import io.fluxmq.api.queue.DeliveryHandler;
import io.fluxmq.api.queue.Queue;
import io.fluxmq.api.queue.QueueConsumer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The consumer a protocol adapter holds. It outlives the queue instance it is attached to: when
 * the queue is reopened (its configuration changed, or its type's bundle was updated) the
 * manager re-attaches it to the new instance with the credit it still had, so a subscription
 * keeps working across both.
 */
final class ManagedConsumer implements QueueConsumer, DeliveryHandler {
    private final ConsumerSpec spec;
    private final DeliveryHandler handler;
    private final Consumer<ManagedConsumer> onClose;
    /** Credit given and not yet used; guarded by this. */
    private long credit;
    private QueueConsumer attached;
    /** The queue instance {@code attached} belongs to; null while there is none. */
    private Queue queue;
    private boolean attachedBefore;
    private boolean closed;

    ManagedConsumer(ConsumerSpec spec, DeliveryHandler handler, Consumer<ManagedConsumer> onClose) {
        this.spec = spec;
        this.handler = handler;
        this.onClose = onClose;
    }

    @Override
    public ConsumerSpec spec() {
        return spec;
    }

    @Override
    public void addCredit(int n) {
        if (n <= 0) {
            return;
        }
        QueueConsumer target;
        synchronized (this) {
            if (closed) {
                return;
            }
            credit += n;
            target = attached;
        }
        if (target != null) {
            target.addCredit(n);
        }
    }

    @Override
    public void deliver(Delivery delivery) {
        synchronized (this) {
            credit--;
        }
        handler.deliver(delivery);
    }

    /**
     * Attaches to a (new) queue instance with the remaining credit. A re-attachment carries no
     * cursor: the group goes on from where it stands instead of seeking back to the start position
     * the consumer asked for when it subscribed.
     */
    void attachTo(Queue queue) {
        ConsumerSpec asked;
        synchronized (this) {
            asked = attachedBefore ? new ConsumerSpec(spec.consumerId(), spec.group(), spec.routingFilter(), null) : spec;
            attachedBefore = true;
        }
        QueueConsumer consumer = queue.attach(asked, this);
        int remaining;
        synchronized (this) {
            if (closed) {
                consumer.close();
                return;
            }
            attached = consumer;
            this.queue = queue;
            remaining = (int) Math.min(Integer.MAX_VALUE, Math.max(0, credit));
        }
        if (remaining > 0) {
            consumer.addCredit(remaining);
        }
    }

    /** The queue instance went away; pending deliveries stay with the queue's store. */
    synchronized void detach() {
        attached = null;
        queue = null;
    }

    @Override
    public CompletionStage<AckOutcome> ack(long offset) {
        return settle(q -> q.ack(spec.group(), spec.consumerId(), offset));
    }

    @Override
    public CompletionStage<AckOutcome> nack(long offset) {
        return settle(q -> q.nack(spec.group(), spec.consumerId(), offset));
    }

    @Override
    public CompletionStage<AckOutcome> reject(long offset, String reason) {
        return settle(q -> q.reject(spec.group(), spec.consumerId(), offset, reason));
    }

    private CompletionStage<AckOutcome> settle(Function<Queue, CompletionStage<AckOutcome>> how) {
        Queue q;
        synchronized (this) {
            q = queue;
        }
        if (q == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the queue of consumer '"
                    + spec.consumerId() + "' (group '" + spec.group() + "') is not open"));
        }
        try {
            return how.apply(q);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The queue was deleted: ends this consumer without calling back into the manager, then tells its holder. */
    void queueDeleted(String reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            attached = null;
            queue = null;
        }
        handler.cancelled(reason);
    }

    @Override
    public void close() {
        QueueConsumer consumer;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            consumer = attached;
            attached = null;
        }
        if (consumer != null) {
            consumer.close();
        }
        onClose.accept(this);
    }
}
