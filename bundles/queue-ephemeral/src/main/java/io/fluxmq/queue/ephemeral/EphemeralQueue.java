package io.fluxmq.queue.ephemeral;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.queue.AckOutcome;
import io.fluxmq.api.queue.ConsumerSpec;
import io.fluxmq.api.queue.Delivery;
import io.fluxmq.api.queue.DeliveryHandler;
import io.fluxmq.api.queue.OverflowPolicy;
import io.fluxmq.api.queue.Queue;
import io.fluxmq.api.queue.QueueConfig;
import io.fluxmq.api.queue.QueueConsumer;
import io.fluxmq.api.queue.QueueContext;
import io.fluxmq.api.queue.QueueFullException;
import io.fluxmq.api.queue.QueueStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ephemeral queue: messages in memory, each handed to one consumer of each group. A message is
 * held until every group has been handed it (or, while no group exists, until the first group
 * comes); a delivery is the end of the queue's responsibility. Acknowledgements are best effort:
 * the group remembers its recent deliveries so that ack, nack (requeue in memory) and reject answer
 * for them.
 *
 * <p><b>Threads:</b> every call hands over to the queue's serial executor, where all state lives;
 * {@link #stats()} reads volatile snapshots. Nothing blocks, nothing touches storage.
 */
final class EphemeralQueue implements Queue {
    private static final Logger LOG = LoggerFactory.getLogger("io.fluxmq.queue.ephemeral");
    /** Deliveries one group makes per turn of the executor before letting other work in. */
    private static final int DISPATCH_BUDGET = 256;

    private final QueueConfig config;
    private final Executor executor;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier clock;
    private final long maxMessages;
    private final long maxBytes;
    private final int maxUnacked;
    private final long ttlMillis;

    private final MessageBuffer buffer = new MessageBuffer();
    private final Map<String, EphemeralGroup> groups = new ConcurrentHashMap<>();
    private final Map<String, EphemeralConsumer> consumers = new HashMap<>();
    private final OverflowLog overflowLog;
    private final LongAdder enqueued = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private volatile long heldMessages;
    private volatile long heldBytes;
    private volatile long nextOffset;
    private volatile boolean closed;

    EphemeralQueue(QueueConfig config, QueueContext context, EphemeralSettings settings, LongSupplier clock) {
        this.config = config;
        this.executor = context.serialExecutor(config.name());
        this.scheduler = context.scheduler();
        this.clock = clock;
        this.maxMessages = config.maxDepth() > 0 ? config.maxDepth() : settings.maxMessages();
        this.maxBytes = settings.maxBytes();
        // Without a visibility timeout (AMQP) a delivery is held until it is settled or its consumer
        // goes, and then given back: forgetting one would lose it. The consumers' credit bounds them.
        this.maxUnacked = config.visibilityTimeout().isZero() ? Integer.MAX_VALUE : settings.maxUnackedPerGroup();
        this.ttlMillis = config.messageTtl().toMillis();
        this.overflowLog = new OverflowLog(config.name(), config.overflow(), maxMessages, maxBytes);
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
                result.completeExceptionally(new IllegalStateException("queue '" + config.name() + "' is closed"));
                return;
            }
            if (!makeRoom(message.payloadSize())) {
                result.completeExceptionally(new QueueFullException(config.name(), buffer.size()));
                return;
            }
            long offset = buffer.append(message, clock.getAsLong());
            enqueued.increment();
            for (EphemeralGroup g : groups.values()) {
                dispatch(g);
            }
            settle();
            result.complete(offset);
        });
        return result;
    }

    /** Frees room for a message of {@code size} bytes as the overflow policy allows; false when it cannot. */
    private boolean makeRoom(int size) {
        if (fits(size)) {
            return true;
        }
        // Expired messages go first, whatever the policy: they would never be delivered.
        while (buffer.size() > 0 && !fits(size) && expired(buffer.peekFirst())) {
            dropFirst();
        }
        if (fits(size)) {
            return true;
        }
        if (size > maxBytes) {
            overflowLog.tooLarge(size);
            return false;
        }
        overflowLog.full(buffer.size(), buffer.bytes());
        if (config.overflow() == OverflowPolicy.REJECT_NEW) {
            return false;
        }
        while (!fits(size)) {
            dropFirst();
        }
        return true;
    }

    private boolean fits(int size) {
        return buffer.size() < maxMessages && buffer.bytes() + size <= maxBytes;
    }

    /** Drops the oldest message; every group that had not been handed it moves past it. */
    private void dropFirst() {
        BufferedMessage m = buffer.removeFirst();
        dropped.increment();
        for (EphemeralGroup g : groups.values()) {
            if (g.cursor <= m.offset()) {
                g.cursor = m.offset() + 1;
            }
        }
    }

    @Override
    public QueueConsumer attach(ConsumerSpec spec, DeliveryHandler handler) {
        EphemeralConsumer consumer = new EphemeralConsumer(spec, handler, this);
        executor.execute(() -> join(consumer));
        return consumer;
    }

    private void join(EphemeralConsumer consumer) {
        if (closed || consumer.closed) {
            consumer.closed = true;
            return;
        }
        EphemeralConsumer replaced = consumers.put(consumer.id(), consumer);
        if (replaced != null) {
            // The same consumer id again (a client that reconnected): the new attachment wins.
            detach(replaced);
        }
        EphemeralGroup g = groups.get(consumer.spec().group());
        if (g == null) {
            // The first group takes what waited for a group; a later one starts with the next message.
            g = new EphemeralGroup(consumer.spec().group(), groups.isEmpty() ? buffer.firstOffset() : buffer.nextOffset());
            groups.put(g.name, g);
        }
        consumer.group = g;
        g.add(consumer);
        dispatch(g);
        settle();
    }

    void credit(EphemeralConsumer consumer, int n) {
        if (consumer.closed) {
            return;
        }
        consumer.credit = Math.min(Integer.MAX_VALUE, consumer.credit + n);
        dispatch(consumer.group);
        settle();
    }

    /** Detaches; the consumer's unacknowledged deliveries are forgotten, and a group with no consumer left ends. */
    void detach(EphemeralConsumer consumer) {
        if (consumer.closed) {
            return;
        }
        consumer.closed = true;
        consumers.remove(consumer.id(), consumer);
        EphemeralGroup g = consumer.group;
        if (g == null) {
            return;
        }
        // Without a visibility timeout a delivery is held only while its consumer is attached
        // (AMQP): what it held goes back to the group, which keeps its place for the next consumer.
        boolean held = config.visibilityTimeout().isZero();
        g.remove(consumer, held);
        if (held) {
            dispatch(g);
        } else if (!g.hasConsumers() && groups.remove(g.name, g)) {
            dropped.add(g.redeliveries.size() + g.backingOff);
            g.epoch++;
        }
        settle();
    }

    /** Hands the group what its consumers' credit allows: nacked messages first, then the buffer. */
    private void dispatch(EphemeralGroup g) {
        if (closed || !g.hasConsumers()) {
            return;
        }
        for (int budget = DISPATCH_BUDGET; budget > 0; budget--) {
            EphemeralGroup.Redelivery again = g.redeliveries.peekFirst();
            BufferedMessage entry = again != null ? again.entry() : buffer.get(g.cursor);
            if (entry == null) {
                if (g.cursor < buffer.firstOffset()) {
                    g.cursor = buffer.firstOffset(); // cannot happen: removal moves cursors; kept safe
                    continue;
                }
                return;
            }
            if (expired(entry)) {
                passOver(g, again);
                dropped.increment();
                continue;
            }
            EphemeralConsumer c = g.nextFor(entry, config.name());
            if (c == null) {
                if (g.anyTakes(entry, config.name())) {
                    return; // waits for credit
                }
                passOver(g, again);
                continue;
            }
            passOver(g, again);
            int count = again != null ? again.deliveryCount() : 1;
            c.credit--;
            delivered.increment();
            g.remember(new EphemeralGroup.Unacked(entry, c.id(), count), maxUnacked);
            try {
                c.handler.deliver(new Delivery(config.name(), g.name, entry.offset(), count, entry.message()));
            } catch (RuntimeException e) {
                LOG.warn("QUEUE-4001 queue '{}': the delivery handler of consumer '{}' (group '{}') failed on offset {};"
                        + " the message counts as delivered", config.name(), c.id(), g.name, entry.offset(), e);
            }
        }
        // Budget used up: go on in a later task, so that other work of the executor gets its turn.
        executor.execute(() -> {
            dispatch(g);
            settle();
        });
    }

    private void passOver(EphemeralGroup g, EphemeralGroup.Redelivery again) {
        if (again != null) {
            g.redeliveries.pollFirst();
            g.updateRedeliveryCount();
        } else {
            g.cursor = g.cursor + 1;
        }
    }

    private boolean expired(BufferedMessage m) {
        long now = clock.getAsLong();
        return (ttlMillis > 0 && now - m.enqueuedAtMillis() >= ttlMillis) || m.message().isExpired(now);
    }

    /**
     * Releases what every group has been handed (nothing while no group exists: messages wait for
     * the first one) and publishes the numbers {@link #stats()} reads.
     */
    private void settle() {
        if (!groups.isEmpty()) {
            long slowest = Long.MAX_VALUE;
            for (EphemeralGroup g : groups.values()) {
                slowest = Math.min(slowest, g.cursor);
            }
            while (buffer.size() > 0 && buffer.firstOffset() < slowest) {
                buffer.removeFirst();
            }
        }
        long waiting = buffer.size();
        long bytes = buffer.bytes();
        for (EphemeralGroup g : groups.values()) {
            waiting += g.redeliveryCount;
        }
        heldMessages = waiting;
        heldBytes = bytes;
        nextOffset = buffer.nextOffset();
        overflowLog.level(buffer.size(), buffer.bytes());
    }

    @Override
    public CompletionStage<AckOutcome> ack(String group, String consumerId, long offset) {
        return settleDelivery(group, consumerId, offset, (g, u) -> acknowledged.increment());
    }

    @Override
    public CompletionStage<AckOutcome> nack(String group, String consumerId, long offset) {
        return settleDelivery(group, consumerId, offset, (g, u) -> {
            if (config.maxDeliveries() > 0 && u.deliveryCount() >= config.maxDeliveries()) {
                dropped.increment();
                return;
            }
            long delay = config.backoff().delay(u.deliveryCount()).toMillis();
            int epoch = g.epoch;
            g.backingOff++;
            g.updateRedeliveryCount();
            scheduler.schedule(() -> executor.execute(() -> requeue(g, epoch, u)), delay, TimeUnit.MILLISECONDS);
        });
    }

    private void requeue(EphemeralGroup g, int epoch, EphemeralGroup.Unacked u) {
        if (g.epoch != epoch || closed) {
            return; // purged, or the group ended: counted there
        }
        g.backingOff--;
        g.redeliveries.addLast(new EphemeralGroup.Redelivery(u.entry(), u.deliveryCount() + 1));
        g.updateRedeliveryCount();
        dispatch(g);
        settle();
    }

    /** An ephemeral queue has no dead-letter queue: a rejected message is dropped, and counted. */
    @Override
    public CompletionStage<AckOutcome> reject(String group, String consumerId, long offset, String reason) {
        return settleDelivery(group, consumerId, offset, (g, u) -> dropped.increment());
    }

    /** Checks that the consumer holds the delivery, forgets it and runs {@code then} with it. */
    private CompletionStage<AckOutcome> settleDelivery(String group, String consumerId, long offset,
            BiConsumer<EphemeralGroup, EphemeralGroup.Unacked> then) {
        CompletableFuture<AckOutcome> result = new CompletableFuture<>();
        executor.execute(() -> {
            EphemeralGroup g = closed ? null : groups.get(group);
            EphemeralGroup.Unacked u = g == null ? null : g.unacked(offset);
            if (u == null) {
                // WRONG_GROUP only for a group this queue does not have: a known group just no longer holds it.
                boolean wrongGroup = g == null && !closed && heldByAnotherGroup(group, offset);
                result.complete(wrongGroup ? AckOutcome.WRONG_GROUP : AckOutcome.UNKNOWN_MESSAGE);
                return;
            }
            if (!u.consumerId().equals(consumerId)) {
                result.complete(AckOutcome.NOT_OWNER);
                return;
            }
            g.forget(offset);
            then.accept(g, u);
            settle();
            result.complete(AckOutcome.OK);
        });
        return result;
    }

    private boolean heldByAnotherGroup(String group, long offset) {
        for (EphemeralGroup g : groups.values()) {
            if (!g.name.equals(group) && g.unacked(offset) != null) {
                return true;
            }
        }
        return false;
    }

    /** Removes the messages waiting (buffer and nacked ones); deliveries held by consumers stay. */
    @Override
    public CompletionStage<Long> purge() {
        CompletableFuture<Long> result = new CompletableFuture<>();
        executor.execute(() -> {
            long removed = buffer.clear();
            for (EphemeralGroup g : groups.values()) {
                removed += g.redeliveries.size() + g.backingOff;
                g.redeliveries.clear();
                g.backingOff = 0;
                g.epoch++;
                g.updateRedeliveryCount();
                g.cursor = buffer.nextOffset();
            }
            dropped.add(removed);
            settle();
            result.complete(removed);
        });
        return result;
    }

    @Override
    public QueueStats stats() {
        long next = nextOffset;
        List<QueueStats.GroupStats> out = new ArrayList<>();
        long pending = 0;
        int consumerCount = 0;
        for (EphemeralGroup g : groups.values()) {
            long cursor = g.cursor;
            pending += g.unackedCount;
            consumerCount += g.consumerCount;
            out.add(new QueueStats.GroupStats(g.name, g.consumerCount, cursor,
                    Math.max(0, next - cursor) + g.redeliveryCount, g.unackedCount));
        }
        out.sort(Comparator.comparing(QueueStats.GroupStats::group));
        return new QueueStats(heldMessages, heldBytes, pending, consumerCount, enqueued.sum(), delivered.sum(),
                acknowledged.sum(), 0, dropped.sum(), out);
    }

    /** Detaches every consumer and discards the messages: an ephemeral queue keeps nothing. */
    @Override
    public void close() {
        closed = true;
        executor.execute(() -> {
            for (EphemeralConsumer c : List.copyOf(consumers.values())) {
                detach(c);
            }
            buffer.clear();
            settle();
        });
    }
}
