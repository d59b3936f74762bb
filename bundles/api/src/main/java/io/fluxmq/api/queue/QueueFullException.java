package io.fluxmq.api.queue;

/** A publish was refused because the queue is at its maximum depth with {@link OverflowPolicy#REJECT_NEW}. */
public final class QueueFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QueueFullException(String queue, long depth) {
        super("queue '" + queue + "' is full (" + depth + " messages)");
    }
}
