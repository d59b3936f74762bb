package io.fluxmq.queue.stream;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.queue.AckOutcome;
import io.fluxmq.api.queue.ConsumerSpec;
import io.fluxmq.api.queue.DeliveryHandler;
import io.fluxmq.api.queue.Queue;
import io.fluxmq.api.queue.QueueConfig;
import io.fluxmq.api.queue.QueueConsumer;
import io.fluxmq.api.queue.QueueContext;
import io.fluxmq.api.queue.QueueStats;
import io.fluxmq.api.storage.LogEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream queue: an append-only log that consumer groups read with cursors. Appends, group
 * positions, commits and retention are the parts; this class is the {@link Queue} contract over
 * them: it hands every call to the queue's serial executor and answers with stages.
 *
 * <p>Acknowledgements move a group's committed cursor: ack commits past the offset (cumulative,
 * never backwards, from any consumer of the group); nack seeks the group back to the offset after
 * the queue's first backoff delay; reject copies the message to the dead-letter queue and then
 * commits past it. The log itself is never changed by consumers.
 */
final class StreamQueue implements Queue, StreamLog.Listener {
    private static final Logger LOG = LoggerFactory.getLogger("io.fluxmq.queue.stream");

    private final QueueConfig config;
    private final QueueContext context;
    private final Executor executor;
    private final LongSupplier clock;
    private final StreamCounters counters;
    private final StreamLog log;
    private final GroupDispatcher dispatcher;
    private final RetentionTrimmer trimmer;
    private final CursorSeek seek;
    private final GroupCommits commits;
    /** Read by stats() on any thread; changed on the executor. */
    private final Map<String, StreamGroup> groups = new ConcurrentHashMap<>();
    private final Map<String, StreamConsumer> consumers = new HashMap<>();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private volatile boolean closed;

    private StreamQueue(QueueConfig config, QueueContext context, Executor executor, StreamSettings settings,
            StreamCounters counters, StreamLog log, LongSupplier clock) {
        this.config = config;
        this.context = context;
        this.executor = executor;
        this.clock = clock;
        this.counters = counters;
        this.log = log;
        this.dispatcher = new GroupDispatcher(log, config.messageTtl(), settings.readBatch(), counters,
                context.scheduler(), clock);
        this.trimmer = new RetentionTrimmer(log, config, settings.readBatch(), clock);
        this.seek = new CursorSeek(log);
        this.commits = new GroupCommits(log);
    }

    /**
     * Opens the stream on what the context's log store holds: its entries (read once to count their
     * bytes) and its groups at their committed offsets. Blocks on those reads.
     */
    static StreamQueue open(QueueConfig config, QueueContext context, StreamSettings settings, LongSupplier clock) {
        Executor executor = context.serialExecutor(config.name());
        StreamCounters counters = new StreamCounters();
        StreamLog log = StreamLog.open(config, context.logStore(), executor, counters);
        StreamQueue queue = new StreamQueue(config, context, executor, settings, counters, log, clock);
        for (Map.Entry<String, Long> g : GroupCommits.load(log).entrySet()) {
            long committed = g.getValue();
            long position = Math.max(committed, log.first());
            if (committed >= 0 && committed < log.first()) {
                LOG.warn("QUEUE-3002 stream '{}': group '{}' continues at offset {}; {} message(s) after its"
                        + " committed offset were removed from the log", config.name(), g.getKey(), log.first(),
                        log.first() - committed);
            }
            queue.groups.put(g.getKey(), new StreamGroup(g.getKey(), position, committed, position));
        }
        log.listener(queue);
        queue.startTimers(settings);
        executor.execute(() -> queue.trimmer.check(true));
        return queue;
    }

    private void startTimers(StreamSettings settings) {
        if (!config.retention().maxAge().isZero()) {
            every(settings.retentionCheck(), () -> trimmer.check(true));
        }
        Duration autoCommit = config.autoCommitInterval();
        if (!autoCommit.isZero() && !autoCommit.isNegative()) {
            every(autoCommit, this::commitDelivered);
        }
    }

    private void every(Duration period, Runnable task) {
        long millis = Math.max(1, period.toMillis());
        timers.add(context.scheduler().scheduleAtFixedRate(() -> executor.execute(() -> {
            if (!closed) {
                task.run();
            }
        }), millis, millis, TimeUnit.MILLISECONDS));
    }

    Executor executor() {
        return executor;
    }

    @Override
    public QueueConfig config() {
        return config;
    }

    @Override
    public CompletionStage<Long> append(Message message) {
        CompletableFuture<Long> result = new CompletableFuture<>();
        executor.execute(() -> {
            if (closed) {
                result.completeExceptionally(new IllegalStateException("stream '" + config.name() + "' is closed"));
            } else {
                log.append(message, result);
            }
        });
        return result;
    }

    @Override
    public QueueConsumer attach(ConsumerSpec spec, DeliveryHandler handler) {
        Cursor cursor = Cursor.parse(spec.cursor());
        StreamConsumer consumer = new StreamConsumer(spec, handler, this);
        executor.execute(() -> join(consumer, cursor));
        return consumer;
    }

    private void join(StreamConsumer consumer, Cursor cursor) {
        if (closed || consumer.closed) {
            consumer.closed = true;
            return;
        }
        StreamConsumer replaced = consumers.put(consumer.spec().consumerId(), consumer);
        if (replaced != null) {
            // The same consumer id again (a client that reconnected): the new attachment wins.
            detach(replaced);
        }
        StreamGroup group = groups.get(consumer.spec().group());
        boolean created = group == null;
        if (created) {
            group = new StreamGroup(consumer.spec().group(), log.next(), -1, 0);
            groups.put(group.name, group);
        }
        consumer.group = group;
        group.add(consumer);
        if (cursor.kind() != Cursor.Kind.COMMITTED) {
            position(group, cursor);
        } else if (created) {
            position(group, Cursor.LATEST);
        } else {
            dispatcher.dispatch(group);
        }
    }

    /** Seeks the group to the cursor and commits the new position, so that a restart resumes there. */
    private void position(StreamGroup group, Cursor cursor) {
        long sequence = ++group.seekSequence;
        group.positioning = true;
        seek.resolve(cursor).whenCompleteAsync((offset, failure) -> {
            if (closed || sequence != group.seekSequence) {
                return;
            }
            group.positioning = false;
            if (failure != null) {
                LOG.warn("QUEUE-3005 stream '{}': the cursor of group '{}' could not be resolved; the group stays at"
                        + " offset {}", config.name(), group.name, group.position, StreamLog.unwrap(failure));
            } else {
                group.moveTo(offset);
                commits.seek(group, offset);
            }
            dispatcher.dispatch(group);
        }, executor);
    }

    void credit(StreamConsumer consumer, int n) {
        if (consumer.closed) {
            return;
        }
        consumer.credit = Math.min(Integer.MAX_VALUE, consumer.credit + n);
        dispatcher.dispatch(consumer.group);
    }

    void detach(StreamConsumer consumer) {
        if (consumer.closed) {
            return;
        }
        consumer.closed = true;
        consumers.remove(consumer.spec().consumerId(), consumer);
        if (consumer.group != null) {
            consumer.group.remove(consumer);
        }
    }

    @Override
    public CompletionStage<AckOutcome> ack(String group, String consumerId, long offset) {
        return onDelivered(group, offset, g -> {
            counters.acknowledged.increment();
            return commits.ack(g, offset + 1).thenApply(v -> AckOutcome.OK);
        });
    }

    @Override
    public CompletionStage<AckOutcome> nack(String group, String consumerId, long offset) {
        return onDelivered(group, offset, g -> {
            if (offset < log.first()) {
                return CompletableFuture.completedFuture(AckOutcome.UNKNOWN_MESSAGE);
            }
            if (offset >= g.position) {
                // the group is already back at or before it (an earlier nack): a nack never moves it forward,
                // so that a consumer nacking (or leaving with) several deliveries gets all of them again
                return CompletableFuture.completedFuture(AckOutcome.OK);
            }
            g.seekSequence++;
            g.positioning = false;
            g.moveTo(offset);
            long delay = config.backoff().delay(1).toMillis();
            long token = ++g.pauseToken;
            g.paused = delay > 0;
            if (g.paused) {
                context.scheduler().schedule(() -> executor.execute(() -> {
                    if (g.pauseToken == token) {
                        g.paused = false;
                        dispatcher.dispatch(g);
                    }
                }), delay, TimeUnit.MILLISECONDS);
            }
            CompletionStage<Void> committed = commits.seek(g, offset);
            dispatcher.dispatch(g);
            return committed.thenApply(v -> AckOutcome.OK);
        });
    }

    @Override
    public CompletionStage<AckOutcome> reject(String group, String consumerId, long offset, String reason) {
        return onDelivered(group, offset, g -> log.store().read(config.name(), offset, 1).thenComposeAsync(entries -> {
            if (entries.isEmpty() || entries.get(0).offset() != offset) {
                return CompletableFuture.completedFuture(AckOutcome.UNKNOWN_MESSAGE);
            }
            LogEntry entry = entries.get(0);
            Message letter = DeadLetters.of(entry.message(), config.name(), g.name, reason, Instant.ofEpochMilli(clock.getAsLong()));
            return context.deadLetter(config.deadLetterTarget(), letter).handleAsync((dlqOffset, failure) -> {
                if (failure != null) {
                    LOG.warn("QUEUE-3007 stream '{}': offset {} rejected by group '{}' could not be dead-lettered to"
                            + " '{}'; the group's position is unchanged", config.name(), offset, g.name,
                            config.deadLetterTarget(), StreamLog.unwrap(failure));
                    return CompletableFuture.<AckOutcome>failedFuture(StreamLog.unwrap(failure));
                }
                counters.deadLettered.increment();
                return commits.ack(g, offset + 1).thenApply(v -> AckOutcome.OK);
            }, executor).thenCompose(stage -> stage);
        }, executor));
    }

    /**
     * Runs {@code action} on the executor when the group exists and has been handed the offset;
     * answers {@link AckOutcome#UNKNOWN_MESSAGE} otherwise.
     */
    private CompletionStage<AckOutcome> onDelivered(String group, long offset,
            Function<StreamGroup, CompletionStage<AckOutcome>> action) {
        CompletableFuture<AckOutcome> result = new CompletableFuture<>();
        executor.execute(() -> {
            StreamGroup g = groups.get(group);
            if (closed || g == null || offset < 0 || offset >= g.highWater) {
                result.complete(AckOutcome.UNKNOWN_MESSAGE);
                return;
            }
            action.apply(g).whenComplete((outcome, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(StreamLog.unwrap(failure));
                } else {
                    result.complete(outcome);
                }
            });
        });
        return result;
    }

    /** Auto-commit: every group's delivered position. */
    private void commitDelivered() {
        for (StreamGroup g : groups.values()) {
            if (!g.positioning) {
                commits.ack(g, g.position);
            }
        }
    }

    @Override
    public CompletionStage<Long> purge() {
        CompletableFuture<Long> result = new CompletableFuture<>();
        executor.execute(() -> log.purge().whenComplete((removed, failure) -> {
            if (failure != null) {
                result.completeExceptionally(StreamLog.unwrap(failure));
            } else {
                result.complete(removed);
            }
        }));
        return result;
    }

    @Override
    public void appended() {
        if (closed) {
            return;
        }
        trimmer.check(false);
        for (StreamGroup g : groups.values()) {
            dispatcher.dispatch(g);
        }
    }

    @Override
    public void truncated(long oldFirst, long newFirst, boolean purge) {
        // Dropped: removed entries that some group had not been handed, once per entry.
        long slowest = Long.MAX_VALUE;
        for (StreamGroup g : groups.values()) {
            slowest = Math.min(slowest, g.position);
        }
        if (slowest != Long.MAX_VALUE) {
            counters.dropped.add(Math.max(0, newFirst - Math.max(oldFirst, slowest)));
        }
        dispatcher.truncated(groups.values(), newFirst, purge);
    }

    @Override
    public QueueStats stats() {
        long next = log.next();
        List<QueueStats.GroupStats> groupStats = new ArrayList<>();
        long pending = 0;
        int consumerCount = 0;
        for (StreamGroup g : groups.values()) {
            long position = g.position;
            long committed = g.committed;
            long groupPending = committed < 0 ? 0 : Math.max(0, position - committed);
            pending += groupPending;
            consumerCount += g.consumerCount;
            groupStats.add(new QueueStats.GroupStats(g.name, g.consumerCount, committed, Math.max(0, next - position),
                    groupPending));
        }
        groupStats.sort(Comparator.comparing(QueueStats.GroupStats::group));
        return new QueueStats(next - log.first(), log.bytes(), pending, consumerCount, counters.enqueued.sum(),
                counters.delivered.sum(), counters.acknowledged.sum(), counters.deadLettered.sum(),
                counters.dropped.sum(), groupStats);
    }

    @Override
    public void close() {
        closed = true;
        timers.forEach(t -> t.cancel(false));
        executor.execute(() -> {
            dispatcher.close();
            for (StreamConsumer c : List.copyOf(consumers.values())) {
                detach(c);
            }
        });
    }
}
