package io.fluxmq.amqp091.connection;

import io.fluxmq.api.queue.Queue;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Flow control towards in-memory queues: a publisher whose messages go to an ephemeral queue
 * that holds {@code depth} messages is read no more (TCP back-pressure) until the queue holds
 * fewer than half of them, instead of the queue reaching its bound and refusing messages. The
 * queues are sampled, not checked on every publish. As with RabbitMQ's flow control, a connection
 * that both publishes and acknowledges on such a queue should use two connections.
 */
final class QueueFlow {
    private static final int SAMPLE_EVERY = 32;
    private static final long RECHECK_MILLIS = 5;

    private final AmqpConnection connection;
    private final long depth;
    private final Set<Queue> full = new HashSet<>();
    private int sinceSample;
    private ScheduledFuture<?> recheck;

    QueueFlow(AmqpConnection connection, long depth) {
        this.connection = connection;
        this.depth = depth;
    }

    boolean blocked() {
        return !full.isEmpty();
    }

    void published(List<Queue> inMemory) {
        if (depth <= 0 || inMemory.isEmpty() || ++sinceSample < SAMPLE_EVERY) {
            return;
        }
        sinceSample = 0;
        for (Queue q : inMemory) {
            if (q.stats().depth() >= depth) {
                full.add(q);
            }
        }
        if (!full.isEmpty() && recheck == null) {
            connection.updateAutoRead();
            schedule();
        }
    }

    private void schedule() {
        recheck = connection.eventLoop().schedule(this::recheck, RECHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void recheck() {
        full.removeIf(q -> q.stats().depth() < depth / 2);
        if (full.isEmpty()) {
            recheck = null;
            connection.updateAutoRead();
        } else {
            schedule();
        }
    }

    void stop() {
        if (recheck != null) {
            recheck.cancel(false);
        }
        full.clear();
    }
}
