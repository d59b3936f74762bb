package io.fluxmq.storage.rocksdb.engine;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the environment opens and writes the database.
 *
 * @param directory the database directory
 * @param sync when writes are durable
 * @param writeQueueCapacity writes waiting for the writer thread; beyond it writes fail at once
 * @param maxBatchSize writes per group commit
 * @param blockCacheBytes a block cache shared by all column families, or 0 for RocksDB's default
 * @param readThreads threads serving scans
 */
public record Settings(Path directory, SyncPolicy sync, int writeQueueCapacity, int maxBatchSize,
        long blockCacheBytes, int readThreads) {

    public static final int DEFAULT_WRITE_QUEUE_CAPACITY = 10_000;
    public static final int DEFAULT_MAX_BATCH_SIZE = 512;
    public static final int DEFAULT_BLOCK_CACHE_MB = 64;
    public static final int DEFAULT_READ_THREADS = 2;

    public Settings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(sync, "sync");
        if (writeQueueCapacity < 1 || maxBatchSize < 1 || blockCacheBytes < 0 || readThreads < 1) {
            throw new IllegalArgumentException("writeQueueCapacity, maxBatchSize and readThreads must be >= 1,"
                    + " blockCacheBytes >= 0: " + writeQueueCapacity + ", " + maxBatchSize + ", " + readThreads
                    + ", " + blockCacheBytes);
        }
    }

    /** The defaults, in {@code directory}. */
    public static Settings defaults(Path directory, SyncPolicy sync) {
        return new Settings(directory, sync, DEFAULT_WRITE_QUEUE_CAPACITY, DEFAULT_MAX_BATCH_SIZE,
                DEFAULT_BLOCK_CACHE_MB * 1024L * 1024L, DEFAULT_READ_THREADS);
    }

    public Settings withSync(SyncPolicy policy) {
        return new Settings(directory, policy, writeQueueCapacity, maxBatchSize, blockCacheBytes, readThreads);
    }

    public Settings withQueue(int capacity, int batchSize) {
        return new Settings(directory, sync, capacity, batchSize, blockCacheBytes, readThreads);
    }
}
