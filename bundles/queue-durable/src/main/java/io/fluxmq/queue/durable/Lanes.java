package io.fluxmq.queue.durable;

import io.fluxmq.api.queue.AckOutcome;
import io.fluxmq.api.queue.QueueStats.GroupStats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A queue's lanes and attached consumers, and the answers that span lanes: who holds an offset,
 * the lowest committed offset, the depth, the per-group statistics. Owned by the serial executor.
 */
final class Lanes {
    /** The answer to an acknowledgement: the outcome, and for {@link AckOutcome#OK} the entry and its lane. */
    record Holding(AckOutcome outcome, Lane lane, PendingDelivery delivery) {
    }

    private final Map<LaneKey, Lane> lanes = new LinkedHashMap<>();
    private final Map<String, DurableConsumer> consumers = new HashMap<>();
    private final Function<LaneKey, Lane> newLane;

    /** @param newLane creates a lane for a group seen for the first time (at the first retained offset) */
    Lanes(Function<LaneKey, Lane> newLane) {
        this.newLane = newLane;
    }

    void add(Lane lane) {
        lanes.put(lane.key(), lane);
    }

    Collection<Lane> all() {
        return lanes.values();
    }

    boolean isEmpty() {
        return lanes.isEmpty();
    }

    /**
     * Attaches a consumer to the lane of its group and filter, creating the lane for a new group.
     * A consumer with the id of one already attached takes its place (the earlier one is detached).
     */
    void attach(DurableConsumer consumer, LaneKey key) {
        DurableConsumer earlier = consumers.get(consumer.id());
        if (earlier != null) {
            detach(earlier);
        }
        Lane lane = lanes.computeIfAbsent(key, newLane);
        consumers.put(consumer.id(), consumer);
        consumer.attachedTo(lane);
        lane.attach(consumer);
        lane.dispatch();
    }

    void detach(DurableConsumer consumer) {
        if (consumers.get(consumer.id()) != consumer) {
            return;
        }
        consumers.remove(consumer.id());
        Lane lane = consumer.lane();
        consumer.attachedTo(null);
        lane.detach(consumer);
    }

    void detachAll() {
        consumers.values().forEach(c -> c.attachedTo(null));
        consumers.clear();
        lanes.values().forEach(Lane::detachAll);
    }

    /**
     * Who may act on {@code offset}: OK with the entry when the consumer holds it in a lane of the
     * group; NOT_OWNER when another consumer of the group holds it; WRONG_GROUP when only another
     * group has it pending; UNKNOWN_MESSAGE when nobody does (or it is being dead-lettered).
     */
    Holding holding(String group, String consumerId, long offset) {
        boolean inGroup = false;
        boolean elsewhere = false;
        for (Lane lane : lanes.values()) {
            PendingDelivery p = lane.pendingAt(offset);
            if (p == null || p.state == PendingDelivery.State.DEAD_LETTERING) {
                continue;
            }
            if (!lane.key().group().equals(group)) {
                elsewhere = true;
            } else if (p.answerableBy(consumerId)) {
                return new Holding(AckOutcome.OK, lane, p);
            } else {
                inGroup = true;
            }
        }
        AckOutcome outcome = inGroup ? AckOutcome.NOT_OWNER : elsewhere ? AckOutcome.WRONG_GROUP : AckOutcome.UNKNOWN_MESSAGE;
        return new Holding(outcome, null, null);
    }

    /** The lowest committed offset of all lanes; {@link Long#MAX_VALUE} without lanes. */
    long minCommitted() {
        long min = Long.MAX_VALUE;
        for (Lane lane : lanes.values()) {
            min = Math.min(min, lane.committed());
        }
        return min;
    }

    /**
     * Messages not yet done, as the lane furthest behind counts them (exact with one lane); every
     * held message before any group exists.
     */
    long depth(long first, long end) {
        if (lanes.isEmpty()) {
            return Math.max(0, end - first);
        }
        long depth = 0;
        for (Lane lane : lanes.values()) {
            depth = Math.max(depth, lane.notDone(first, end));
        }
        return depth;
    }

    int consumerCount() {
        return consumers.size();
    }

    long pendingCount() {
        long pending = 0;
        for (Lane lane : lanes.values()) {
            pending += lane.pendingCount();
        }
        return pending;
    }

    /** One entry per group name, its lanes (filters) summed up; committed is the lowest of its lanes. */
    List<GroupStats> groupStats(long first, long end) {
        Map<String, long[]> byGroup = new TreeMap<>();
        for (Lane lane : lanes.values()) {
            long[] g = byGroup.computeIfAbsent(lane.key().group(), n -> new long[] {0, Long.MAX_VALUE, 0, 0});
            g[0] += lane.consumerCount();
            g[1] = Math.min(g[1], lane.committed());
            g[2] += lane.lag(first, end);
            g[3] += lane.pendingCount();
        }
        List<GroupStats> out = new ArrayList<>(byGroup.size());
        byGroup.forEach((group, g) -> out.add(new GroupStats(group, (int) g[0], g[1], g[2], g[3])));
        return out;
    }
}
