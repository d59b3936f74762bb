package io.fluxmq.storage.rocksdb.engine;

import org.rocksdb.AbstractEventListener;
import org.rocksdb.BackgroundErrorReason;
import org.rocksdb.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs RocksDB's background errors (a failed WAL write, flush or compaction puts the database in
 * read-only mode) and its automatic recovery from them. RocksJava has no binding for
 * {@code DB::Resume()}: recovery is RocksDB's own, its SstFileManager polling for free space every
 * few seconds after a NoSpace error, and {@code max_bgerror_resume_count} retries for retryable
 * I/O errors. Callbacks run on RocksDB's threads and only log and record.
 */
final class BackgroundErrors extends AbstractEventListener {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundErrors.class);

    private final String directory;
    private volatile String current;

    BackgroundErrors(String directory) {
        super(EnabledEventCallback.ON_BACKGROUND_ERROR, EnabledEventCallback.ON_ERROR_RECOVERY_COMPLETED);
        this.directory = directory;
    }

    String current() {
        return current;
    }

    @Override
    public void onBackgroundError(BackgroundErrorReason reason, Status status) {
        String text = status == null ? "unknown" : status.getCodeString() + ": " + status.getState();
        current = reason + " " + text;
        LOG.error("ROCKS-2003 RocksDB in {} stopped accepting writes after a background error during {}: {}."
                + " It recovers by itself from a full disk once space is freed (checked every few seconds);"
                + " other I/O errors may need a restart of the storage bundle", directory, reason, text);
    }

    @Override
    public void onErrorRecoveryCompleted(Status oldBackgroundError) {
        current = null;
        LOG.info("ROCKS-2004 RocksDB in {} recovered from its background error ({}) and accepts writes again",
                directory, oldBackgroundError == null ? "unknown" : oldBackgroundError.getCodeString());
    }
}
