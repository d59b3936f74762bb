package io.fluxmq.storage.rocksdb.engine;

import io.fluxmq.api.storage.StorageException;
import io.fluxmq.api.storage.StorageException.Kind;
import io.fluxmq.storage.rocksdb.codec.CorruptRecordException;
import java.util.Locale;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/** Maps what RocksDB and the codecs throw to the {@link StorageException} kinds of the API. */
public final class StorageErrors {
    private StorageErrors() {
    }

    /**
     * The kind of a RocksDB failure: {@link Kind#FULL} for no space (Status IOError with sub-code
     * NoSpace, or "space limit" / the OS message "No space left"), {@link Kind#CORRUPT} for
     * Corruption, {@link Kind#IO} for anything else.
     */
    public static Kind kindOf(RocksDBException e) {
        Status status = e.getStatus();
        if (status != null) {
            Status.SubCode sub = status.getSubCode();
            if (sub == Status.SubCode.NoSpace) {
                return Kind.FULL;
            }
            if (status.getCode() == Status.Code.Corruption) {
                return Kind.CORRUPT;
            }
        }
        String text = describe(e).toLowerCase(Locale.ROOT);
        if (text.contains("no space left") || text.contains("nospace") || text.contains("space limit")) {
            return Kind.FULL;
        }
        return Kind.IO;
    }

    /** The RocksDB status as text, e.g. "IOError(NoSpace): While appending to file: ...". */
    public static String describe(RocksDBException e) {
        Status status = e.getStatus();
        String message = e.getMessage();
        if (status == null) {
            return message == null ? e.toString() : message;
        }
        String state = status.getState() != null ? status.getState() : message;
        return status.getCodeString() + ": " + (state == null ? "" : state);
    }

    /** Any failure of a store operation, as the exception its stage fails with. */
    public static StorageException toStorageException(Throwable t, String operation) {
        if (t instanceof StorageException se) {
            return se;
        }
        if (t instanceof RocksDBException re) {
            return new StorageException(kindOf(re), operation + " failed: " + describe(re), re);
        }
        if (t instanceof CorruptRecordException ce) {
            return new StorageException(Kind.CORRUPT, operation + " read a damaged record: " + ce.getMessage(), ce);
        }
        return new StorageException(Kind.IO, operation + " failed: " + t, t);
    }

    public static StorageException unavailable(String why) {
        return new StorageException(Kind.UNAVAILABLE, why);
    }
}
