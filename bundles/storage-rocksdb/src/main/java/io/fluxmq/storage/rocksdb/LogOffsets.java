package io.fluxmq.storage.rocksdb;

import io.fluxmq.storage.rocksdb.codec.ByteReader;
import io.fluxmq.storage.rocksdb.codec.LogCodec;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * First and next offset of every log, kept in memory so that {@code firstOffset}, {@code nextOffset}
 * and {@code logs()} answer without a read. The writer thread works on its own copies of the logs
 * a batch changes and publishes them when the batch is durable, before any stage of the batch
 * completes: a caller that saw its append complete sees the new next offset, and nobody sees an
 * offset that a failed batch never wrote. Loaded from the {@code log_meta} column family at open,
 * which is how offsets stay contiguous across restarts.
 */
final class LogOffsets {
    /** An immutable pair of offsets. */
    record Range(long first, long next) {
        static final Range EMPTY = new Range(0, 0);
    }

    private static final Range DELETED = new Range(-1, -1);

    private final Map<String, Range> published = new ConcurrentHashMap<>();
    /** Ranges changed by the batch being built; writer thread only. */
    private final Map<String, Range> working = new HashMap<>();

    void load(RocksDB db, ColumnFamilyHandle meta) throws RocksDBException {
        Scans.all(db, meta, (k, v) -> {
            ByteReader key = new ByteReader(k, "log_meta key");
            String log = key.readKeyString();
            key.expectEnd();
            long[] range = LogCodec.meta(v, log);
            published.put(log, new Range(range[0], range[1]));
            return true;
        });
    }

    /** The published range, or null for an unknown log. Any thread. */
    Range published(String log) {
        return published.get(log);
    }

    Set<String> logs() {
        return Set.copyOf(published.keySet());
    }

    /** The range as the batch being built leaves it, or null. Writer thread only. */
    Range current(String log) {
        Range r = working.get(log);
        if (r == null) {
            return published.get(log);
        }
        return r == DELETED ? null : r;
    }

    void set(String log, Range range) {
        working.put(log, range);
    }

    void delete(String log) {
        working.put(log, DELETED);
    }

    void committed() {
        for (Map.Entry<String, Range> e : working.entrySet()) {
            if (e.getValue() == DELETED) {
                published.remove(e.getKey());
            } else {
                published.put(e.getKey(), e.getValue());
            }
        }
        working.clear();
    }

    void aborted() {
        working.clear();
    }

    void clear() {
        published.clear();
    }
}
