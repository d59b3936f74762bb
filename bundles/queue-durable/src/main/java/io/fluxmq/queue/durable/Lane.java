package io.fluxmq.queue.durable;

import io.fluxmq.api.queue.Delivery;
import io.fluxmq.api.storage.LogEntry;
import io.fluxmq.queue.durable.PendingDelivery.State;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lane of progress on the log (a consumer group, or a group narrowed by a routing filter; see
 * {@link LaneKey}): the messages it has read ahead, its pending entries, and its consumers, among
 * which it shares the work round-robin. Owned by the queue's serial executor.
 *
 * <p><b>Positions.</b> Fresh messages are handed out in offset order, so the lane's
 * {@linkplain #frontier() frontier} (the first offset not yet handed out or skipped) splits the
 * log: below it every offset is done unless it is pending; from it on nothing is done. The
 * committed offset is the lowest offset not done, the lower of the frontier and the first pending
 * offset. What the store keeps lets a restart find the frontier again: the committed offset, the
 * pending entries and a <em>delivered mark</em>, a frontier written before any pending entry at or
 * above the last mark is removed (and after the frontier jumps over messages that were not
 * delivered). Every offset between the committed offset and the highest of the mark and the
 * pending entries that is not pending is therefore done, and nothing above it is.
 */
final class Lane {
    /** Fresh messages a lane holds read ahead at most. */
    static final int READ_AHEAD = 256;
    private static final int READ_BATCH = 128;
    private static final Duration READ_RETRY = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(Lane.class);

    private final LaneKey key;
    private final QueueRuntime rt;
    private final LaneStore stored;
    private final List<DurableConsumer> consumers = new ArrayList<>();
    private int nextConsumer;
    private final ArrayDeque<LogEntry> ready = new ArrayDeque<>();
    private final TreeMap<Long, PendingDelivery> pending = new TreeMap<>();
    private final TreeSet<Long> available = new TreeSet<>();
    private long readPos;
    private boolean reading;
    private boolean readFailing;
    /** The log end at which a read found nothing new; no read until the end moves. */
    private long stalledAtEnd = -1;

    /**
     * @param readPos the next offset to read: the frontier
     * @param storedCommitted the committed offset in the store, -1 for none
     * @param storedMark the delivered mark in the store, -1 for none
     */
    Lane(LaneKey key, QueueRuntime rt, long readPos, long storedCommitted, long storedMark) {
        this.key = key;
        this.rt = rt;
        this.stored = new LaneStore(key, rt.queue(), rt.log().store(), storedCommitted, storedMark);
        this.readPos = readPos;
    }

    LaneKey key() {
        return key;
    }

    // consumers

    void attach(DurableConsumer consumer) {
        consumers.add(consumer);
    }

    /**
     * Detaches a consumer. Its deliveries stay with it until the visibility timeout releases them
     * (a consumer that comes back in time can still ack them); without a visibility timeout they
     * are released at once, or they would stay pending for ever.
     */
    void detach(DurableConsumer consumer) {
        int index = consumers.indexOf(consumer);
        if (index < 0) {
            return;
        }
        consumers.remove(index);
        if (nextConsumer > index) {
            nextConsumer--;
        }
        if (rt.config().visibilityTimeout().isZero()) {
            for (PendingDelivery p : List.copyOf(pending.values())) {
                if (p.state == State.HELD && p.holder.equals(consumer.id())) {
                    release(p, false);
                }
            }
        }
        dispatch();
    }

    /** Detaches every consumer and leaves the pending entries as they are (the queue closes). */
    void detachAll() {
        consumers.clear();
    }

    int consumerCount() {
        return consumers.size();
    }

    // delivery

    /** Hands out what it can: redeliveries first, lowest offset first, then fresh messages. */
    void dispatch() {
        long now = rt.clock().getAsLong();
        while (!available.isEmpty() || !ready.isEmpty()) {
            DurableConsumer consumer = nextWithCredit();
            if (consumer == null) {
                break;
            }
            PendingDelivery p;
            if (!available.isEmpty()) {
                p = pending.get(available.pollFirst());
                if (expired(p.entry, now)) {
                    rt.counters().dropped++;
                    finish(p);
                    continue;
                }
            } else {
                LogEntry entry = ready.pollFirst();
                if (expired(entry, now)) {
                    rt.counters().dropped++;
                    continue;
                }
                p = new PendingDelivery(entry, consumer.id(), now, 0, State.HELD);
                pending.put(entry.offset(), p);
            }
            deliver(consumer, p, now);
        }
        fetchIfNeeded();
    }

    private DurableConsumer nextWithCredit() {
        int n = consumers.size();
        for (int i = 0; i < n; i++) {
            DurableConsumer c = consumers.get((nextConsumer + i) % n);
            if (c.hasCredit()) {
                nextConsumer = (nextConsumer + i + 1) % n;
                return c;
            }
        }
        return null;
    }

    private void deliver(DurableConsumer consumer, PendingDelivery p, long now) {
        p.holder = consumer.id();
        p.deliveredAtMillis = now;
        p.deliveryCount++;
        p.state = State.HELD;
        consumer.useCredit();
        rt.counters().delivered++;
        stored.saved(p.stored());
        consumer.deliver(new Delivery(rt.queue(), key.group(), p.offset(), p.deliveryCount, p.entry.message()));
    }

    private boolean expired(LogEntry entry, long now) {
        Duration ttl = rt.config().messageTtl();
        return (!ttl.isZero() && entry.appendedAtMillis() + ttl.toMillis() <= now) || entry.message().isExpired(now);
    }

    /** A message was appended: take it without a read when the lane is reading at the log's end. */
    void appended(LogEntry entry) {
        if (!reading && !consumers.isEmpty() && readPos == entry.offset() && ready.size() < READ_AHEAD) {
            readPos = entry.offset() + 1;
            if (key.accepts(rt.queue(), entry.message())) {
                ready.addLast(entry);
            }
        }
        dispatch();
    }

    private void fetchIfNeeded() {
        QueueLog log = rt.log();
        long end = log.end();
        if (reading || consumers.isEmpty() || ready.size() >= READ_AHEAD / 2 || readPos >= end || end == stalledAtEnd) {
            return;
        }
        long from = Math.max(readPos, log.first());
        readPos = from;
        reading = true;
        rt.tasks().whenDone(log.read(from, (int) Math.min(READ_BATCH, end - from)),
                (entries, failure) -> fetched(entries, failure));
    }

    private void fetched(List<LogEntry> entries, Throwable failure) {
        reading = false;
        if (failure != null) {
            if (!readFailing) {
                LOG.warn("QUEUE-2005 queue '{}', group {}: reading the log at offset {} failed; retrying: {}",
                        rt.queue(), key, readPos, failure.toString());
            }
            readFailing = true;
            rt.tasks().schedule(this::dispatch, READ_RETRY);
            return;
        }
        readFailing = false;
        long before = readPos;
        long end = rt.log().end();
        for (LogEntry entry : entries) {
            if (entry.offset() < readPos) {
                continue;
            }
            if (entry.offset() >= end) {
                break;
            }
            readPos = entry.offset() + 1;
            if (key.accepts(rt.queue(), entry.message())) {
                ready.addLast(entry);
            }
        }
        stalledAtEnd = readPos == before ? end : -1;
        dispatch();
    }

    // acknowledgements

    /** The pending entry at {@code offset}, or null. */
    PendingDelivery pendingAt(long offset) {
        return pending.get(offset);
    }

    /**
     * The delivery is done (acknowledged, dead-lettered, expired, dropped): removes its pending
     * entry and moves the committed offset. Completes when the removal is durable.
     */
    CompletionStage<Void> finish(PendingDelivery p) {
        pending.remove(p.offset());
        available.remove(p.offset());
        CompletionStage<Void> removal = stored.removed(p.offset(), frontier());
        return all(removal, commitProgress());
    }

    /** Releases a delivery (nack, timeout): after the backoff it is delivered again, or dead-lettered at the maximum. */
    void release(PendingDelivery p, boolean withBackoff) {
        int max = rt.config().maxDeliveries();
        if (max > 0 && p.deliveryCount >= max) {
            rt.deadLetters().move(this, p, DeadLetters.REASON_MAX_DELIVERIES);
            return;
        }
        p.releases++;
        Duration delay = withBackoff ? rt.config().backoff().delay(p.deliveryCount) : Duration.ZERO;
        if (delay.toMillis() <= 0) {
            makeAvailable(p);
            return;
        }
        p.state = State.WAITING;
        int release = p.releases;
        rt.tasks().schedule(() -> {
            if (pending.get(p.offset()) == p && p.state == State.WAITING && p.releases == release) {
                makeAvailable(p);
                dispatch();
            }
        }, delay);
    }

    private void makeAvailable(PendingDelivery p) {
        p.state = State.AVAILABLE;
        available.add(p.offset());
    }

    /** Takes an entry out of the redelivery line (it is being dead-lettered). */
    void withdraw(PendingDelivery p) {
        available.remove(p.offset());
    }

    /** Releases the deliveries held longer than the visibility timeout. */
    void releaseTimedOut(long now, long timeoutMillis) {
        List<PendingDelivery> late = new ArrayList<>();
        for (PendingDelivery p : pending.values()) {
            if (p.state == State.HELD && p.deliveredAtMillis + timeoutMillis <= now) {
                late.add(p);
            }
        }
        for (PendingDelivery p : late) {
            release(p, true);
        }
        if (!late.isEmpty()) {
            LOG.debug("queue '{}', group {}: {} deliveries timed out", rt.queue(), key, late.size());
            dispatch();
        }
    }

    /** Adds a pending entry loaded from the store; it is delivered again as soon as a consumer can take it. */
    void restore(PendingDelivery p) {
        pending.put(p.offset(), p);
        p.releases++;
        makeAvailable(p);
    }

    /** Dead-letters restored entries that had reached the maximum deliveries. */
    void settleRestored() {
        int max = rt.config().maxDeliveries();
        for (PendingDelivery p : List.copyOf(pending.values())) {
            if (max > 0 && p.deliveryCount >= max && p.state == State.AVAILABLE) {
                rt.deadLetters().move(this, p, DeadLetters.REASON_MAX_DELIVERIES);
            }
        }
    }

    // removal without delivery

    /**
     * Drops every message below {@code offset}: those not yet handed out and the pending ones
     * (except those being dead-lettered). Completes when the drop is durable.
     */
    CompletionStage<Void> dropBefore(long offset) {
        while (!ready.isEmpty() && ready.peekFirst().offset() < offset) {
            ready.pollFirst();
        }
        readPos = Math.max(readPos, offset);
        List<CompletionStage<Void>> writes = new ArrayList<>();
        for (PendingDelivery p : List.copyOf(pending.headMap(offset).values())) {
            if (p.state != State.DEAD_LETTERING) {
                writes.add(finish(p));
            }
        }
        writes.add(stored.skippedTo(frontier()));
        writes.add(commitProgress());
        return all(writes.toArray(CompletionStage[]::new));
    }

    /**
     * Drops every message up to {@code end} that is not with a consumer: not yet handed out,
     * waiting for redelivery or available again. Completes when the drop is durable.
     */
    CompletionStage<Void> purge(long end) {
        ready.clear();
        readPos = Math.max(readPos, end);
        List<CompletionStage<Void>> writes = new ArrayList<>();
        for (PendingDelivery p : List.copyOf(pending.values())) {
            if (p.state == State.WAITING || p.state == State.AVAILABLE) {
                writes.add(finish(p));
            }
        }
        writes.add(stored.skippedTo(frontier()));
        writes.add(commitProgress());
        return all(writes.toArray(CompletionStage[]::new));
    }

    // positions

    /** The first offset not yet handed out or skipped. */
    long frontier() {
        return ready.isEmpty() ? readPos : ready.peekFirst().offset();
    }

    /** The lowest offset not done: every offset below it is. */
    long committed() {
        long frontier = frontier();
        return pending.isEmpty() ? frontier : Math.min(frontier, pending.firstKey());
    }

    /** Writes the committed offset if it moved; completes when it is durable. */
    CompletionStage<Void> commitProgress() {
        return stored.commit(committed());
    }

    // statistics

    /** Messages the lane has not done: not yet read, read ahead, and pending. */
    long notDone(long first, long end) {
        return unread(first, end) + ready.size() + pending.size();
    }

    /** Messages appended and not yet handed out to the lane. */
    long lag(long first, long end) {
        return unread(first, end) + ready.size();
    }

    private long unread(long first, long end) {
        return Math.max(0, end - Math.max(readPos, first));
    }

    int pendingCount() {
        return pending.size();
    }

    private static CompletionStage<Void> all(CompletionStage<?>... stages) {
        CompletableFuture<?>[] futures = new CompletableFuture<?>[stages.length];
        for (int i = 0; i < stages.length; i++) {
            futures[i] = stages[i].toCompletableFuture();
        }
        return CompletableFuture.allOf(futures);
    }
}
