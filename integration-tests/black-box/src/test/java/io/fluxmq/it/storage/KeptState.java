package io.fluxmq.it.storage;

/**
 * Broker state that a storage event (a live switch of the backend, an update of the RocksDB bundle)
 * must carry over. A test writes it in steps, one before each event, and after the events checks
 * that everything written in every step is there.
 */
interface KeptState extends AutoCloseable {
    /** Writes the part of the state that belongs to {@code step} (0, 1, ...). */
    void write(int step) throws Exception;

    /** Asserts that what steps 0 to {@code steps - 1} wrote is there. */
    void assertKept(int steps) throws Exception;
}
