package io.fluxmq.queue.ephemeral;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.queue.ConsumerSpec;
import io.fluxmq.api.queue.OverflowPolicy;
import io.fluxmq.api.queue.Queue;
import io.fluxmq.api.queue.QueueConfig;
import io.fluxmq.api.queue.QueueConfig.Backoff;
import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.queue.testkit.Recorder;
import io.fluxmq.queue.testkit.Stages;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.awaitility.Awaitility;

/** Builders and waits the ephemeral tests share. */
final class Ephemerals {
    static final Duration TIMEOUT = Stages.TIMEOUT;
    /** How long a test watches for something that must not happen. */
    static final Duration QUIET = Duration.ofMillis(300);

    private Ephemerals() {
    }

    static QueueConfig config(String name) {
        return QueueConfig.defaults(name, EphemeralQueueType.NAME);
    }

    static QueueConfig depth(QueueConfig c, long max, OverflowPolicy policy) {
        return new QueueConfig(c.name(), c.type(), c.bindings(), c.retention(), max, policy, c.messageTtl(),
                c.visibilityTimeout(), c.maxDeliveries(), c.backoff(), c.deadLetterQueue(), c.autoCommitInterval());
    }

    static QueueConfig ttl(QueueConfig c, Duration ttl) {
        return new QueueConfig(c.name(), c.type(), c.bindings(), c.retention(), c.maxDepth(), c.overflow(), ttl,
                c.visibilityTimeout(), c.maxDeliveries(), c.backoff(), c.deadLetterQueue(), c.autoCommitInterval());
    }

    static QueueConfig redelivery(QueueConfig c, Duration initialBackoff, int maxDeliveries) {
        return new QueueConfig(c.name(), c.type(), c.bindings(), c.retention(), c.maxDepth(), c.overflow(),
                c.messageTtl(), c.visibilityTimeout(), maxDeliveries,
                new Backoff(initialBackoff, 2.0, Duration.ofMinutes(1)), c.deadLetterQueue(), c.autoCommitInterval());
    }

    static Message message(String queue, String routingKey, String payload) {
        return Message.builder("$queue/" + queue + "/" + routingKey).payload(payload).build();
    }

    /** Appends m{from}..m{to-1} and waits for each. */
    static void appendRange(Queue q, int from, int to) {
        for (int i = from; i < to; i++) {
            await(q.append(message(q.config().name(), "k", "m" + i)));
        }
    }

    static ConsumerSpec spec(String consumer, String group) {
        return new ConsumerSpec(consumer, group, null, null);
    }

    static ConsumerSpec spec(String consumer, String group, String filter) {
        return new ConsumerSpec(consumer, group, TopicFilter.of(filter), null);
    }

    static <T> T await(CompletionStage<T> stage) {
        return Stages.get(stage);
    }

    static Throwable failure(CompletionStage<?> stage) {
        return Stages.failure(stage);
    }

    static void assertNoMoreDeliveries(Recorder r, int expected) {
        Awaitility.await().during(QUIET).atMost(QUIET.plus(TIMEOUT))
                .untilAsserted(() -> assertThat(r.count()).isEqualTo(expected));
    }
}
