package io.fluxmq.core.storage;

/** A migration could not complete; the message says what failed, for the log and for /ready. */
final class MigrationException extends Exception {
    private static final long serialVersionUID = 1L;

    MigrationException(String message, Throwable cause) {
        super(message, cause);
    }

    MigrationException(String message) {
        super(message);
    }
}
