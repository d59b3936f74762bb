package io.fluxmq.storage.memory;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.storage.LogEntry;
import io.fluxmq.api.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One log: its entries and offsets under a read/write lock (appends and truncations write, reads
 * share), and its consumer groups, which have their own locks.
 *
 * <p>Entries sit in an array list from index {@code head}; the entry at offset {@code o} is at
 * {@code head + (o - firstOffset)}. Truncation only moves {@code head} and drops references, and
 * the dead prefix is cut off once it is half of the list, so both append and truncation cost
 * amortised O(1) per entry and a read is an index lookup.
 */
final class MemoryLog {
    /** What {@link #append} returns when the log was deleted under the caller. */
    static final long DELETED = -1;

    private static final int COMPACT_THRESHOLD = 1024;

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final ArrayList<LogEntry> entries = new ArrayList<>();
    private final ConcurrentMap<String, ConsumerGroup> groups = new ConcurrentHashMap<>();
    private int head;
    // Volatile so that firstOffset() and nextOffset() answer without the lock.
    private volatile long firstOffset;
    private volatile long nextOffset;
    private boolean deleted;

    /**
     * Appends and returns the offset, or {@link #DELETED} when the log was deleted meanwhile.
     *
     * @param maxEntries the bound on retained entries, 0 for none
     * @throws StorageException {@link StorageException.Kind#FULL} when the log holds {@code maxEntries}
     */
    long append(String name, Message message, int maxEntries) {
        lock.writeLock().lock();
        try {
            if (deleted) {
                return DELETED;
            }
            if (maxEntries > 0 && nextOffset - firstOffset >= maxEntries) {
                throw new StorageException(StorageException.Kind.FULL,
                        "log '" + name + "' is full (" + maxEntries + " entries)");
            }
            long offset = nextOffset;
            entries.add(new LogEntry(offset, System.currentTimeMillis(), message));
            nextOffset = offset + 1;
            return offset;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Appends an entry copied from another store, with its offset and time. Returns false when the
     * log was deleted meanwhile (the caller starts over with its successor).
     *
     * @throws IllegalStateException when the entry's offset is not the next offset
     * @throws StorageException {@link StorageException.Kind#FULL} when the log holds {@code maxEntries}
     */
    boolean appendCopy(String name, LogEntry entry, int maxEntries) {
        lock.writeLock().lock();
        try {
            if (deleted) {
                return false;
            }
            if (entry.offset() != nextOffset) {
                throw new IllegalStateException("log '" + name + "' continues at offset " + nextOffset
                        + ", not at the copied entry's offset " + entry.offset());
            }
            if (maxEntries > 0 && nextOffset - firstOffset >= maxEntries) {
                throw new StorageException(StorageException.Kind.FULL,
                        "log '" + name + "' is full (" + maxEntries + " entries)");
            }
            entries.add(entry);
            nextOffset = entry.offset() + 1;
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Moves an empty log to {@code offset}. Returns false when the log was deleted meanwhile.
     *
     * @throws IllegalStateException when the log holds entries or is already beyond {@code offset}
     */
    boolean startAt(String name, long offset) {
        lock.writeLock().lock();
        try {
            if (deleted) {
                return false;
            }
            if (nextOffset > firstOffset) {
                throw new IllegalStateException("log '" + name + "' holds entries (offsets " + firstOffset + ".."
                        + (nextOffset - 1) + "); only an empty log can be moved");
            }
            if (offset < nextOffset) {
                throw new IllegalStateException("log '" + name + "' is already at offset " + nextOffset
                        + "; offsets never go back to " + offset);
            }
            entries.clear();
            head = 0;
            firstOffset = offset;
            nextOffset = offset;
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    List<LogEntry> read(long fromOffset, int max) {
        lock.readLock().lock();
        try {
            long start = Math.max(fromOffset, firstOffset);
            if (start >= nextOffset || max == 0) {
                return List.of();
            }
            int from = head + (int) (start - firstOffset);
            int count = (int) Math.min(max, nextOffset - start);
            return List.copyOf(entries.subList(from, from + count));
        } finally {
            lock.readLock().unlock();
        }
    }

    long truncateBefore(long offset) {
        lock.writeLock().lock();
        try {
            if (offset <= firstOffset) {
                return 0;
            }
            long end = Math.min(offset, nextOffset);
            int removed = (int) (end - firstOffset);
            for (int i = head; i < head + removed; i++) {
                entries.set(i, null);
            }
            head += removed;
            firstOffset = end;
            if (head == entries.size() || (head >= COMPACT_THRESHOLD && head >= entries.size() / 2)) {
                entries.subList(0, head).clear();
                head = 0;
            }
            return removed;
        } finally {
            lock.writeLock().unlock();
        }
    }

    long firstOffset() {
        return firstOffset;
    }

    long nextOffset() {
        return nextOffset;
    }

    /** Drops the entries and groups; an append that still holds this log will start over. */
    void markDeleted() {
        lock.writeLock().lock();
        try {
            deleted = true;
            entries.clear();
            head = 0;
            groups.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }

    ConsumerGroup group(String name) {
        return groups.computeIfAbsent(name, n -> new ConsumerGroup());
    }

    ConsumerGroup existingGroup(String name) {
        return groups.get(name);
    }

    /** The names of groups that have committed or hold pending entries. */
    List<String> groupsWithState() {
        List<String> names = new ArrayList<>();
        groups.forEach((name, group) -> {
            if (group.hasState()) {
                names.add(name);
            }
        });
        return names;
    }
}
