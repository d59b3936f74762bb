package io.fluxmq.queue.ephemeral;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One consumer group of an ephemeral queue: where it reads in the queue's buffer, the messages
 * nacked back to it, the deliveries it remembers for acknowledgement, and the turn of its consumers.
 *
 * <p><b>Thread:</b> the queue's serial executor; the volatile fields are also read by {@code stats()}.
 */
final class EphemeralGroup {
    /** A delivery the group remembers: who has it, and how many times the message was delivered. */
    record Unacked(BufferedMessage entry, String consumerId, int deliveryCount) {
    }

    /** A nacked message due again, with the delivery count it will carry. */
    record Redelivery(BufferedMessage entry, int deliveryCount) {
    }

    final String name;
    /** The next buffer offset to hand to the group. */
    volatile long cursor;
    volatile int consumerCount;
    volatile int unackedCount;
    /** Nacked messages waiting for their backoff or for credit. */
    volatile int redeliveryCount;

    final ArrayDeque<Redelivery> redeliveries = new ArrayDeque<>();
    /** Nacked messages still in their backoff delay. */
    int backingOff;
    /** Bumped by a purge: redeliveries scheduled before it are void. */
    int epoch;
    private final Map<Long, Unacked> unacked = new LinkedHashMap<>();
    private final List<EphemeralConsumer> consumers = new ArrayList<>();
    private int turn;

    EphemeralGroup(String name, long cursor) {
        this.name = name;
        this.cursor = cursor;
    }

    void add(EphemeralConsumer c) {
        consumers.add(c);
        consumerCount = consumers.size();
    }

    /**
     * Removes a consumer with the deliveries it holds: forgotten, or, when {@code giveBack}, due
     * again to the group (ahead of anything nacked later) with their delivery count increased.
     */
    void remove(EphemeralConsumer c, boolean giveBack) {
        consumers.remove(c);
        consumerCount = consumers.size();
        List<Redelivery> back = new ArrayList<>();
        unacked.values().removeIf(u -> {
            if (!u.consumerId().equals(c.id())) {
                return false;
            }
            back.add(new Redelivery(u.entry(), u.deliveryCount() + 1));
            return true;
        });
        unackedCount = unacked.size();
        if (giveBack) {
            for (int i = back.size() - 1; i >= 0; i--) {
                redeliveries.addFirst(back.get(i));
            }
            updateRedeliveryCount();
        }
    }

    boolean hasConsumers() {
        return !consumers.isEmpty();
    }

    List<EphemeralConsumer> consumers() {
        return List.copyOf(consumers);
    }

    /** The next consumer in turn that has credit and takes the message, or null. */
    EphemeralConsumer nextFor(BufferedMessage entry, String queue) {
        int n = consumers.size();
        for (int i = 0; i < n; i++) {
            EphemeralConsumer c = consumers.get((turn + i) % n);
            if (c.credit > 0 && c.takes(entry.message(), queue)) {
                turn = (turn + i + 1) % n;
                return c;
            }
        }
        return null;
    }

    boolean anyTakes(BufferedMessage entry, String queue) {
        for (EphemeralConsumer c : consumers) {
            if (c.takes(entry.message(), queue)) {
                return true;
            }
        }
        return false;
    }

    /** Remembers a delivery, forgetting the oldest beyond {@code max}. */
    void remember(Unacked delivery, int max) {
        if (max == 0) {
            return;
        }
        unacked.put(delivery.entry().offset(), delivery);
        if (unacked.size() > max) {
            Iterator<Long> oldest = unacked.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        unackedCount = unacked.size();
    }

    Unacked unacked(long offset) {
        return unacked.get(offset);
    }

    void forget(long offset) {
        unacked.remove(offset);
        unackedCount = unacked.size();
    }

    void updateRedeliveryCount() {
        redeliveryCount = redeliveries.size() + backingOff;
    }
}
