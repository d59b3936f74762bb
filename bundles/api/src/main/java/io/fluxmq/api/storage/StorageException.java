package io.fluxmq.api.storage;

/**
 * A storage operation failed. The {@link Kind} tells a protocol adapter which reason code to
 * answer with (MQTT 5: 0x97 Quota exceeded for {@link Kind#FULL}, 0x88/0x80 for the others).
 */
public class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the operation failed. */
    public enum Kind {
        /** The store is closed, migrating or not yet open; retrying later may succeed. */
        UNAVAILABLE,
        /** No space left (disk full or a configured quota). */
        FULL,
        /** Stored data could not be read back. */
        CORRUPT,
        /** Any other I/O failure. */
        IO
    }

    private final Kind kind;

    public StorageException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public StorageException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
