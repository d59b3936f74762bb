package io.fluxmq.storage.rocksdb.codec;

/**
 * A stored key or value that cannot be decoded: truncated, a length past the end, an unknown
 * format version or enum code. The stores turn it into {@code StorageException(CORRUPT)}.
 */
public final class CorruptRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CorruptRecordException(String message) {
        super(message);
    }

    public CorruptRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
