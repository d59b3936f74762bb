package io.fluxmq.storage.rocksdb.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.AbstractNativeReference;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * An open database with its column family handles and every native object its options hold.
 * {@link #close()} releases them in the order RocksJava requires: column family handles, then
 * the database, then options, caches and filters.
 */
public final class OpenDatabase implements AutoCloseable {
    private final RocksDB db;
    private final Path directory;
    private final Map<ColumnFamily, ColumnFamilyHandle> handles;
    private final List<ColumnFamilyHandle> allHandles;
    private final List<AbstractNativeReference> resources;
    private final BackgroundErrors backgroundErrors;

    OpenDatabase(RocksDB db, Path directory, Map<ColumnFamily, ColumnFamilyHandle> handles,
            List<ColumnFamilyHandle> allHandles, List<AbstractNativeReference> resources,
            BackgroundErrors backgroundErrors) {
        this.db = db;
        this.directory = directory;
        this.handles = new EnumMap<>(handles);
        this.allHandles = new ArrayList<>(allHandles);
        this.resources = new ArrayList<>(resources);
        this.backgroundErrors = backgroundErrors;
    }

    public RocksDB db() {
        return db;
    }

    public Path directory() {
        return directory;
    }

    public ColumnFamilyHandle handle(ColumnFamily cf) {
        return handles.get(cf);
    }

    /** The background error RocksDB reported and has not recovered from, or null. */
    public String backgroundError() {
        return backgroundErrors.current();
    }

    /**
     * Syncs the WAL (so that writes made under the "none" policy are on disk too) and closes
     * everything. Callers make sure no thread uses the handles any more.
     */
    @Override
    public void close() throws RocksDBException {
        RocksDBException failure = null;
        try {
            db.flushWal(true);
        } catch (RocksDBException e) {
            failure = e;
        }
        for (ColumnFamilyHandle h : allHandles) {
            h.close();
        }
        try {
            db.closeE();
        } catch (RocksDBException e) {
            failure = failure == null ? e : failure;
        }
        // Options last: the database refers to them until it is closed.
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
