package io.fluxmq.queue.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.queue.ConsumerSpec;
import io.fluxmq.api.queue.OverflowPolicy;
import io.fluxmq.api.queue.Queue;
import io.fluxmq.api.queue.QueueConfig;
import io.fluxmq.api.queue.QueueConfig.Backoff;
import io.fluxmq.api.queue.QueueConfig.Retention;
import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.queue.testkit.Recorder;
import io.fluxmq.queue.testkit.Stages;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Builders and waits the stream tests share. */
final class Streams {
    static final Duration TIMEOUT = Stages.TIMEOUT;
    /** How long a test watches for something that must not happen. */
    static final Duration QUIET = Duration.ofMillis(300);
    static final StreamSettings FAST = new StreamSettings(4, Duration.ofMillis(50));

    private Streams() {
    }

    static QueueConfig config(String name) {
        return QueueConfig.defaults(name, StreamQueueType.NAME);
    }

    static QueueConfig retention(QueueConfig c, Retention r) {
        return new QueueConfig(c.name(), c.type(), c.bindings(), r, c.maxDepth(), c.overflow(), c.messageTtl(),
                c.visibilityTimeout(), c.maxDeliveries(), c.backoff(), c.deadLetterQueue(), c.autoCommitInterval());
    }

    static QueueConfig depth(QueueConfig c, long max, OverflowPolicy policy) {
        return new QueueConfig(c.name(), c.type(), c.bindings(), c.retention(), max, policy, c.messageTtl(),
                c.visibilityTimeout(), c.maxDeliveries(), c.backoff(), c.deadLetterQueue(), c.autoCommitInterval());
    }

    static QueueConfig ttl(QueueConfig c, Duration ttl) {
        return new QueueConfig(c.name(), c.type(), c.bindings(), c.retention(), c.maxDepth(), c.overflow(), ttl,
                c.visibilityTimeout(), c.maxDeliveries(), c.backoff(), c.deadLetterQueue(), c.autoCommitInterval());
    }

    static QueueConfig backoff(QueueConfig c, Duration initial) {
        return new QueueConfig(c.name(), c.type(), c.bindings(), c.retention(), c.maxDepth(), c.overflow(),
                c.messageTtl(), c.visibilityTimeout(), c.maxDeliveries(), new Backoff(initial, 2.0, Duration.ofMinutes(1)),
                c.deadLetterQueue(), c.autoCommitInterval());
    }

    static QueueConfig autoCommit(QueueConfig c, Duration interval) {
        return new QueueConfig(c.name(), c.type(), c.bindings(), c.retention(), c.maxDepth(), c.overflow(),
                c.messageTtl(), c.visibilityTimeout(), c.maxDeliveries(), c.backoff(), c.deadLetterQueue(), interval);
    }

    static Message message(String queue, String routingKey, String payload) {
        return Message.builder("$queue/" + queue + "/" + routingKey).payload(payload).build();
    }

    /** Appends {@code payloads} in order, each after the previous one is durable; returns the offsets. */
    static List<Long> append(Queue q, String... payloads) {
        return java.util.Arrays.stream(payloads)
                .map(p -> await(q.append(message(q.config().name(), "k", p))))
                .toList();
    }

    /** Appends messages m{from}..m{to-1}. */
    static void appendRange(Queue q, int from, int to) {
        for (int i = from; i < to; i++) {
            await(q.append(message(q.config().name(), "k", "m" + i)));
        }
    }

    static ConsumerSpec spec(String consumer, String group, String cursor) {
        return new ConsumerSpec(consumer, group, null, cursor);
    }

    static ConsumerSpec spec(String consumer, String group, String filter, String cursor) {
        return new ConsumerSpec(consumer, group, TopicFilter.of(filter), cursor);
    }

    static <T> T await(CompletionStage<T> stage) {
        return Stages.get(stage);
    }

    static Throwable failure(CompletionStage<?> stage) {
        return Stages.failure(stage);
    }

    static void assertNoMoreDeliveries(Recorder r, int expected) {
        org.awaitility.Awaitility.await().during(QUIET).atMost(QUIET.plus(TIMEOUT))
                .untilAsserted(() -> assertThat(r.count()).isEqualTo(expected));
    }
}
