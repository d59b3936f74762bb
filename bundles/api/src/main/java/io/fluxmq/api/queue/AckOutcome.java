package io.fluxmq.api.queue;

/** The answer to an ack, nack or reject. Anything but {@link #OK} changed nothing. */
public enum AckOutcome {
    OK,
    /** No such queue, or no pending delivery with that offset. */
    UNKNOWN_MESSAGE,
    /** The delivery belongs to another consumer group. */
    WRONG_GROUP,
    /** The delivery is held by another consumer of the group. */
    NOT_OWNER
}
