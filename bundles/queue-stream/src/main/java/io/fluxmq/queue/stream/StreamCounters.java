package io.fluxmq.queue.stream;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one stream queue since it was opened. Written on the queue's serial executor,
 * read by {@link io.fluxmq.api.queue.Queue#stats()} on any thread.
 */
final class StreamCounters {
    final LongAdder enqueued = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder acknowledged = new LongAdder();
    final LongAdder deadLettered = new LongAdder();
    /**
     * Messages removed (retention, overflow, purge) before every group had read them, once per
     * message, plus expired messages skipped, once per group that skipped one.
     */
    final LongAdder dropped = new LongAdder();
}
