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
 * <p><b>Threads and durability:</b> as for {@link StateStore}: non-blocking, callable from any
 * thread; a write's stage completes when it is durable under the sync policy.
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

    Set<String> logs();

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
