package io.fluxmq.queue.durable;

/**
 * The payload size of every message the log holds, by offset, and their total: the queue's
 * {@code bytes} statistic without storage reads (the sizes of what a truncation removes are
 * known without reading it back). Four bytes per held message, in a ring that
 * grows by doubling. Owned by the queue's serial executor.
 */
final class LogSizes {
    private int[] sizes = new int[64];
    private int head;
    private int count;
    /** The offset of the entry at {@code head}. */
    private long base;
    private long total;

    LogSizes(long firstOffset) {
        this.base = firstOffset;
    }

    /** Records the size of the message at {@code offset}; offsets above the last one leave gaps of 0. */
    void record(long offset, int size) {
        if (offset < base) {
            return;
        }
        long index = offset - base;
        while (index >= count) {
            if (count == sizes.length) {
                grow();
            }
            sizes[(head + count) % sizes.length] = 0;
            count++;
        }
        int slot = (int) ((head + index) % sizes.length);
        total += size - sizes[slot];
        sizes[slot] = size;
    }

    /** Forgets every offset below {@code offset}. */
    void truncateBefore(long offset) {
        while (count > 0 && base < offset) {
            total -= sizes[head];
            head = (head + 1) % sizes.length;
            count--;
            base++;
        }
        if (count == 0) {
            head = 0;
            base = Math.max(base, offset);
        }
    }

    long total() {
        return total;
    }

    private void grow() {
        int[] bigger = new int[sizes.length * 2];
        for (int i = 0; i < count; i++) {
            bigger[i] = sizes[(head + i) % sizes.length];
        }
        sizes = bigger;
        head = 0;
    }
}
