package io.fluxmq.queue.durable;

import io.fluxmq.api.queue.QueueConfig;
import java.util.function.LongSupplier;

/**
 * What every lane of one queue shares. The mutable parts (log, counters) are owned by the queue's
 * serial executor, like the lanes themselves.
 *
 * @param clock epoch milliseconds; delivery times, timeouts and TTL are measured with it
 */
record QueueRuntime(String queue, QueueConfig config, QueueLog log, SerialTasks tasks, Counters counters,
        DeadLetters deadLetters, LongSupplier clock) {
}
