package io.fluxmq.storage.rocksdb.engine;

/**
 * Told by the writer thread how each group commit ended, so that a store can publish or drop
 * what its ops changed in writer-confined state (log offsets, offline sequences).
 */
public interface BatchListener {
    /** The batch is durable; called on the writer thread before any of its stages completes. */
    void committed();

    /**
     * The batch was not written: state the ops changed must be reloaded from the database.
     * Called on the writer thread before the stages fail.
     */
    void aborted();
}
