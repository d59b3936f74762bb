package io.fluxmq.api.storage;

import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import io.fluxmq.api.message.Message;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Append-only logs for queues, with per-group committed offsets and pending-entry lists.
 * Offsets start at 0 and grow by one per append; truncation removes a prefix and never
 * renumbers (truncating past the end empties the log and keeps its next offset); an unknown or
 * deleted log starts at offset 0. Registered with {@value StateStore#BACKEND_PROPERTY} like {@link StateStore}.
 *
 * <p><b>Threads, durability and order:</b> as for {@link StateStore}: non-blocking, callable from
 * any thread; a write's stage completes when it is durable under the sync policy; writes are
 * applied in the order their calls returned.
 */
@ProviderType
public interface LogStore {
    /** The backend's name. */
    String backend();

    /** Appends a message; completes with its offset. */
    CompletionStage<Long> append(String log, Message message);

    /** Up to {@code max} entries starting at {@code fromOffset} (or the first retained one after it). */
    CompletionStage<List<LogEntry>> read(String log, long fromOffset, int max);

    /** The first offset still stored, or the next offset when the log is empty. */
    long firstOffset(String log);

    /** The offset the next append will get. */
    long nextOffset(String log);

    /** Removes every entry below {@code offset}; completes with how many were removed. */
    CompletionStage<Long> truncateBefore(String log, long offset);

    /** Deletes the log with its offsets and pending entries. */
    CompletionStage<Void> deleteLog(String log);

    /**
     * Every log that has entries, has had entries (an emptied log keeps its offsets), was moved
     * with {@link #startAt}, or has had consumer-group state (a committed offset or a pending
     * entry); a deleted log is not listed. A storage migration copies exactly these logs.
     */
    Set<String> logs();

    // copying from another store (storage migration); offsets and times are kept, because
    // consumer groups hold offsets and retention may look at append times

    /**
     * Makes an empty log continue at {@code nextOffset}: afterwards {@link #firstOffset} and
     * {@link #nextOffset} both answer it, {@link #logs()} lists the log and the next append gets
     * that offset. Used to copy a log whose prefix was truncated, or that was emptied.
     *
     * @return a stage that fails with {@link IllegalStateException} when the log holds entries or
     *         its next offset is already beyond {@code nextOffset} (offsets never go back), and
     *         with {@link IllegalArgumentException} when {@code nextOffset} is negative
     * @since 1.1
     */
    CompletionStage<Void> startAt(String log, long nextOffset);

    /**
     * Appends an entry copied from another store, keeping its offset and append time; the offset
     * must be the log's next offset when the write is applied. The store's limits apply as for
     * {@link #append}.
     *
     * @return a stage that fails with {@link IllegalStateException} when the offset is not the
     *         log's next offset
     * @since 1.1
     */
    CompletionStage<Void> appendCopy(String log, LogEntry entry);

    // consumer groups

    CompletionStage<Void> commitOffset(String log, String group, long offset);

    CompletionStage<OptionalLong> committedOffset(String log, String group);

    /** Adds or replaces the pending entry with the same offset. */
    CompletionStage<Void> savePending(String log, String group, PendingEntry entry);

    CompletionStage<Void> removePending(String log, String group, long offset);

    /** The group's pending entries ordered by offset. */
    CompletionStage<List<PendingEntry>> loadPending(String log, String group);

    /** The consumer groups that have committed an offset or hold pending entries. */
    CompletionStage<Set<String>> groups(String log);
}
