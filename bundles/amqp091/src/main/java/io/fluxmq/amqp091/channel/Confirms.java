package io.fluxmq.amqp091.channel;

import io.fluxmq.amqp091.codec.Basic;
import io.fluxmq.amqp091.codec.Method;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Publisher confirms of one channel: publishes are numbered from 1 once confirm.select is on,
 * and each is acknowledged once its queues have it as durably as they promise, or nacked when a
 * queue refused it. Consecutive acknowledgements go out as one basic.ack with "multiple".
 */
final class Confirms {
    private static final int WAITING = 0;
    private static final int ACKED = 1;
    private static final int NACKED = 2;

    private final ArrayDeque<long[]> outstanding = new ArrayDeque<>();
    private long nextSeq = 1;
    private boolean enabled;

    boolean enabled() {
        return enabled;
    }

    void enable() {
        enabled = true;
    }

    /** The sequence number of the next publish; call once per publish while enabled. */
    long[] track() {
        long[] entry = {nextSeq++, WAITING};
        outstanding.addLast(entry);
        return entry;
    }

    /** Records the outcome of a publish and sends what can be confirmed now, in order. */
    void settle(long[] entry, boolean ok, Consumer<Method> send) {
        entry[1] = ok ? ACKED : NACKED;
        long ackUpTo = -1;
        int acked = 0;
        while (!outstanding.isEmpty() && outstanding.peekFirst()[1] != WAITING) {
            long[] head = outstanding.pollFirst();
            if (head[1] == ACKED) {
                ackUpTo = head[0];
                acked++;
            } else {
                if (ackUpTo >= 0) {
                    send.accept(new Basic.Ack(ackUpTo, acked > 1));
                    ackUpTo = -1;
                    acked = 0;
                }
                send.accept(new Basic.Nack(head[0], false, false));
            }
        }
        if (ackUpTo >= 0) {
            send.accept(new Basic.Ack(ackUpTo, acked > 1));
        }
    }
}
