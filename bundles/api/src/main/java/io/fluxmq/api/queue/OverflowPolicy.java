package io.fluxmq.api.queue;

/** What a full queue does with a new message. */
public enum OverflowPolicy {
    /** Refuse the publish (MQTT 5: 0x97 Quota exceeded; AMQP: reject / nack on confirm). */
    REJECT_NEW,
    /** Accept it and drop the oldest message; counted. */
    DROP_OLDEST
}
