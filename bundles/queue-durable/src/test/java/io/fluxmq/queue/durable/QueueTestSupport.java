package io.fluxmq.queue.durable;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.queue.ConsumerSpec;
import io.fluxmq.api.queue.Queue;
import io.fluxmq.api.queue.QueueConsumer;
import io.fluxmq.api.storage.LogStore;
import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.queue.testkit.Recorder;
import io.fluxmq.queue.testkit.Stages;
import io.fluxmq.queue.testkit.TestQueueContext;
import io.fluxmq.storage.memory.MemoryLogStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;

/** What the durable queue tests share: an in-memory log store, a test context, message and await helpers. */
abstract class QueueTestSupport {
    static final Duration TIMEOUT = Stages.TIMEOUT;

    protected final LogStore store = new MemoryLogStore();
    protected TestQueueContext context = new TestQueueContext(store);
    private final List<Queue> opened = new ArrayList<>();
    private final List<TestQueueContext> contexts = new ArrayList<>(List.of(context));

    @AfterEach
    void closeAll() {
        opened.forEach(Queue::close);
        for (TestQueueContext c : contexts) {
            c.close();
        }
    }

    DurableQueue open(TestConfig config) {
        return track(DurableQueue.open(config.build(), context));
    }

    /** A queue whose delivery times, timeouts and TTL use the given clock (epoch milliseconds). */
    DurableQueue open(TestConfig config, LongSupplier clock) {
        return track(DurableQueue.open(config.build(), context, clock));
    }

    DurableQueue track(DurableQueue queue) {
        opened.add(queue);
        return queue;
    }

    /** A new context on the same store, as after a restart of the broker. */
    TestQueueContext restartContext() {
        context = new TestQueueContext(store);
        contexts.add(context);
        return context;
    }

    static Message message(String queue, String routingKey, String payload) {
        return Message.builder("$queue/" + queue + "/" + routingKey).payload(payload).build();
    }

    /** Appends the messages and waits until each is durable; returns their offsets. */
    static List<Long> publish(Queue queue, int count) {
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            offsets.add(get(queue.append(message(queue.config().name(), "k", "m" + i))));
        }
        return offsets;
    }

    static QueueConsumer consume(Queue queue, String consumer, String group, Recorder handler, int credit) {
        return consume(queue, new ConsumerSpec(consumer, group, null, null), handler, credit);
    }

    static QueueConsumer consume(Queue queue, String consumer, String group, String filter, Recorder handler, int credit) {
        return consume(queue, new ConsumerSpec(consumer, group, TopicFilter.of(filter), null), handler, credit);
    }

    static QueueConsumer consume(Queue queue, ConsumerSpec spec, Recorder handler, int credit) {
        QueueConsumer consumer = queue.attach(spec, handler);
        consumer.addCredit(credit);
        return consumer;
    }

    static <T> T get(CompletionStage<T> stage) {
        return Stages.get(stage);
    }

    /** The failure a stage completed with; fails the test when it completes normally. */
    static Throwable failure(CompletionStage<?> stage) {
        return Stages.failure(stage);
    }
}
