package io.fluxmq.queue.durable;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.message.UserProperty;
import io.fluxmq.api.queue.QueueConfig;
import io.fluxmq.api.queue.QueueContext;
import io.fluxmq.api.queue.QueueProperties;
import io.fluxmq.queue.durable.PendingDelivery.State;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves messages to the queue's dead-letter target through {@link QueueContext#deadLetter}. The
 * pending entry is removed only once the dead-letter append completed (durable); when it fails,
 * the entry stays pending and the append is tried again after the queue's redelivery backoff
 * (at least {@link #MIN_RETRY}), for as long as the queue is open. Owned by the serial executor.
 */
final class DeadLetters {
    /** The reason given when a consumer rejects without one. */
    static final String REASON_REJECTED = "rejected";
    /** The reason given when a message reached the queue's maximum deliveries. */
    static final String REASON_MAX_DELIVERIES = "max-deliveries";
    static final Duration MIN_RETRY = Duration.ofMillis(100);

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final Set<String> DEAD_LETTER_PROPERTIES = Set.of(QueueProperties.DEAD_LETTER_QUEUE,
            QueueProperties.DEAD_LETTER_TOPIC, QueueProperties.DEAD_LETTER_GROUP,
            QueueProperties.DEAD_LETTER_DELIVERY_COUNT, QueueProperties.DEAD_LETTER_REASON,
            QueueProperties.DEAD_LETTER_TIME);

    private final QueueConfig config;
    private final QueueContext context;
    private final SerialTasks tasks;
    private final Counters counters;
    private final LongSupplier clock;

    DeadLetters(QueueConfig config, QueueContext context, SerialTasks tasks, Counters counters, LongSupplier clock) {
        this.config = config;
        this.context = context;
        this.tasks = tasks;
        this.counters = counters;
        this.clock = clock;
    }

    /** Starts moving a pending delivery of the lane to the dead-letter target. */
    void move(Lane lane, PendingDelivery p, String reason) {
        p.state = State.DEAD_LETTERING;
        lane.withdraw(p);
        attempt(lane, p, reason, 1);
    }

    private void attempt(Lane lane, PendingDelivery p, String reason, int attempt) {
        String target = config.deadLetterTarget();
        CompletionStage<Long> append;
        try {
            append = context.deadLetter(target, letter(lane.key().group(), p, reason));
        } catch (RuntimeException e) {
            append = CompletableFuture.failedFuture(e);
        }
        tasks.whenDone(append, (offset, failure) -> {
            if (failure == null) {
                counters.deadLettered++;
                lane.finish(p);
                lane.dispatch();
                return;
            }
            Duration retry = config.backoff().delay(attempt);
            if (retry.compareTo(MIN_RETRY) < 0) {
                retry = MIN_RETRY;
            }
            LOG.warn("QUEUE-2001 queue '{}': moving the message at offset {} (group {}, reason '{}') to the"
                    + " dead-letter queue '{}' failed (attempt {}); it stays pending, next attempt in {} ms: {}",
                    config.name(), p.offset(), lane.key(), reason, target, attempt, retry.toMillis(), failure.toString());
            tasks.schedule(() -> attempt(lane, p, reason, attempt + 1), retry);
        });
    }

    /**
     * The dead letter: the original message with the {@code dlq-*} properties of this move in
     * place of any it carried (a message dead-lettered twice names its last queue).
     */
    private Message letter(String group, PendingDelivery p, String reason) {
        Message original = p.entry.message();
        List<UserProperty> kept = original.userProperties().stream()
                .filter(prop -> !DEAD_LETTER_PROPERTIES.contains(prop.name())).toList();
        return original.toBuilder().userProperties(kept)
                .userProperty(QueueProperties.DEAD_LETTER_QUEUE, config.name())
                .userProperty(QueueProperties.DEAD_LETTER_TOPIC, original.topic().value())
                .userProperty(QueueProperties.DEAD_LETTER_GROUP, group)
                .userProperty(QueueProperties.DEAD_LETTER_DELIVERY_COUNT, Integer.toString(p.deliveryCount))
                .userProperty(QueueProperties.DEAD_LETTER_REASON, reason)
                .userProperty(QueueProperties.DEAD_LETTER_TIME, Instant.ofEpochMilli(clock.getAsLong()).toString())
                .build();
    }
}
