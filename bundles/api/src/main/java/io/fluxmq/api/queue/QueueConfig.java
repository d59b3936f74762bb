package io.fluxmq.api.queue;

import io.fluxmq.api.topic.TopicFilter;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A queue's configuration. Limits of 0 mean "no limit"; durations of {@link Duration#ZERO} mean
 * "not set".
 *
 * @param name queue name, unique on the node
 * @param type the {@link QueueType#name()} that implements it
 * @param bindings topic filters whose messages the queue captures, besides {@code $queue/<name>/...}
 * @param retention how long and how much a stream keeps (durable queues: applies to acknowledged data)
 * @param maxDepth maximum number of messages waiting
 * @param overflow what happens at {@code maxDepth}
 * @param messageTtl how long a message may wait before it is dropped
 * @param visibilityTimeout how long a delivery may stay unacknowledged before it is redelivered
 * @param maxDeliveries deliveries after which a message is dead-lettered
 * @param backoff delay before a nacked or timed-out message is redelivered
 * @param deadLetterQueue where dead letters go, or null for {@code <name>-dlq}
 * @param autoCommitInterval streams: how often a group's delivered position is committed without
 *        an explicit ack; {@link Duration#ZERO} commits only on acks
 */
public record QueueConfig(String name, String type, List<TopicFilter> bindings, Retention retention,
        long maxDepth, OverflowPolicy overflow, Duration messageTtl, Duration visibilityTimeout,
        int maxDeliveries, Backoff backoff, String deadLetterQueue, Duration autoCommitInterval) {

    public QueueConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        bindings = List.copyOf(bindings);
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(overflow, "overflow");
        Objects.requireNonNull(messageTtl, "messageTtl");
        Objects.requireNonNull(visibilityTimeout, "visibilityTimeout");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(autoCommitInterval, "autoCommitInterval");
        if (name.isEmpty() || name.indexOf('/') >= 0 || name.indexOf('+') >= 0 || name.indexOf('#') >= 0) {
            throw new IllegalArgumentException("queue name must be non-empty without '/', '+' or '#': " + name);
        }
    }

    /** A configuration with no limits, the default backoff and no dead-letter override. */
    public static QueueConfig defaults(String name, String type) {
        return new QueueConfig(name, type, List.of(), Retention.UNLIMITED, 0, OverflowPolicy.REJECT_NEW,
                Duration.ZERO, Duration.ofSeconds(30), 0, Backoff.DEFAULT, null, Duration.ZERO);
    }

    /** The dead-letter queue's name. */
    public String deadLetterTarget() {
        return deadLetterQueue != null ? deadLetterQueue : name + "-dlq";
    }

    /**
     * Retention limits; 0 or {@link Duration#ZERO} for none.
     */
    public record Retention(Duration maxAge, long maxBytes, long maxMessages) {
        public static final Retention UNLIMITED = new Retention(Duration.ZERO, 0, 0);
    }

    /** Exponential redelivery delay: initial × multiplier^(n-1), capped at max. */
    public record Backoff(Duration initial, double multiplier, Duration max) {
        public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1));

        /** The delay before the {@code attempt}-th redelivery (1-based). */
        public Duration delay(int attempt) {
            double millis = initial.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
            return Duration.ofMillis((long) Math.min(millis, max.toMillis()));
        }
    }
}
