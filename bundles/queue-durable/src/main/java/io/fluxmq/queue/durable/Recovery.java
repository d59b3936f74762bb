package io.fluxmq.queue.durable;

import io.fluxmq.api.storage.LogEntry;
import io.fluxmq.api.storage.LogStore;
import io.fluxmq.api.storage.PendingEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what the store holds of a queue when it is (re)opened: its lanes with their committed
 * offsets, delivered marks and pending entries, the messages of those entries, and the payload
 * size of every held message. Runs on the queue manager's configuration thread, which may wait for
 * storage; every read is bounded by a timeout. The whole held log is read once (sizes and pending
 * messages in one pass).
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
    private static final int SCAN_BATCH = 1024;

    /** A lane as stored: where it resumes and what it had pending (with their messages). */
    record StoredLane(LaneKey key, long readPos, long committed, long mark, List<PendingDelivery> pending) {
    }

    /** The log's extent, the size of each held message, and the lanes. */
    record StoredQueue(long first, long end, LogSizes sizes, List<StoredLane> lanes) {
        int pendingCount() {
            return lanes.stream().mapToInt(l -> l.pending().size()).sum();
        }
    }

    private record LaneState(LaneKey key, long committed, long mark, List<PendingEntry> pending) {
    }

    private final String log;
    private final LogStore store;
    private final Duration timeout;

    Recovery(String log, LogStore store, Duration timeout) {
        this.log = log;
        this.store = store;
        this.timeout = timeout;
    }

    /** @throws IllegalStateException when a read fails or takes longer than the timeout */
    StoredQueue load() {
        long first = store.firstOffset(log);
        long end = store.nextOffset(log);
        List<LaneState> states = new ArrayList<>();
        Map<Long, LogEntry> needed = new HashMap<>();
        for (LaneState state : laneStates()) {
            states.add(state);
            state.pending().forEach(p -> needed.put(p.offset(), null));
        }
        LogSizes sizes = scan(first, end, needed);
        List<StoredLane> lanes = new ArrayList<>();
        for (LaneState state : states) {
            lanes.add(resume(state, first, needed));
        }
        return new StoredQueue(first, end, sizes, lanes);
    }

    private List<LaneState> laneStates() {
        Set<LaneKey> keys = new LinkedHashSet<>();
        Map<LaneKey, Long> marks = new HashMap<>();
        for (String stored : await(store.groups(log), "list the consumer groups")) {
            LaneKey key;
            try {
                key = LaneKey.parse(stored);
            } catch (IllegalArgumentException e) {
                LOG.warn("QUEUE-2006 queue '{}': ignoring the stored consumer group key '{}': {}", log, stored, e.getMessage());
                continue;
            }
            keys.add(key);
            if (LaneKey.isMarkKey(stored)) {
                marks.put(key, offset(stored));
            }
        }
        List<LaneState> states = new ArrayList<>();
        for (LaneKey key : keys) {
            List<PendingEntry> pending = await(store.loadPending(log, key.storedKey()), "load the pending entries");
            states.add(new LaneState(key, offset(key.storedKey()), marks.getOrDefault(key, -1L), pending));
        }
        return states;
    }

    private long offset(String group) {
        OptionalLong stored = await(store.committedOffset(log, group), "read a committed offset");
        return stored.isPresent() ? stored.getAsLong() : -1;
    }

    /** Reads the held log once: records every size and keeps the messages whose offsets are keys of {@code needed}. */
    private LogSizes scan(long first, long end, Map<Long, LogEntry> needed) {
        LogSizes sizes = new LogSizes(first);
        long from = first;
        while (from < end) {
            List<LogEntry> batch = await(store.read(log, from, (int) Math.min(SCAN_BATCH, end - from)), "read the log");
            if (batch.isEmpty()) {
                break;
            }
            for (LogEntry entry : batch) {
                sizes.record(entry.offset(), entry.message().payloadSize());
                if (needed.containsKey(entry.offset())) {
                    needed.put(entry.offset(), entry);
                }
            }
            from = batch.get(batch.size() - 1).offset() + 1;
        }
        return sizes;
    }

    /**
     * Where a lane resumes: past the highest of its committed offset, its mark and its pending
     * entries (see {@link Lane}). A pending entry whose message is no longer in the log is removed.
     */
    private StoredLane resume(LaneState state, long first, Map<Long, LogEntry> messages) {
        long readPos = Math.max(first, Math.max(state.committed(), state.mark()));
        List<PendingDelivery> pending = new ArrayList<>();
        for (PendingEntry entry : state.pending()) {
            readPos = Math.max(readPos, entry.offset() + 1);
            LogEntry message = messages.get(entry.offset());
            if (message == null) {
                LOG.warn("QUEUE-2006 queue '{}', group {}: the pending entry at offset {} refers to a message"
                        + " no longer in the log; removed", log, state.key(), entry.offset());
                store.removePending(log, state.key().storedKey(), entry.offset());
                continue;
            }
            pending.add(new PendingDelivery(message, entry.consumerId(), entry.deliveredAtMillis(),
                    entry.deliveryCount(), PendingDelivery.State.AVAILABLE));
        }
        return new StoredLane(state.key(), readPos, state.committed(), state.mark(), pending);
    }

    private <T> T await(CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reopening queue '" + log + "'", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("queue '" + log + "': could not " + what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("queue '" + log + "': could not " + what + " within " + timeout.toSeconds() + " s", e);
        }
    }
}
