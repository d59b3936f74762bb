package io.fluxmq.queue.durable;

/**
 * What a queue has done since it was opened. Owned by the serial executor; {@code stats()} reads
 * the snapshot the executor publishes after every task.
 */
final class Counters {
    long enqueued;
    long delivered;
    long acknowledged;
    long deadLettered;
    long dropped;
}
