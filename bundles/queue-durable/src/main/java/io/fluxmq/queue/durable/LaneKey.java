package io.fluxmq.queue.durable;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.queue.ConsumerSpec;
import io.fluxmq.api.topic.TopicFilter;
import java.util.Objects;

/**
 * What one stream of progress on a queue is keyed by: a consumer group, narrowed by the routing
 * filter its consumers gave. Consumers of a group with the same filter share the work; a group
 * whose consumers use different filters has one lane per filter, each with its own position and
 * pending entries (a message that matches two filters is delivered once in each).
 *
 * <p>Stored group keys (the {@code group} argument of the {@code LogStore} group methods): the
 * group name for the unfiltered lane, {@code <group>\0<filter>} for a filtered one, and
 * {@code \0delivered\0<lane key>} for the lane's delivered mark (see {@link Lane}). U+0000 appears
 * in no topic filter and no MQTT string, so the keys parse back without ambiguity; a group name
 * containing it is refused.
 *
 * @param group the group name the consumers gave
 * @param filter the routing filter, or null for every message ({@code #} is the same as null)
 */
record LaneKey(String group, TopicFilter filter) {
    private static final char SEPARATOR = '\u0000';
    private static final String MARK_PREFIX = SEPARATOR + "delivered" + SEPARATOR;

    LaneKey {
        Objects.requireNonNull(group, "group");
        if (group.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("a consumer group name must not contain U+0000");
        }
        if (filter != null && filter.text().equals("#")) {
            filter = null;
        }
    }

    /** The group key under which the lane's committed offset and pending entries are stored. */
    String storedKey() {
        return filter == null ? group : group + SEPARATOR + filter.text();
    }

    /** The group key under which the lane's delivered mark is stored. */
    String markKey() {
        return MARK_PREFIX + storedKey();
    }

    /** Whether a stored group key is a delivered mark rather than a lane. */
    static boolean isMarkKey(String stored) {
        return stored.startsWith(MARK_PREFIX);
    }

    /**
     * The lane a stored group key (a lane key or a mark key) belongs to.
     *
     * @throws IllegalArgumentException when the key's filter part is not a valid topic filter
     */
    static LaneKey parse(String stored) {
        String key = isMarkKey(stored) ? stored.substring(MARK_PREFIX.length()) : stored;
        int separator = key.indexOf(SEPARATOR);
        if (separator < 0) {
            return new LaneKey(key, null);
        }
        return new LaneKey(key.substring(0, separator), TopicFilter.of(key.substring(separator + 1)));
    }

    /**
     * Whether the lane takes the message: its routing key (the topic after
     * {@code $queue/<queue>/}, or the whole topic of a message a binding captured) matches the
     * filter. A message published to {@code $queue/<queue>} itself has an empty routing key, which
     * only the unfiltered lane takes.
     */
    boolean accepts(String queue, Message message) {
        return ConsumerSpec.routes(filter, queue, message.topic());
    }

    @Override
    public String toString() {
        return filter == null ? group : group + " [" + filter.text() + "]";
    }
}
