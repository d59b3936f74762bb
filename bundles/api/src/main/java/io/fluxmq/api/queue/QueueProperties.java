package io.fluxmq.api.queue;

/**
 * Names of the properties a queue delivery carries (MQTT user properties, AMQP application
 * properties). They are reserved: publisher-supplied values are replaced.
 */
public final class QueueProperties {
    /** {@code <queue>:<offset>}, what a consumer acknowledges with. */
    public static final String MESSAGE_ID = "message-id";
    /** The consumer group the delivery was made to. */
    public static final String GROUP_ID = "group-id";
    public static final String QUEUE = "queue";
    public static final String OFFSET = "offset";
    /** The topic the message was published to. */
    public static final String TOPIC = "topic";
    /** How many times this message has been delivered to the group, 1 the first time. */
    public static final String DELIVERY_COUNT = "delivery-count";

    // on dead letters
    public static final String DEAD_LETTER_QUEUE = "dlq-original-queue";
    public static final String DEAD_LETTER_TOPIC = "dlq-original-topic";
    public static final String DEAD_LETTER_GROUP = "dlq-group";
    public static final String DEAD_LETTER_DELIVERY_COUNT = "dlq-delivery-count";
    public static final String DEAD_LETTER_REASON = "dlq-reason";
    /** ISO-8601 instant at which the message was dead-lettered. */
    public static final String DEAD_LETTER_TIME = "dlq-time";

    private QueueProperties() {
    }

    /** Whether a publisher-supplied property of this name is replaced on delivery. */
    public static boolean isReserved(String name) {
        return switch (name) {
            case MESSAGE_ID, GROUP_ID, QUEUE, OFFSET, TOPIC, DELIVERY_COUNT -> true;
            default -> false;
        };
    }
}
