package io.fluxmq.console;

import io.fluxmq.api.queue.Queue;
import io.fluxmq.api.queue.QueueManager;
import io.fluxmq.api.queue.QueueStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One queue as the console shows it (Gogo {@code fluxmq:queues} and the Queues page): the
 * queue's own statistics and the depth of its dead-letter queue, -1 when that queue is not open.
 */
record QueueRow(String name, String type, QueueStats stats, long deadLetterDepth) {

    /** Every open queue, by name. */
    static List<QueueRow> of(QueueManager manager) {
        List<QueueRow> rows = new ArrayList<>();
        for (Queue q : manager.queues()) {
            rows.add(of(manager, q));
        }
        rows.sort(Comparator.comparing(QueueRow::name));
        return rows;
    }

    static QueueRow of(QueueManager manager, Queue q) {
        long dlq = manager.queue(q.config().deadLetterTarget()).map(d -> d.stats().depth()).orElse(-1L);
        return new QueueRow(q.config().name(), q.config().type(), q.stats(), dlq);
    }

    String deadLetterDepthText() {
        return deadLetterDepth < 0 ? "-" : Long.toString(deadLetterDepth);
    }
}
