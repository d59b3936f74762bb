package io.fluxmq.queue.ephemeral;

import io.fluxmq.api.message.Message;

/**
 * The messages of an ephemeral queue in offset order: a ring that grows by doubling and shrinks
 * when mostly empty, so that a burst does not keep its memory. Offsets start at 0 and grow by one
 * per message; removal is from the front only.
 *
 * <p><b>Thread:</b> the queue's serial executor only.
 */
final class MessageBuffer {
    private static final int MIN_CAPACITY = 16;

    private BufferedMessage[] ring = new BufferedMessage[MIN_CAPACITY];
    private int head;
    private int size;
    private long firstOffset;
    private long bytes;

    long append(Message message, long nowMillis) {
        if (size == ring.length) {
            resize(ring.length * 2);
        }
        long offset = firstOffset + size;
        ring[(head + size) & (ring.length - 1)] = new BufferedMessage(offset, message, nowMillis);
        size++;
        bytes += message.payloadSize();
        return offset;
    }

    /** The message at {@code offset}, or null when it is not held. */
    BufferedMessage get(long offset) {
        if (offset < firstOffset || offset >= firstOffset + size) {
            return null;
        }
        return ring[(head + (int) (offset - firstOffset)) & (ring.length - 1)];
    }

    BufferedMessage peekFirst() {
        return size == 0 ? null : ring[head];
    }

    BufferedMessage removeFirst() {
        if (size == 0) {
            return null;
        }
        BufferedMessage m = ring[head];
        ring[head] = null;
        head = (head + 1) & (ring.length - 1);
        size--;
        firstOffset++;
        bytes -= m.message().payloadSize();
        if (ring.length > MIN_CAPACITY && size < ring.length / 4) {
            resize(ring.length / 2);
        }
        return m;
    }

    /** Removes every message; returns how many. Offsets go on from where they were. */
    int clear() {
        int removed = size;
        firstOffset += size;
        ring = new BufferedMessage[MIN_CAPACITY];
        head = 0;
        size = 0;
        bytes = 0;
        return removed;
    }

    /** The offset of the first message held, or {@link #nextOffset()} when empty. */
    long firstOffset() {
        return firstOffset;
    }

    long nextOffset() {
        return firstOffset + size;
    }

    int size() {
        return size;
    }

    long bytes() {
        return bytes;
    }

    /** The ring's current size in slots: what it holds in memory. */
    int capacity() {
        return ring.length;
    }

    private void resize(int capacity) {
        BufferedMessage[] grown = new BufferedMessage[capacity];
        for (int i = 0; i < size; i++) {
            grown[i] = ring[(head + i) & (ring.length - 1)];
        }
        ring = grown;
        head = 0;
    }
}
