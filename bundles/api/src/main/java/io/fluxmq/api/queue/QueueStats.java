package io.fluxmq.api.queue;

import java.util.List;

/**
 * Counters of one queue at one moment.
 *
 * @param depth messages stored and not yet acknowledged by every group (stream: messages stored)
 * @param bytes payload bytes of those messages
 * @param pending deliveries awaiting acknowledgement, over all groups
 * @param consumers attached consumers, over all groups
 * @param enqueued messages appended since the queue was opened
 * @param delivered deliveries made, redeliveries included
 * @param acknowledged acknowledgements accepted
 * @param deadLettered messages moved to the dead-letter queue
 * @param dropped messages removed without delivery (overflow, TTL, retention, purge)
 * @param groups one entry per consumer group
 */
public record QueueStats(long depth, long bytes, long pending, int consumers, long enqueued,
        long delivered, long acknowledged, long deadLettered, long dropped, List<GroupStats> groups) {

    public QueueStats {
        groups = List.copyOf(groups);
    }

    /**
     * One consumer group.
     *
     * @param committedOffset every offset below it is done for the group (-1 before its first commit)
     * @param lag messages appended and not yet delivered to the group
     * @param pending the group's deliveries awaiting acknowledgement
     */
    public record GroupStats(String group, int consumers, long committedOffset, long lag, long pending) {
    }
}
