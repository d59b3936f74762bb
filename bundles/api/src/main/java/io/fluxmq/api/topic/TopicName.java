package io.fluxmq.api.topic;

import io.fluxmq.api.topic.InvalidTopicException.Reason;
import java.util.List;

/**
 * A valid topic name: what a message is published to. Never contains wildcards. Names starting
 * with '$' (such as {@code $SYS/...}) are system topics that '#' and '+' at the first level do not
 * match (MQTT-4.7.2-1).
 */
public final class TopicName implements Comparable<TopicName> {
    private final String value;
    private volatile String[] levels;

    private TopicName(String value) {
        this.value = value;
    }

    /**
     * @throws InvalidTopicException with the reason of the first rule broken
     */
    public static TopicName of(String value) {
        Topics.checkCommon(value);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '+' || c == '#') {
                throw new InvalidTopicException(Reason.WILDCARD_IN_NAME, value, "topic name contains a wildcard");
            }
        }
        return new TopicName(value);
    }

    /** True when {@link #of(String)} would accept the text. */
    public static boolean isValid(String value) {
        try {
            of(value);
            return true;
        } catch (InvalidTopicException e) {
            return false;
        }
    }

    public String value() {
        return value;
    }

    /** The levels between '/' separators, empty levels included. Computed once. */
    public List<String> levels() {
        return List.of(levelArray());
    }

    /** Internal fast path for matchers: the cached level array. Callers must not modify it. */
    String[] levelArray() {
        String[] l = levels;
        if (l == null) {
            l = Topics.split(value);
            levels = l;
        }
        return l;
    }

    public int levelCount() {
        return levelArray().length;
    }

    public String level(int index) {
        return levelArray()[index];
    }

    /** A '$' topic, excluded from first-level wildcards. */
    public boolean isSystem() {
        return value.charAt(0) == '$';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicName t && t.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public int compareTo(TopicName o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
