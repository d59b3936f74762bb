package io.fluxmq.api.topic;

import io.fluxmq.api.topic.InvalidTopicException.Reason;
import java.util.List;
import java.util.Objects;

/**
 * A valid topic filter: what a subscription matches. '+' matches one level, '#' (last level
 * only) matches the parent level and any number of levels below it. A shared subscription
 * {@code $share/<group>/<filter>} is parsed into its {@link #shareGroup()} and the filter proper.
 */
public final class TopicFilter {
    /** The prefix of shared subscriptions. */
    public static final String SHARE_PREFIX = "$share/";

    private final String filter;
    private final String shareGroup;
    private final String[] levels;
    private final boolean wildcard;

    private TopicFilter(String filter, String shareGroup, String[] levels, boolean wildcard) {
        this.filter = filter;
        this.shareGroup = shareGroup;
        this.levels = levels;
        this.wildcard = wildcard;
    }

    /**
     * Parses and validates a filter, including the {@code $share/<group>/} form.
     *
     * @throws InvalidTopicException with the reason of the first rule broken
     */
    public static TopicFilter of(String text) {
        Topics.checkCommon(text);
        String group = null;
        String filter = text;
        if (text.startsWith(SHARE_PREFIX)) {
            int slash = text.indexOf('/', SHARE_PREFIX.length());
            if (slash < 0 || slash == text.length() - 1) {
                throw new InvalidTopicException(Reason.INVALID_SHARED_SUBSCRIPTION, text,
                        "shared subscription needs $share/<group>/<filter>");
            }
            group = text.substring(SHARE_PREFIX.length(), slash);
            if (group.isEmpty() || group.indexOf('+') >= 0 || group.indexOf('#') >= 0) {
                throw new InvalidTopicException(Reason.INVALID_SHARED_SUBSCRIPTION, text,
                        "share name must be non-empty without wildcards");
            }
            filter = text.substring(slash + 1);
        }
        String[] levels = Topics.split(filter);
        boolean wildcard = false;
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.indexOf('#') >= 0) {
                if (!level.equals("#") || i != levels.length - 1) {
                    throw new InvalidTopicException(Reason.MISPLACED_MULTI_LEVEL_WILDCARD, text,
                            "'#' must be alone in the last level");
                }
                wildcard = true;
            } else if (level.indexOf('+') >= 0) {
                if (!level.equals("+")) {
                    throw new InvalidTopicException(Reason.MISPLACED_SINGLE_LEVEL_WILDCARD, text,
                            "'+' must be alone in its level");
                }
                wildcard = true;
            }
        }
        return new TopicFilter(filter, group, levels, wildcard);
    }

    /** True when {@link #of(String)} would accept the text. */
    public static boolean isValid(String text) {
        try {
            of(text);
            return true;
        } catch (InvalidTopicException e) {
            return false;
        }
    }

    /** The filter without any {@code $share/<group>/} prefix. */
    public String filter() {
        return filter;
    }

    /** The share name of a shared subscription, or null. */
    public String shareGroup() {
        return shareGroup;
    }

    public boolean isShared() {
        return shareGroup != null;
    }

    public boolean hasWildcards() {
        return wildcard;
    }

    /** The filter's levels (without the share prefix). */
    public List<String> levels() {
        return List.of(levels);
    }

    public int levelCount() {
        return levels.length;
    }

    public String level(int index) {
        return levels[index];
    }

    /**
     * Whether this filter matches the name, level by level, with the '$' rule: a name starting
     * with '$' is not matched by a filter whose first level is a wildcard (MQTT-4.7.2-1). This is
     * the reference definition; the router's trie gives the same answers faster.
     */
    public boolean matches(TopicName name) {
        String[] topic = name.levelArray();
        if (name.isSystem() && (levels[0].equals("#") || levels[0].equals("+"))) {
            return false;
        }
        int i = 0;
        for (; i < levels.length; i++) {
            String f = levels[i];
            if (f.equals("#")) {
                return true;
            }
            if (i >= topic.length) {
                return false;
            }
            if (!f.equals("+") && !f.equals(topic[i])) {
                return false;
            }
        }
        return i == topic.length;
    }

    /** The text as the client sent it, including any share prefix. */
    public String text() {
        return shareGroup == null ? filter : SHARE_PREFIX + shareGroup + "/" + filter;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicFilter t && t.filter.equals(filter) && Objects.equals(t.shareGroup, shareGroup);
    }

    @Override
    public int hashCode() {
        return filter.hashCode() * 31 + Objects.hashCode(shareGroup);
    }

    @Override
    public String toString() {
        return text();
    }
}
