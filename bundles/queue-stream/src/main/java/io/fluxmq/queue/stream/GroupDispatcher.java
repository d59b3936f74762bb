package io.fluxmq.queue.stream;

import io.fluxmq.api.queue.Delivery;
import io.fluxmq.api.storage.LogEntry;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a stream's log ahead for each consumer group and hands the entries to the group's
 * consumers: in offset order, each entry to one consumer of the group whose routing filter takes
 * it (round-robin among those with credit), one credit per delivery.
 *
 * <p>An entry waits while the consumers that take it have no credit; an entry no consumer of the
 * group takes is passed over (it stays in the log); an expired entry (the queue's message TTL
 * counted from its append time, or the message's own expiry) is skipped and counted as dropped.
 *
 * <p><b>Thread:</b> the queue's serial executor; store answers are handed back to it.
 */
final class GroupDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger("io.fluxmq.queue.stream");
    private static final Duration READ_RETRY = Duration.ofSeconds(1);
    /** How soon to read again when the store has not yet published entries the queue knows are durable. */
    private static final Duration VISIBILITY_RETRY = Duration.ofMillis(10);

    private final StreamLog log;
    private final long ttlMillis;
    private final int readBatch;
    private final StreamCounters counters;
    private final Executor executor;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier clock;
    private boolean closed;

    GroupDispatcher(StreamLog log, Duration messageTtl, int readBatch, StreamCounters counters,
            ScheduledExecutorService scheduler, LongSupplier clock) {
        this.log = log;
        this.ttlMillis = messageTtl.toMillis();
        this.readBatch = readBatch;
        this.counters = counters;
        this.executor = log.executor();
        this.scheduler = scheduler;
        this.clock = clock;
    }

    void close() {
        closed = true;
    }

    /** Delivers what the group's credit allows, reading ahead when its buffer is empty. */
    void dispatch(StreamGroup g) {
        if (closed || g.positioning || g.paused || !g.hasConsumers()) {
            return;
        }
        while (true) {
            LogEntry e = g.buffer.peekFirst();
            if (e == null) {
                read(g);
                return;
            }
            if (e.offset() < g.position) {
                g.buffer.pollFirst();
                continue;
            }
            if (e.offset() > g.position) {
                gap(g);
                return;
            }
            if (expired(e)) {
                g.advance();
                counters.dropped.increment();
                continue;
            }
            StreamConsumer c = g.nextFor(e, log.name());
            if (c == null) {
                if (g.anyTakes(e, log.name())) {
                    return; // waits for credit
                }
                g.advance();
                continue;
            }
            int deliveryCount = e.offset() < g.highWater ? 2 : 1;
            g.advance();
            c.credit--;
            counters.delivered.increment();
            try {
                c.handler.deliver(new Delivery(log.name(), g.name, e.offset(), deliveryCount, e.message()));
            } catch (RuntimeException ex) {
                LOG.warn("QUEUE-3006 stream '{}': the delivery handler of consumer '{}' (group '{}') failed on"
                        + " offset {}; the group goes on", log.name(), c.spec().consumerId(), g.name, e.offset(), ex);
            }
        }
    }

    private boolean expired(LogEntry e) {
        long now = clock.getAsLong();
        return (ttlMillis > 0 && now - e.appendedAtMillis() >= ttlMillis) || e.message().isExpired(now);
    }

    private void read(StreamGroup g) {
        if (g.reading || g.position >= log.next() || !g.hasCredit()) {
            return;
        }
        g.reading = true;
        int generation = g.generation;
        long from = g.position;
        log.store().read(log.name(), from, readBatch).whenCompleteAsync((entries, failure) -> {
            if (closed || generation != g.generation) {
                return;
            }
            if (failure != null) {
                if (!g.readFailing) {
                    LOG.warn("QUEUE-3001 stream '{}': group '{}' could not read from offset {}; retrying every {} s",
                            log.name(), g.name, from, READ_RETRY.toSeconds(), StreamLog.unwrap(failure));
                }
                g.readFailing = true;
                retry(g, generation, READ_RETRY);
                return;
            }
            g.readFailing = false;
            if (entries.isEmpty()) {
                gap(g);
                return;
            }
            g.reading = false;
            g.buffer.addAll(entries);
            dispatch(g);
        }, executor);
    }

    /**
     * The log has no entry at the group's position although the queue knows one is durable: the
     * store removed it under the group (the group continues at the store's first offset), or has
     * not published it yet (read again shortly).
     */
    private void gap(StreamGroup g) {
        long storeFirst = log.store().firstOffset(log.name());
        if (g.position < storeFirst) {
            LOG.warn("QUEUE-3002 stream '{}': group '{}' continues at offset {}, {} message(s) it had not read were"
                    + " removed from the log", log.name(), g.name, storeFirst, storeFirst - g.position);
            g.moveTo(storeFirst);
            dispatch(g);
            return;
        }
        g.buffer.clear();
        g.reading = true;
        retry(g, g.generation, VISIBILITY_RETRY);
    }

    private void retry(StreamGroup g, int generation, Duration delay) {
        scheduler.schedule(() -> executor.execute(() -> {
            if (generation == g.generation) {
                g.reading = false;
                dispatch(g);
            }
        }), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Moves every group the truncation left behind to the new first offset and wakes it. */
    void truncated(Iterable<StreamGroup> groups, long newFirst, boolean purge) {
        for (StreamGroup g : groups) {
            if (g.position < newFirst) {
                if (!purge) {
                    LOG.warn("QUEUE-3002 stream '{}': group '{}' continues at offset {}; retention or overflow"
                            + " removed {} message(s) it had not read", log.name(), g.name, newFirst, newFirst - g.position);
                }
                g.moveTo(newFirst);
                dispatch(g);
            }
        }
    }
}
