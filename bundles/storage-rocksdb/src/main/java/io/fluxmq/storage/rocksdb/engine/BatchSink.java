package io.fluxmq.storage.rocksdb.engine;

import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/** Where the writer sends a group commit: the database, or a test double that fails on demand. */
@FunctionalInterface
public interface BatchSink {
    void write(WriteOptions options, WriteBatch batch) throws RocksDBException;
}
