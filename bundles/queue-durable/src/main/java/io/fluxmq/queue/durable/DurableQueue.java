package io.fluxmq.queue.durable;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.queue.AckOutcome;
import io.fluxmq.api.queue.ConsumerSpec;
import io.fluxmq.api.queue.DeliveryHandler;
import io.fluxmq.api.queue.OverflowPolicy;
import io.fluxmq.api.queue.Queue;
import io.fluxmq.api.queue.QueueConfig;
import io.fluxmq.api.queue.QueueConsumer;
import io.fluxmq.api.queue.QueueContext;
import io.fluxmq.api.queue.QueueFullException;
import io.fluxmq.api.queue.QueueStats;
import io.fluxmq.api.storage.LogEntry;
import io.fluxmq.queue.durable.PendingDelivery.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable queue: the {@link Queue} contract on top of the lanes. Every method hands its work to
 * the queue's serial executor and returns at once; the returned stages complete on that executor,
 * after the work has settled (so continuations must not block, and {@link #stats()} already shows
 * the effect of a completed stage).
 *
 * <p>After each task the queue settles: it truncates its log below the lowest committed offset of
 * all lanes and publishes the statistics that {@link #stats()} answers from.
 */
final class DurableQueue implements Queue {
    /** How long reopening may wait for each storage read. */
    static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(DurableQueue.class);

    private final QueueConfig config;
    private final String name;
    private final SerialTasks tasks;
    private final QueueLog log;
    private final Counters counters = new Counters();
    private final Lanes lanes;
    private final QueueRuntime rt;
    private final ScheduledFuture<?> timeoutScan;
    private volatile QueueStats stats;

    private DurableQueue(QueueConfig config, QueueContext context, Recovery.StoredQueue stored, LongSupplier clock) {
        this.config = config;
        this.name = config.name();
        this.tasks = new SerialTasks(name, context.serialExecutor("durable-queue-" + name), context.scheduler());
        this.log = new QueueLog(name, context.logStore(), tasks, stored.first(), stored.end(), stored.sizes());
        DeadLetters deadLetters = new DeadLetters(config, context, tasks, counters, clock);
        this.rt = new QueueRuntime(name, config, log, tasks, counters, deadLetters, clock);
        this.lanes = new Lanes(this::newLane);
        for (Recovery.StoredLane s : stored.lanes()) {
            Lane lane = new Lane(s.key(), rt, s.readPos(), s.committed(), s.mark());
            s.pending().forEach(lane::restore);
            lanes.add(lane);
        }
        this.stats = snapshot();
        tasks.settleWith(this::settle);
        tasks.run(() -> lanes.all().forEach(Lane::settleRestored));
        Duration timeout = config.visibilityTimeout();
        this.timeoutScan = timeout.isZero() ? null : tasks.every(scanPeriod(timeout), this::releaseTimedOut);
    }

    /** Opens the queue, reading what the context's log store holds of it. */
    static DurableQueue open(QueueConfig config, QueueContext context) {
        return open(config, context, System::currentTimeMillis);
    }

    static DurableQueue open(QueueConfig config, QueueContext context, LongSupplier clock) {
        Recovery.StoredQueue stored;
        try {
            stored = new Recovery(config.name(), context.logStore(), RECOVERY_TIMEOUT).load();
        } catch (IllegalStateException e) {
            LOG.error("QUEUE-2007 queue '{}' cannot be opened: {}", config.name(), e.getMessage());
            throw e;
        }
        if (!stored.lanes().isEmpty() || stored.end() > stored.first()) {
            LOG.info("QUEUE-2000 queue '{}' reopened: {} messages held (first offset {}, next offset {}), {} group lanes, {} pending"
                    + " deliveries to redeliver", config.name(), stored.end() - stored.first(), stored.first(),
                    stored.end(), stored.lanes().size(), stored.pendingCount());
        }
        return new DurableQueue(config, context, stored, clock);
    }

    /** Visibility timeouts are checked four times per timeout, at most once a second, at least every 10 ms apart. */
    static Duration scanPeriod(Duration visibilityTimeout) {
        long millis = Math.max(10, Math.min(1000, visibilityTimeout.toMillis() / 4));
        return Duration.ofMillis(millis);
    }

    private Lane newLane(LaneKey key) {
        // A group seen for the first time starts at the first retained offset.
        Lane lane = new Lane(key, rt, log.first(), -1, -1);
        lane.commitProgress();
        return lane;
    }

    @Override
    public QueueConfig config() {
        return config;
    }

    @Override
    public CompletionStage<Long> append(Message message) {
        Objects.requireNonNull(message, "message");
        CompletableFuture<Long> result = new CompletableFuture<>();
        tasks.run(() -> {
            if (tasks.closed()) {
                tasks.fail(result, closed());
                return;
            }
            if (config.maxDepth() > 0 && config.overflow() == OverflowPolicy.REJECT_NEW
                    && depth() + log.appendsInFlight() >= config.maxDepth()) {
                tasks.fail(result, new QueueFullException(name, depth()));
                return;
            }
            tasks.whenDone(log.append(message), (offset, failure) -> {
                if (failure != null) {
                    log.appendDone(-1, 0);
                    tasks.fail(result, failure);
                } else {
                    appended(new LogEntry(offset, rt.clock().getAsLong(), message));
                    tasks.complete(result, offset);
                }
            });
        });
        return result;
    }

    private void appended(LogEntry entry) {
        log.appendDone(entry.offset(), entry.message().payloadSize());
        counters.enqueued++;
        if (config.maxDepth() > 0 && config.overflow() == OverflowPolicy.DROP_OLDEST && depth() > config.maxDepth()) {
            dropBefore(log.end() - config.maxDepth());
        }
        for (Lane lane : lanes.all()) {
            lane.appended(entry);
        }
    }

    /** Drops every message below {@code offset} in every lane and truncates the log there (DROP_OLDEST). */
    private void dropBefore(long offset) {
        long before = depth();
        for (Lane lane : lanes.all()) {
            lane.dropBefore(offset);
        }
        log.truncateBefore(offset);
        counters.dropped += before - depth();
    }

    @Override
    public QueueConsumer attach(ConsumerSpec spec, DeliveryHandler handler) {
        Objects.requireNonNull(handler, "handler");
        LaneKey key = new LaneKey(spec.group(), spec.routingFilter());
        DurableConsumer consumer = new DurableConsumer(spec, handler, this);
        tasks.run(() -> {
            if (!tasks.closed()) {
                lanes.attach(consumer, key);
            }
        });
        return consumer;
    }

    void addCredit(DurableConsumer consumer, int n) {
        tasks.run(() -> {
            if (consumer.lane() != null) {
                consumer.grant(n);
                consumer.lane().dispatch();
            }
        });
    }

    void detach(DurableConsumer consumer) {
        tasks.run(() -> lanes.detach(consumer));
    }

    @Override
    public CompletionStage<AckOutcome> ack(String group, String consumerId, long offset) {
        return answer(group, consumerId, offset, held -> {
            counters.acknowledged++;
            return held.lane().finish(held.delivery());
        });
    }

    @Override
    public CompletionStage<AckOutcome> nack(String group, String consumerId, long offset) {
        return answer(group, consumerId, offset, held -> {
            // A nack of a delivery already released (nacked, timed out) changes nothing.
            if (held.delivery().state == State.HELD) {
                held.lane().release(held.delivery(), true);
                held.lane().dispatch();
            }
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Completes with OK once the move has started: the entry stays pending until the dead letter is durable. */
    @Override
    public CompletionStage<AckOutcome> reject(String group, String consumerId, long offset, String reason) {
        return answer(group, consumerId, offset, held -> {
            rt.deadLetters().move(held.lane(), held.delivery(), reason != null ? reason : DeadLetters.REASON_REJECTED);
            return CompletableFuture.completedFuture(null);
        });
    }

    private CompletionStage<AckOutcome> answer(String group, String consumerId, long offset,
            Function<Lanes.Holding, CompletionStage<Void>> action) {
        CompletableFuture<AckOutcome> result = new CompletableFuture<>();
        tasks.run(() -> {
            if (tasks.closed()) {
                tasks.fail(result, closed());
                return;
            }
            Lanes.Holding held = lanes.holding(group, consumerId, offset);
            if (held.outcome() != AckOutcome.OK) {
                tasks.complete(result, held.outcome());
                return;
            }
            tasks.completeWhenDurable(result, action.apply(held), AckOutcome.OK);
        });
        return result;
    }

    @Override
    public QueueStats stats() {
        return stats;
    }

    @Override
    public CompletionStage<Long> purge() {
        CompletableFuture<Long> result = new CompletableFuture<>();
        tasks.run(() -> {
            long before = depth();
            List<CompletionStage<Void>> writes = new ArrayList<>();
            if (lanes.isEmpty()) {
                writes.add(log.truncateBefore(log.end()));
            }
            for (Lane lane : lanes.all()) {
                writes.add(lane.purge(log.end()));
            }
            long removed = before - depth();
            counters.dropped += removed;
            tasks.completeWhenDurable(result,
                    CompletableFuture.allOf(writes.stream().map(CompletionStage::toCompletableFuture)
                            .toArray(CompletableFuture[]::new)), removed);
        });
        return result;
    }

    /** Stops the timers and detaches every consumer; pending entries stay stored for the next opening. */
    @Override
    public void close() {
        tasks.close();
        if (timeoutScan != null) {
            timeoutScan.cancel(false);
        }
        tasks.run(lanes::detachAll);
    }

    private void releaseTimedOut() {
        long now = rt.clock().getAsLong();
        long timeout = config.visibilityTimeout().toMillis();
        for (Lane lane : lanes.all()) {
            lane.releaseTimedOut(now, timeout);
        }
    }

    private long depth() {
        return lanes.depth(log.first(), log.end());
    }

    /** After every task: acknowledged messages leave the log, committed offsets are written, statistics published. */
    private void settle() {
        if (!lanes.isEmpty()) {
            long committed = lanes.minCommitted();
            if (committed > log.first()) {
                log.truncateBefore(committed);
            }
            lanes.all().forEach(Lane::commitProgress);
        }
        stats = snapshot();
    }

    private QueueStats snapshot() {
        long first = log.first();
        long end = log.end();
        return new QueueStats(lanes.depth(first, end), log.bytes(), lanes.pendingCount(), lanes.consumerCount(),
                counters.enqueued, counters.delivered, counters.acknowledged, counters.deadLettered,
                counters.dropped, lanes.groupStats(first, end));
    }

    private IllegalStateException closed() {
        return new IllegalStateException("queue '" + name + "' is closed");
    }
}
