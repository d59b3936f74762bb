package io.fluxmq.storage.memory;

import io.fluxmq.api.storage.PendingEntry;
import java.util.List;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * One consumer group's committed offset and pending-entry list. Guarded by its own monitor:
 * acknowledgements of one group never wait for appends to the log or for other groups.
 */
final class ConsumerGroup {
    private boolean committed;
    private long committedOffset;
    // Sorted by offset, which is the order loadPending promises.
    private final NavigableMap<Long, PendingEntry> pending = new TreeMap<>();

    synchronized void commit(long offset) {
        committed = true;
        committedOffset = offset;
    }

    synchronized OptionalLong committedOffset() {
        return committed ? OptionalLong.of(committedOffset) : OptionalLong.empty();
    }

    synchronized void savePending(PendingEntry entry) {
        pending.put(entry.offset(), entry);
    }

    synchronized void removePending(long offset) {
        pending.remove(offset);
    }

    synchronized List<PendingEntry> pending() {
        return List.copyOf(pending.values());
    }

    /** Whether the group has committed or holds pending entries, i.e. whether groups() lists it. */
    synchronized boolean hasState() {
        return committed || !pending.isEmpty();
    }
}
