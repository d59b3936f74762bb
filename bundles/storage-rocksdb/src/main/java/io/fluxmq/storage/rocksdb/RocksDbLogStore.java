package io.fluxmq.storage.rocksdb;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.storage.LogEntry;
import io.fluxmq.api.storage.LogStore;
import io.fluxmq.api.storage.PendingEntry;
import io.fluxmq.api.storage.StateStore;
import io.fluxmq.storage.rocksdb.LogOffsets.Range;
import io.fluxmq.storage.rocksdb.codec.ByteReader;
import io.fluxmq.storage.rocksdb.codec.Keys;
import io.fluxmq.storage.rocksdb.codec.LogCodec;
import io.fluxmq.storage.rocksdb.engine.BatchListener;
import io.fluxmq.storage.rocksdb.engine.ColumnFamily;
import io.fluxmq.storage.rocksdb.engine.StorageErrors;
import io.fluxmq.storage.rocksdb.engine.WriteOp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.WriteBatch;

/**
 * A {@link LogStore} on RocksDB. Entries are keyed {@code log offset}, so a log is one key range
 * and truncation deletes a prefix of it; each log's first and next offsets live in
 * {@code log_meta} and in memory ({@link LogOffsets}); group offsets and pending entries have
 * column families of their own, keyed by log first so that deleting a log is one range per family.
 *
 * <p><b>Threads:</b> as {@link RocksDbStateStore}: writes on the environment's writer thread with
 * group commit, {@link #committedOffset} on the caller's thread, reads of entries and pending
 * lists on the read threads; {@link #firstOffset}, {@link #nextOffset} and {@link #logs()} answer
 * from memory.
 */
// Immediate: it keeps every log's offsets in memory, loaded when it activates.
// Configured through the environment component (io.fluxmq.storage.rocksdb.environment), not on its own.
@Component(name = RocksDbLogStore.PID, service = LogStore.class, immediate = true, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = StateStore.BACKEND_PROPERTY + "=" + RocksDbStateStore.BACKEND)
public final class RocksDbLogStore implements LogStore, BatchListener, AutoCloseable {
    /** Component name. */
    public static final String PID = "io.fluxmq.storage.rocksdb.log";

    @Reference
    private RocksDbEnvironment environment;
    // Set by start(), before DS registers the service or a test uses the instance.
    private RocksDbEnvironment env;
    private ColumnFamilyHandle entries;
    private ColumnFamilyHandle meta;
    private ColumnFamilyHandle groupOffsets;
    private ColumnFamilyHandle pending;
    private final LogOffsets offsets = new LogOffsets();
    private volatile boolean open;

    /** For Declarative Services, which injects the environment and calls {@link #activate()}. */
    public RocksDbLogStore() {
    }

    /** A store on an environment opened outside OSGi. */
    public RocksDbLogStore(RocksDbEnvironment env) {
        start(env);
    }

    // An activate method for the same reason as RocksDbStateStore's.
    @Activate
    void activate() {
        start(environment);
    }

    private void start(RocksDbEnvironment env) {
        this.env = env;
        this.entries = env.handle(ColumnFamily.LOG_ENTRIES);
        this.meta = env.handle(ColumnFamily.LOG_META);
        this.groupOffsets = env.handle(ColumnFamily.GROUP_OFFSETS);
        this.pending = env.handle(ColumnFamily.PENDING);
        // Offsets are read from the database: first let an earlier instance's queued appends land.
        env.awaitQueuedWrites(RocksDbStateStore.START_TIMEOUT);
        env.readNow("load log offsets", db -> {
            offsets.load(db, meta);
            return null;
        });
        env.addListener(this);
        open = true;
    }

    /**
     * Later asynchronous calls fail with UNAVAILABLE; the offsets answer as for an empty store.
     * Appends already queued are written first: they compute their offsets from this instance's
     * state, which therefore stays as it is until they are done.
     */
    @Deactivate
    @Override
    public void close() {
        open = false;
        if (env != null) {
            Closing.awaitQueuedWrites(env);
            env.removeListener(this);
        }
    }

    @Override
    public String backend() {
        return RocksDbStateStore.BACKEND;
    }

    @Override
    public void committed() {
        offsets.committed();
    }

    @Override
    public void aborted() {
        offsets.aborted();
    }

    @Override
    public CompletionStage<Long> append(String log, Message message) {
        return write("append", () -> {
            Objects.requireNonNull(log, "log");
            byte[] value = LogCodec.entry(message);
            return WriteOp.sized(value.length + 48, batch -> {
                Range r = offsets.current(log);
                long offset = r == null ? 0 : r.next();
                batch.put(entries, Keys.of(log, offset), LogCodec.withAppendTime(value, System.currentTimeMillis()));
                setRange(batch, log, new Range(r == null ? 0 : r.first(), offset + 1));
                return offset;
            });
        });
    }

    @Override
    public CompletionStage<Void> startAt(String log, long nextOffset) {
        if (nextOffset < 0) {
            return Stages.failed(new IllegalArgumentException("nextOffset must be >= 0: " + nextOffset));
        }
        return checkedWrite("start log", () -> {
            Objects.requireNonNull(log, "log");
            return batch -> {
                Range r = offsets.current(log);
                if (r != null && r.next() > r.first()) {
                    return "log '" + log + "' holds entries (offsets " + r.first() + ".." + (r.next() - 1)
                            + "); only an empty log can be moved";
                }
                if (r != null && nextOffset < r.next()) {
                    return "log '" + log + "' is already at offset " + r.next() + "; offsets never go back to "
                            + nextOffset;
                }
                setRange(batch, log, new Range(nextOffset, nextOffset));
                return null;
            };
        });
    }

    @Override
    public CompletionStage<Void> appendCopy(String log, LogEntry entry) {
        return checkedWrite("append copied entry", () -> {
            Objects.requireNonNull(log, "log");
            byte[] value = LogCodec.withAppendTime(LogCodec.entry(entry.message()), entry.appendedAtMillis());
            return WriteOp.sized(value.length + 48, batch -> {
                Range r = offsets.current(log);
                long next = r == null ? 0 : r.next();
                if (entry.offset() != next) {
                    return "log '" + log + "' continues at offset " + next + ", not at the copied entry's offset "
                            + entry.offset();
                }
                batch.put(entries, Keys.of(log, next), value);
                setRange(batch, log, new Range(r == null ? 0 : r.first(), next + 1));
                return null;
            });
        });
    }

    @Override
    public CompletionStage<List<LogEntry>> read(String log, long fromOffset, int max) {
        if (max < 0) {
            return Stages.failed(new IllegalArgumentException("max must be >= 0: " + max));
        }
        return readLater("read log", db -> {
            List<LogEntry> out = new ArrayList<>();
            Range r = offsets.published(Objects.requireNonNull(log, "log"));
            long start = r == null ? 0 : Math.max(fromOffset, r.first());
            if (r == null || max == 0 || start >= r.next()) {
                return out;
            }
            // Bounded by the published next offset: entries of a batch not yet durable stay unseen.
            Scans.range(db, entries, Keys.of(log, start), Keys.of(log, r.next()), (k, v) -> {
                long offset = Keys.trailingLong(k, "log entry key of " + log);
                out.add(LogCodec.entry(offset, v, log));
                return out.size() < max;
            });
            return out;
        });
    }

    @Override
    public long firstOffset(String log) {
        Range r = open ? offsets.published(log) : null;
        return r == null ? 0 : r.first();
    }

    @Override
    public long nextOffset(String log) {
        Range r = open ? offsets.published(log) : null;
        return r == null ? 0 : r.next();
    }

    @Override
    public CompletionStage<Long> truncateBefore(String log, long offset) {
        return write("truncate log", () -> {
            Objects.requireNonNull(log, "log");
            return batch -> {
                Range r = offsets.current(log);
                if (r == null) {
                    return 0L;
                }
                long target = Math.min(Math.max(offset, r.first()), r.next());
                long removed = target - r.first();
                if (removed == 0) {
                    return 0L;
                }
                if (removed > OfflineQueues.RANGE_DELETE_THRESHOLD) {
                    batch.deleteRange(entries, Keys.of(log, r.first()), Keys.of(log, target));
                } else {
                    for (long o = r.first(); o < target; o++) {
                        batch.delete(entries, Keys.of(log, o));
                    }
                }
                setRange(batch, log, new Range(target, r.next()));
                return removed;
            };
        });
    }

    @Override
    public CompletionStage<Void> deleteLog(String log) {
        return write("delete log", () -> {
            byte[] prefix = Keys.of(log);
            byte[] end = Keys.prefixEnd(prefix);
            return batch -> {
                batch.deleteRange(entries, prefix, end);
                batch.delete(meta, prefix);
                batch.deleteRange(groupOffsets, prefix, end);
                batch.deleteRange(pending, prefix, end);
                offsets.delete(log);
                return null;
            };
        });
    }

    @Override
    public Set<String> logs() {
        return open ? offsets.logs() : Set.of();
    }

    @Override
    public CompletionStage<Void> commitOffset(String log, String group, long offset) {
        return write("commit offset", () -> {
            byte[] key = Keys.of(log, group);
            byte[] value = LogCodec.committed(offset);
            return batch -> {
                listLog(batch, log);
                batch.put(groupOffsets, key, value);
                return null;
            };
        });
    }

    @Override
    public CompletionStage<OptionalLong> committedOffset(String log, String group) {
        return Stages.supply("read committed offset", () -> {
            ensureOpen("read committed offset");
            byte[] key = Keys.of(log, group);
            byte[] value = env.readNow("read committed offset", db -> db.get(groupOffsets, key));
            return value == null ? OptionalLong.empty()
                    : OptionalLong.of(LogCodec.committed(value, "offset of group " + group + " on " + log));
        });
    }

    @Override
    public CompletionStage<Void> savePending(String log, String group, PendingEntry entry) {
        return write("save pending entry", () -> {
            Objects.requireNonNull(entry.consumerId(), "consumerId");
            byte[] key = Keys.of(log, group, entry.offset());
            byte[] value = LogCodec.pending(entry);
            return batch -> {
                listLog(batch, log);
                batch.put(pending, key, value);
                return null;
            };
        });
    }

    @Override
    public CompletionStage<Void> removePending(String log, String group, long offset) {
        return write("remove pending entry", () -> {
            byte[] key = Keys.of(log, group, offset);
            return batch -> {
                batch.delete(pending, key);
                return null;
            };
        });
    }

    @Override
    public CompletionStage<List<PendingEntry>> loadPending(String log, String group) {
        return readLater("load pending entries", db -> {
            byte[] prefix = Keys.of(log, group);
            List<PendingEntry> out = new ArrayList<>();
            Scans.prefix(db, pending, prefix, null, (k, v) -> {
                long offset = Keys.trailingLong(k, "pending key");
                return out.add(LogCodec.pending(offset, v, "pending entry " + offset + " of " + group + " on " + log));
            });
            return out;
        });
    }

    @Override
    public CompletionStage<Set<String>> groups(String log) {
        return readLater("list consumer groups", db -> {
            byte[] prefix = Keys.of(log);
            Set<String> out = new HashSet<>();
            Scans.prefix(db, groupOffsets, prefix, null, (k, v) -> out.add(groupOf(k, prefix.length)));
            // Pending keys repeat the group per entry: after each group, seek past all of its entries.
            byte[] from = prefix;
            while (from != null) {
                String[] found = new String[1];
                Scans.prefix(db, pending, prefix, from, (k, v) -> {
                    found[0] = groupOf(k, prefix.length);
                    return false;
                });
                if (found[0] == null) {
                    break;
                }
                out.add(found[0]);
                from = Keys.prefixEnd(Keys.of(log, found[0]));
            }
            return Set.copyOf(out);
        });
    }

    /** Group state alone makes a log known, as in every backend: logs() must list what a migration copies. */
    private void listLog(WriteBatch batch, String log) throws org.rocksdb.RocksDBException {
        if (offsets.current(log) == null) {
            setRange(batch, log, Range.EMPTY);
        }
    }

    private void setRange(WriteBatch batch, String log, Range range) throws org.rocksdb.RocksDBException {
        offsets.set(log, range);
        batch.put(meta, Keys.of(log), LogCodec.meta(range.first(), range.next()));
    }

    private static String groupOf(byte[] key, int prefixLength) {
        return new ByteReader(key, prefixLength, "group key").readKeyString();
    }

    private <T> CompletionStage<T> write(String what, Supplier<WriteOp<T>> prepare) {
        return Stages.compose(what, () -> {
            ensureOpen(what);
            return env.write(what, prepare.get());
        });
    }

    /**
     * A write whose op answers a rejection (null when it was applied): only the writer thread knows
     * the offsets the check needs, and an op that threw would fail every write of its batch.
     */
    private CompletionStage<Void> checkedWrite(String what, Supplier<WriteOp<String>> prepare) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        write(what, prepare).whenComplete((rejection, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            } else if (rejection != null) {
                result.completeExceptionally(new IllegalStateException(rejection));
            } else {
                result.complete(null);
            }
        });
        return result.minimalCompletionStage();
    }

    private <T> CompletionStage<T> readLater(String what, RocksDbEnvironment.Read<T> read) {
        return Stages.compose(what, () -> {
            ensureOpen(what);
            return env.readLater(what, read);
        });
    }

    private void ensureOpen(String what) {
        if (!open) {
            throw StorageErrors.unavailable(what + ": the RocksDB log store is closed");
        }
    }
}
