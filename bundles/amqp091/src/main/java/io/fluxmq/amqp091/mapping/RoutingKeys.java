package io.fluxmq.amqp091.mapping;

import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.api.topic.TopicName;

/**
 * AMQP routing keys and MQTT topics name the same thing with different separators: an AMQP key
 * {@code a.b.c} is the MQTT topic {@code a/b/c}, a binding pattern {@code a.*.#} the filter
 * {@code a/+/#}. The conversion swaps {@code .} and {@code /} (so it is its own inverse and keeps
 * every key that holds a {@code /}) and maps the wildcard words {@code *} and {@code #}.
 */
public final class RoutingKeys {
    private RoutingKeys() {
    }

    /** Swaps {@code .} and {@code /}; applied to a key it gives the topic, to a topic the key. */
    public static String swap(String s) {
        char[] c = s.toCharArray();
        for (int i = 0; i < c.length; i++) {
            if (c[i] == '.') {
                c[i] = '/';
            } else if (c[i] == '/') {
                c[i] = '.';
            }
        }
        return new String(c);
    }

    /** The MQTT topic name of a routing key, or null when it is none (empty, or holding {@code +}, {@code #}). */
    public static String topicOf(String routingKey) {
        if (routingKey.isEmpty() || routingKey.indexOf('+') >= 0 || routingKey.indexOf('#') >= 0
                || routingKey.indexOf('\0') >= 0) {
            return null;
        }
        String topic = swap(routingKey);
        return TopicName.isValid(topic) ? topic : null;
    }

    /**
     * The MQTT filter that selects at least the topics of the keys this AMQP topic pattern matches,
     * and whether it selects exactly those. Words that MQTT cannot express ({@code #} before the
     * last word, words holding {@code +} or {@code #}) cut the filter there and end it with
     * {@code #}; such subscriptions filter with {@link TopicPattern} too.
     */
    public static Filter filterOf(String pattern) {
        String[] words = pattern.split("\\.", -1);
        StringBuilder filter = new StringBuilder();
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            boolean last = i == words.length - 1;
            if (i > 0) {
                filter.append('/');
            }
            if (w.equals("#")) {
                filter.append('#');
                return new Filter(filter.toString(), last);
            }
            if (w.equals("*")) {
                filter.append('+');
            } else if (w.indexOf('+') >= 0 || w.indexOf('#') >= 0 || w.indexOf('/') >= 0 || w.indexOf('\0') >= 0) {
                filter.append('#');
                return new Filter(filter.toString(), false);
            } else {
                filter.append(w);
            }
        }
        String f = filter.toString();
        return TopicFilter.isValid(f) ? new Filter(f, true) : new Filter("#", false);
    }

    /** The MQTT form of an AMQP topic pattern. @param exact whether it selects no more than the pattern */
    public record Filter(String filter, boolean exact) {
    }
}
