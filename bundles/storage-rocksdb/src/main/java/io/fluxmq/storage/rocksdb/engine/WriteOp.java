package io.fluxmq.storage.rocksdb.engine;

import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * One store write, applied by the writer thread to the batch of its group commit. Its stage
 * completes with the returned value once the batch is durable.
 *
 * <p>Values are encoded on the caller's thread before the op is queued; {@link #apply} only adds
 * keys and values to the batch and updates state confined to the writer thread (sequence
 * numbers, offsets). It must not fail for a reason of its own: arguments are checked before it is
 * queued, and any exception it throws aborts the whole batch.
 */
@FunctionalInterface
public interface WriteOp<T> {
    /** Runs on the writer thread. */
    T apply(WriteBatch batch) throws RocksDBException;

    /** About how many bytes the op adds to a batch; bounds the size of one group commit. */
    default int sizeHint() {
        return 64;
    }

    /** An op with a size hint. */
    static <T> WriteOp<T> sized(int bytes, WriteOp<T> op) {
        return new WriteOp<>() {
            @Override
            public T apply(WriteBatch batch) throws RocksDBException {
                return op.apply(batch);
            }

            @Override
            public int sizeHint() {
                return bytes;
            }
        };
    }
}
