package io.fluxmq.api.topic;

/**
 * A topic name or filter broke a rule. The {@link Reason} lets a protocol adapter answer with its
 * own code (MQTT 5: 0x90 Topic Name invalid for names, 0x8F Topic Filter invalid for filters).
 */
public final class InvalidTopicException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Which rule was broken. */
    public enum Reason {
        /** Names and filters are at least one character long (MQTT-4.7.3-1). */
        EMPTY,
        /** Longer than 65,535 bytes of UTF-8 (MQTT-1.5.4). */
        TOO_LONG,
        /** Contains U+0000 (MQTT-4.7.3-2). */
        NULL_CHARACTER,
        /** An unpaired UTF-16 surrogate, which has no UTF-8 encoding (MQTT-1.5.4-1). */
        MALFORMED_UTF16,
        /** A topic name with '+' or '#' (MQTT-3.3.2-2). */
        WILDCARD_IN_NAME,
        /** '#' not alone in the last level (MQTT-4.7.1-1). */
        MISPLACED_MULTI_LEVEL_WILDCARD,
        /** '+' not alone in its level (MQTT-4.7.1-2). */
        MISPLACED_SINGLE_LEVEL_WILDCARD,
        /** A shared subscription with an empty or invalid share name, or no filter (MQTT-4.8.2-1, -2). */
        INVALID_SHARED_SUBSCRIPTION
    }

    private final Reason reason;
    private final String topic;

    public InvalidTopicException(Reason reason, String topic, String detail) {
        super(detail + ": '" + abbreviate(topic) + "'");
        this.reason = reason;
        this.topic = topic;
    }

    public Reason reason() {
        return reason;
    }

    /** The offending text, unabbreviated. */
    public String topic() {
        return topic;
    }

    private static String abbreviate(String s) {
        String printable = s.replace("\u0000", "\\u0000");
        return printable.length() <= 100 ? printable : printable.substring(0, 100) + "...";
    }
}
