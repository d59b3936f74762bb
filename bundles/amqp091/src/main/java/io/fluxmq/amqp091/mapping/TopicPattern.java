package io.fluxmq.amqp091.mapping;

/**
 * An AMQP topic exchange's binding pattern: words separated by {@code .}, where {@code *} matches
 * exactly one word and {@code #} zero or more.
 */
public final class TopicPattern {
    private final String[] words;

    public TopicPattern(String pattern) {
        this.words = pattern.split("\\.", -1);
    }

    public boolean matches(String routingKey) {
        String[] key = routingKey.split("\\.", -1);
        // reachable[j]: the pattern words so far can match the first j key words
        boolean[] reachable = new boolean[key.length + 1];
        reachable[0] = true;
        for (String w : words) {
            boolean[] next = new boolean[key.length + 1];
            for (int j = 0; j <= key.length; j++) {
                if (!reachable[j]) {
                    continue;
                }
                if (w.equals("#")) {
                    for (int k = j; k <= key.length; k++) {
                        next[k] = true;
                    }
                    break;
                }
                if (j < key.length && (w.equals("*") || w.equals(key[j]))) {
                    next[j + 1] = true;
                }
            }
            reachable = next;
        }
        return reachable[key.length];
    }
}
