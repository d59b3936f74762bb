package io.fluxmq.mqtt.broker;

/**
 * The configured bounds on topic names and filters: bytes of UTF-8 and levels. The codec already
 * holds every topic to the spec's 65,535 bytes; these are the operator's tighter limits, which
 * keep a client from filling the router's trie with deep or long topics.
 */
public final class TopicLimits {
    private final int maxBytes;
    private final int maxLevels;

    public TopicLimits(int maxBytes, int maxLevels) {
        this.maxBytes = maxBytes;
        this.maxLevels = maxLevels;
    }

    public static TopicLimits of(BrokerSettings s) {
        return new TopicLimits(s.maxTopicLength(), s.maxTopicLevels());
    }

    /**
     * Why the topic name or filter is over a limit, or null when it is within both. A shared
     * subscription's {@code $share/<group>/} prefix counts: the limits bound what the client sent.
     * One pass over the characters, no allocation.
     */
    public String check(String topic) {
        int len = topic.length();
        if (len > maxBytes) { // every char is at least one byte of UTF-8
            return "topic is longer than max.topic.length=" + maxBytes + " bytes";
        }
        int bytes = 0;
        int levels = 1;
        for (int i = 0; i < len; i++) {
            char c = topic.charAt(i);
            if (c == '/') {
                levels++;
            }
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800 || Character.isSurrogate(c)) {
                bytes += 2; // a surrogate pair is four bytes, two per half
            } else {
                bytes += 3;
            }
        }
        if (bytes > maxBytes) {
            return "topic is " + bytes + " bytes, more than max.topic.length=" + maxBytes;
        }
        if (levels > maxLevels) {
            return "topic has " + levels + " levels, more than max.topic.levels=" + maxLevels;
        }
        return null;
    }

    public int maxBytes() {
        return maxBytes;
    }

    public int maxLevels() {
        return maxLevels;
    }
}
