package io.fluxmq.storage.rocksdb;

import io.fluxmq.storage.rocksdb.codec.ByteReader;
import io.fluxmq.storage.rocksdb.codec.Keys;
import java.util.Arrays;
import java.util.function.Consumer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * Bounded iteration over a key range. The upper bound is given to RocksDB itself, so an iterator
 * stops at the end of a client's or a log's keys instead of stepping over the tombstones that
 * follow them.
 */
final class Scans {
    private Scans() {
    }

    /** Receives entries in key order; returns false to stop. */
    @FunctionalInterface
    interface Visitor {
        boolean visit(byte[] key, byte[] value);
    }

    /** Every entry whose key starts with {@code prefix}, from {@code from} (or the prefix itself when null). */
    static void prefix(RocksDB db, ColumnFamilyHandle cf, byte[] prefix, byte[] from, Visitor visitor)
            throws RocksDBException {
        range(db, cf, from != null ? from : prefix, Keys.prefixEnd(prefix), visitor);
    }

    /** Entries in [from, to); {@code to} null for no end, {@code from} empty for the first key. */
    static void range(RocksDB db, ColumnFamilyHandle cf, byte[] from, byte[] to, Visitor visitor)
            throws RocksDBException {
        try (Slice upper = to == null ? null : new Slice(to); ReadOptions options = new ReadOptions()) {
            if (upper != null) {
                options.setIterateUpperBound(upper);
            }
            try (RocksIterator it = db.newIterator(cf, options)) {
                if (from.length == 0) {
                    it.seekToFirst();
                } else {
                    it.seek(from);
                }
                while (it.isValid() && visitor.visit(it.key(), it.value())) {
                    it.next();
                }
                // An iterator ends either at the bound or on an error: tell them apart.
                it.status();
            }
        }
    }

    /** Every entry of the column family. */
    static void all(RocksDB db, ColumnFamilyHandle cf, Visitor visitor) throws RocksDBException {
        range(db, cf, new byte[0], null, visitor);
    }

    /**
     * The distinct leading key strings of the column family, in key order (e.g. the namespaces of
     * the definitions): one seek past each string's keys, not a step over every key.
     */
    static void leadingStrings(RocksDB db, ColumnFamilyHandle cf, String what, Consumer<String> out)
            throws RocksDBException {
        try (ReadOptions options = new ReadOptions(); RocksIterator it = db.newIterator(cf, options)) {
            it.seekToFirst();
            while (it.isValid()) {
                byte[] key = it.key();
                ByteReader r = new ByteReader(key, what);
                out.accept(r.readKeyString());
                byte[] next = Keys.prefixEnd(Arrays.copyOf(key, r.position()));
                if (next == null) {
                    break;
                }
                it.seek(next);
            }
            it.status();
        }
    }
}
