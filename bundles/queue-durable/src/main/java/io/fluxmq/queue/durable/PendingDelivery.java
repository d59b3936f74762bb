package io.fluxmq.queue.durable;

import io.fluxmq.api.storage.LogEntry;
import io.fluxmq.api.storage.PendingEntry;

/**
 * A lane's pending entry in memory: a message delivered and not yet done, with the message kept
 * so that redelivery and dead-lettering need no read. Owned by the queue's serial executor.
 */
final class PendingDelivery {
    /** Where the entry is between its delivery and its removal. */
    enum State {
        /** With its holder, which may ack, nack or reject it; times out after the visibility timeout. */
        HELD,
        /** Released (nack, timeout), waiting out its backoff; the holder may still ack it. */
        WAITING,
        /** Released and ready to be delivered again; the holder may still ack it until then. */
        AVAILABLE,
        /** Being appended to the dead-letter target; nobody may act on it any more. */
        DEAD_LETTERING
    }

    final LogEntry entry;
    String holder;
    long deliveredAtMillis;
    int deliveryCount;
    State state;
    /** Incremented on each release, so that a backoff timer of an earlier release does nothing. */
    int releases;

    PendingDelivery(LogEntry entry, String holder, long deliveredAtMillis, int deliveryCount, State state) {
        this.entry = entry;
        this.holder = holder;
        this.deliveredAtMillis = deliveredAtMillis;
        this.deliveryCount = deliveryCount;
        this.state = state;
    }

    long offset() {
        return entry.offset();
    }

    int size() {
        return entry.message().payloadSize();
    }

    /** Whether the consumer may still ack, nack or reject it. */
    boolean answerableBy(String consumerId) {
        return state != State.DEAD_LETTERING && holder.equals(consumerId);
    }

    PendingEntry stored() {
        return new PendingEntry(entry.offset(), holder, deliveredAtMillis, deliveryCount);
    }
}
