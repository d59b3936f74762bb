package io.fluxmq.core.storage;

import io.fluxmq.api.storage.LogEntry;
import io.fluxmq.api.storage.LogStore;
import io.fluxmq.api.storage.PendingEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Copies a log store into another, and clears a stale target, on the selector's thread. Every
 * log {@link LogStore#logs()} lists is copied with its offsets ({@link LogStore#startAt} at the
 * first offset, then {@link LogStore#appendCopy} per entry, which keeps append times), then its
 * consumer groups' committed offsets and pending entries. An emptied log keeps its next offset.
 */
final class LogCopy {
    static final int PAGE = 1000;

    private final LogStore from;
    private final LogStore to;
    private final String fromName;
    private final String toName;
    private final Pipeline pipe;
    private final CopyCounts counts;

    LogCopy(Backend from, Backend to, Pipeline pipe, CopyCounts counts) {
        this.from = from.log();
        this.to = to.log();
        this.fromName = from.name();
        this.toName = to.name();
        this.pipe = pipe;
        this.counts = counts;
    }

    void copy() throws MigrationException, InterruptedException {
        List<String> logs = new ArrayList<>(from.logs());
        logs.sort(null);
        for (String log : logs) {
            copyLog(log);
            counts.logs++;
        }
    }

    private void copyLog(String log) throws MigrationException, InterruptedException {
        long first = from.firstOffset(log);
        long next = from.nextOffset(log);
        // Also for an empty log: it is listed, and keeps the offset its next append gets.
        pipe.add(to.startAt(log, first), "starting a log in " + toName, log);
        long offset = first;
        while (offset < next) {
            List<LogEntry> page = pipe.await(from.read(log, offset, PAGE), "reading a log from " + fromName, log);
            if (page.isEmpty()) {
                break;
            }
            for (LogEntry e : page) {
                pipe.add(to.appendCopy(log, e), "writing a log entry to " + toName, log + " @" + e.offset());
                counts.entries++;
            }
            offset = page.get(page.size() - 1).offset() + 1;
            pipe.checkDeadline();
        }
        List<String> groups = new ArrayList<>(pipe.await(from.groups(log), "listing groups from " + fromName, log));
        groups.sort(null);
        for (String g : groups) {
            OptionalLong committed = pipe.await(from.committedOffset(log, g), "reading a group offset from "
                    + fromName, log + " " + g);
            if (committed.isPresent()) {
                pipe.add(to.commitOffset(log, g, committed.getAsLong()), "writing a group offset to " + toName,
                        log + " " + g);
                counts.groupOffsets++;
            }
            for (PendingEntry p : pipe.await(from.loadPending(log, g), "loading pending entries from " + fromName,
                    log + " " + g)) {
                pipe.add(to.savePending(log, g, p), "writing a pending entry to " + toName, log + " " + g);
                counts.pending++;
            }
        }
    }

    /** Deletes every log {@code target} lists, with its groups; answers whether there was any. */
    static boolean clear(Backend target, Pipeline pipe, CopyCounts counts)
            throws MigrationException, InterruptedException {
        LogStore store = target.log();
        Set<String> logs = store.logs();
        for (String log : logs) {
            counts.logs++;
            counts.entries += store.nextOffset(log) - store.firstOffset(log);
            pipe.add(store.deleteLog(log), "deleting a stale log from " + target.name(), log);
        }
        return !logs.isEmpty();
    }
}
