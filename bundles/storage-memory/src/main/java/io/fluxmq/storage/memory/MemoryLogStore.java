package io.fluxmq.storage.memory;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.storage.LogEntry;
import io.fluxmq.api.storage.LogStore;
import io.fluxmq.api.storage.PendingEntry;
import io.fluxmq.api.storage.StateStore;
import io.fluxmq.api.storage.StorageException;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A {@link LogStore} that keeps queue logs on the heap and loses them when the component stops.
 *
 * <p>Each log has its own read/write lock: appends to one log are serialised (that is what makes
 * offsets contiguous) while appends to different logs, reads and group updates run in parallel.
 * Every method completes its stage before returning; lists handed out are copies.
 */
// Immediate: the data lives in this object; a delayed component would drop it when unused.
@Component(name = MemoryLogStore.PID, service = LogStore.class, immediate = true,
        property = StateStore.BACKEND_PROPERTY + "=" + MemoryStateStore.BACKEND)
@Designate(ocd = MemoryLogStore.Config.class)
public final class MemoryLogStore implements LogStore {
    /** Component name and configuration PID. */
    public static final String PID = "io.fluxmq.storage.memory.log";

    static final int DEFAULT_MAX_ENTRIES_PER_LOG = 1_000_000;

    /** Bounds on what the store keeps, so that a queue nobody reads cannot exhaust the heap. */
    @ObjectClassDefinition(name = "FluxMQ in-memory log store",
            description = "Queue logs, consumer-group offsets and pending entries kept on the heap."
                    + " Everything is lost when the broker or this bundle stops.")
    public @interface Config {
        @AttributeDefinition(name = "Maximum entries per log",
                description = "Entries one log may hold (appended and not yet truncated). When reached,"
                        + " appends to that log are refused (storage FULL) until the queue truncates it."
                        + " A queue's own depth and retention limits normally apply first. 0 means no limit.",
                min = "0")
        int maxEntriesPerLog() default DEFAULT_MAX_ENTRIES_PER_LOG;
    }

    private final ConcurrentMap<String, MemoryLog> logs = new ConcurrentHashMap<>();
    private volatile int maxEntriesPerLog;
    private volatile boolean open = true;

    /**
     * A store with the given bound, for tests. Package-private so that the {@link Config}
     * constructor is the only public one-argument constructor Declarative Services can choose.
     *
     * @param maxEntriesPerLog see {@link Config#maxEntriesPerLog()}; 0 for no limit
     */
    MemoryLogStore(int maxEntriesPerLog) {
        applyLimits(maxEntriesPerLog);
    }

    /** A store with the default limit, for use outside OSGi. */
    public MemoryLogStore() {
        this(DEFAULT_MAX_ENTRIES_PER_LOG);
    }

    /** The Declarative Services constructor, with the configuration of the component's PID. */
    @Activate
    public MemoryLogStore(Config config) {
        this(config.maxEntriesPerLog());
    }

    /** A new limit applies to later appends; entries already stored are kept. */
    @Modified
    void modified(Config config) {
        applyLimits(config.maxEntriesPerLog());
    }

    /**
     * Drops every log; later asynchronous calls fail with {@link StorageException.Kind#UNAVAILABLE},
     * and the synchronous ones answer as for an empty store.
     */
    @Deactivate
    public void close() {
        open = false;
        logs.values().forEach(MemoryLog::markDeleted);
        logs.clear();
    }

    private void applyLimits(int maxEntries) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntriesPerLog must be >= 0 (0 = no limit): " + maxEntries);
        }
        this.maxEntriesPerLog = maxEntries;
    }

    @Override
    public String backend() {
        return MemoryStateStore.BACKEND;
    }

    @Override
    public CompletionStage<Long> append(String log, Message message) {
        return Stages.supply(() -> {
            ensureOpen();
            Objects.requireNonNull(message, "message");
            while (true) {
                long offset = logs.computeIfAbsent(log, n -> new MemoryLog()).append(log, message, maxEntriesPerLog);
                // DELETED: the log was deleted between the lookup and the lock; append to its successor.
                if (offset != MemoryLog.DELETED) {
                    return offset;
                }
            }
        });
    }

    @Override
    public CompletionStage<Void> startAt(String log, long nextOffset) {
        return Stages.run(() -> {
            ensureOpen();
            if (nextOffset < 0) {
                throw new IllegalArgumentException("nextOffset must be >= 0: " + nextOffset);
            }
            while (!logOrCreate(log).startAt(log, nextOffset)) {
                // deleted between the lookup and the lock: move its successor
            }
        });
    }

    @Override
    public CompletionStage<Void> appendCopy(String log, LogEntry entry) {
        return Stages.run(() -> {
            ensureOpen();
            Objects.requireNonNull(entry, "entry");
            Objects.requireNonNull(entry.message(), "entry.message");
            if (find(log) == null && entry.offset() != 0) {
                // Refused without creating the log, which would list it in logs().
                throw new IllegalStateException("log '" + log + "' is unknown and continues at offset 0, not at"
                        + " the copied entry's offset " + entry.offset());
            }
            while (!logOrCreate(log).appendCopy(log, entry, maxEntriesPerLog)) {
                // deleted between the lookup and the lock: append to its successor
            }
        });
    }

    @Override
    public CompletionStage<List<LogEntry>> read(String log, long fromOffset, int max) {
        return Stages.supply(() -> {
            ensureOpen();
            if (max < 0) {
                throw new IllegalArgumentException("max must be >= 0: " + max);
            }
            MemoryLog l = find(log);
            return l == null ? List.of() : l.read(fromOffset, max);
        });
    }

    @Override
    public long firstOffset(String log) {
        MemoryLog l = find(log);
        return l == null ? 0 : l.firstOffset();
    }

    @Override
    public long nextOffset(String log) {
        MemoryLog l = find(log);
        return l == null ? 0 : l.nextOffset();
    }

    @Override
    public CompletionStage<Long> truncateBefore(String log, long offset) {
        return Stages.supply(() -> {
            ensureOpen();
            MemoryLog l = find(log);
            return l == null ? 0L : l.truncateBefore(offset);
        });
    }

    @Override
    public CompletionStage<Void> deleteLog(String log) {
        return Stages.run(() -> {
            ensureOpen();
            MemoryLog l = find(log);
            if (l != null) {
                l.markDeleted();
                logs.remove(log, l);
            }
        });
    }

    @Override
    public Set<String> logs() {
        return Set.copyOf(logs.keySet());
    }

    @Override
    public CompletionStage<Void> commitOffset(String log, String group, long offset) {
        return Stages.run(() -> {
            ensureOpen();
            logOrCreate(log).group(Objects.requireNonNull(group, "group")).commit(offset);
        });
    }

    @Override
    public CompletionStage<OptionalLong> committedOffset(String log, String group) {
        return Stages.supply(() -> {
            ConsumerGroup g = existingGroup(log, group);
            return g == null ? OptionalLong.empty() : g.committedOffset();
        });
    }

    @Override
    public CompletionStage<Void> savePending(String log, String group, PendingEntry entry) {
        return Stages.run(() -> {
            ensureOpen();
            Objects.requireNonNull(entry, "entry");
            logOrCreate(log).group(Objects.requireNonNull(group, "group")).savePending(entry);
        });
    }

    @Override
    public CompletionStage<Void> removePending(String log, String group, long offset) {
        return Stages.run(() -> {
            ConsumerGroup g = existingGroup(log, group);
            if (g != null) {
                g.removePending(offset);
            }
        });
    }

    @Override
    public CompletionStage<List<PendingEntry>> loadPending(String log, String group) {
        return Stages.supply(() -> {
            ConsumerGroup g = existingGroup(log, group);
            return g == null ? List.of() : g.pending();
        });
    }

    @Override
    public CompletionStage<Set<String>> groups(String log) {
        return Stages.supply(() -> {
            ensureOpen();
            MemoryLog l = find(log);
            return l == null ? Set.of() : Set.copyOf(l.groupsWithState());
        });
    }

    private void ensureOpen() {
        if (!open) {
            throw new StorageException(StorageException.Kind.UNAVAILABLE, "the in-memory log store is closed");
        }
    }

    private MemoryLog find(String log) {
        return logs.get(Objects.requireNonNull(log, "log"));
    }

    private MemoryLog logOrCreate(String log) {
        return logs.computeIfAbsent(Objects.requireNonNull(log, "log"), n -> new MemoryLog());
    }

    private ConsumerGroup existingGroup(String log, String group) {
        ensureOpen();
        MemoryLog l = find(log);
        return l == null ? null : l.existingGroup(Objects.requireNonNull(group, "group"));
    }
}
