package io.fluxmq.loadgen.count;

import java.util.Arrays;

/**
 * What one receiver (or one consumer group) got from one publisher, whose messages carry the
 * sequence numbers 0, 1, 2...: a bit per sequence number, so that a duplicate is told from a late
 * message exactly, however far apart they arrive. Memory: one bit per message sent.
 *
 * <p>Synchronized: the consumers of one queue group share a tracker per publisher and may run on
 * different threads; an uncontended lock costs far less than a delivery.
 */
public final class SequenceTracker {
    private long[] seen = new long[64];
    private long highest = -1;
    private long distinct;
    private long duplicates;
    private long outOfOrder;

    /** One message received. */
    public synchronized void record(long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("negative sequence " + sequence);
        }
        int word = Math.toIntExact(sequence >>> 6);
        if (word >= seen.length) {
            seen = Arrays.copyOf(seen, Math.max(word + 1, seen.length * 2));
        }
        long bit = 1L << sequence; // the shift uses the low 6 bits
        if ((seen[word] & bit) != 0) {
            duplicates++;
            return;
        }
        seen[word] |= bit;
        distinct++;
        if (sequence < highest) {
            outOfOrder++;
        } else {
            highest = sequence;
        }
    }

    /** Different sequence numbers received. */
    public synchronized long distinct() {
        return distinct;
    }

    /** Messages received again after their first arrival. */
    public synchronized long duplicates() {
        return duplicates;
    }

    /** Messages that arrived after one with a higher sequence number. */
    public synchronized long outOfOrder() {
        return outOfOrder;
    }

    /** Of the messages 0..sent-1, how many never arrived (the publisher has stopped; nothing beyond was sent). */
    public synchronized long lost(long sent) {
        return sent - distinct;
    }
}
