package io.fluxmq.queue.stream;

import io.fluxmq.api.storage.LogEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One consumer group of a stream: a position shared by its consumers, its committed offset, the
 * entries read ahead for it, and the turn of its consumers (round-robin among those with credit).
 *
 * <p><b>Thread:</b> the queue's serial executor; {@link #position}, {@link #committed} and
 * {@link #consumerCount} are also read by {@code stats()} on any thread.
 */
final class StreamGroup {
    final String name;
    /** The next offset to deliver: every offset below it was delivered or skipped. */
    volatile long position;
    /** The durable committed offset, -1 before the first commit. */
    volatile long committed;
    volatile int consumerCount;

    /** The highest offset asked to be committed since the last seek; acks never commit below it. */
    long commitRequested;
    /** Numbers the commits issued, so that the last one to complete sets {@link #committed}. */
    long commitSequence;
    long committedSequence;
    /** The last commit issued; an ack covered by it completes with it. */
    CompletionStage<Void> lastCommit = CompletableFuture.completedFuture(null);
    /**
     * Every offset at or beyond it is new to the group: delivering below it is a redelivery, and
     * only offsets below it can be acknowledged.
     */
    long highWater;
    /** Entries read ahead, from {@link #position} on, unless {@link #generation} moved on. */
    final ArrayDeque<LogEntry> buffer = new ArrayDeque<>();
    /** Bumped by every move; a read started before a move is discarded. */
    int generation;
    boolean reading;
    boolean readFailing;
    /** Bumped by every cursor resolution; only the latest one moves the group. */
    long seekSequence;
    boolean positioning;
    /** No delivery while a nack's backoff runs; the token names the latest pause. */
    boolean paused;
    long pauseToken;

    private final List<StreamConsumer> consumers = new ArrayList<>();
    private int turn;

    /**
     * @param highWater the offset from which the group has never been handed anything: its committed
     *        position when it is loaded from the store, 0 for a new group
     */
    StreamGroup(String name, long position, long committed, long highWater) {
        this.name = name;
        this.position = position;
        this.committed = committed;
        this.commitRequested = committed;
        this.highWater = highWater;
    }

    /** Moves the read position, dropping what was read ahead. */
    void moveTo(long offset) {
        position = offset;
        generation++;
        buffer.clear();
        reading = false;
    }

    /** The entry at {@link #position} was delivered or skipped. */
    void advance() {
        buffer.pollFirst();
        position = position + 1;
        highWater = Math.max(highWater, position);
    }

    void add(StreamConsumer consumer) {
        consumers.add(consumer);
        consumerCount = consumers.size();
    }

    void remove(StreamConsumer consumer) {
        consumers.remove(consumer);
        consumerCount = consumers.size();
    }

    boolean hasConsumers() {
        return !consumers.isEmpty();
    }

    boolean hasCredit() {
        for (StreamConsumer c : consumers) {
            if (c.credit > 0) {
                return true;
            }
        }
        return false;
    }

    /** The next consumer in turn that has credit and takes the entry, or null. */
    StreamConsumer nextFor(LogEntry entry, String queue) {
        int n = consumers.size();
        for (int i = 0; i < n; i++) {
            StreamConsumer c = consumers.get((turn + i) % n);
            if (c.credit > 0 && c.takes(entry, queue)) {
                turn = (turn + i + 1) % n;
                return c;
            }
        }
        return null;
    }

    /** Whether any consumer, with credit or not, takes the entry. */
    boolean anyTakes(LogEntry entry, String queue) {
        for (StreamConsumer c : consumers) {
            if (c.takes(entry, queue)) {
                return true;
            }
        }
        return false;
    }

    List<StreamConsumer> consumers() {
        return List.copyOf(consumers);
    }
}
