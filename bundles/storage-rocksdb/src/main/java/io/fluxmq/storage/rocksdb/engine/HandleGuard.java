package io.fluxmq.storage.rocksdb.engine;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps RocksDB's native handles alive while a thread uses them. Calling a closed RocksJava
 * handle dereferences freed memory and crashes the JVM, so every read takes a shared hold and
 * closing takes the exclusive one, after refusing new holds. A read that arrives while the
 * database closes fails with UNAVAILABLE instead of waiting.
 */
public final class HandleGuard {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean closed;

    /** Something that uses the handles. */
    @FunctionalInterface
    public interface Use<T> {
        T run() throws Exception;
    }

    /**
     * Runs {@code use} with the handles held open.
     *
     * @throws io.fluxmq.api.storage.StorageException UNAVAILABLE once closing has begun
     */
    public <T> T use(Use<T> use, String what) throws Exception {
        // tryLock never waits, so an event-loop thread is not held up by a closing store.
        if (closed || !lock.readLock().tryLock()) {
            throw StorageErrors.unavailable(what + ": the RocksDB store is closed");
        }
        try {
            if (closed) {
                throw StorageErrors.unavailable(what + ": the RocksDB store is closed");
            }
            return use.run();
        } finally {
            lock.readLock().unlock();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Refuses new uses and waits for the running ones to end.
     *
     * @return true when no use is running any more and the handles may be closed; false when one
     *         is still running after {@code timeout} (the handles must then be left open)
     */
    public boolean closeAndDrain(Duration timeout) throws InterruptedException {
        closed = true;
        return lock.writeLock().tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
