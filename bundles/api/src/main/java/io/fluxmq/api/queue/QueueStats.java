package io.fluxmq.api.queue;

/** Counters of one queue at one moment. */
public record QueueStats(long depth, long bytes, long pending, int consumers, long enqueued,
        long delivered, long acknowledged, long deadLettered, long dropped) {
}
