package io.fluxmq.queue.durable;

import io.fluxmq.api.queue.OverflowPolicy;
import io.fluxmq.api.queue.QueueConfig;
import io.fluxmq.api.queue.QueueConfig.Backoff;
import io.fluxmq.api.queue.QueueConfig.Retention;
import java.time.Duration;
import java.util.List;

/** Builds durable queue configurations for tests: the defaults, with what a test changes. */
final class TestConfig {
    private final String name;
    private long maxDepth;
    private OverflowPolicy overflow = OverflowPolicy.REJECT_NEW;
    private Duration messageTtl = Duration.ZERO;
    private Duration visibilityTimeout = Duration.ofSeconds(30);
    private int maxDeliveries;
    private Backoff backoff = Backoff.DEFAULT;
    private String deadLetterQueue;

    private TestConfig(String name) {
        this.name = name;
    }

    static TestConfig queue(String name) {
        return new TestConfig(name);
    }

    TestConfig maxDepth(long depth, OverflowPolicy policy) {
        this.maxDepth = depth;
        this.overflow = policy;
        return this;
    }

    TestConfig messageTtl(Duration ttl) {
        this.messageTtl = ttl;
        return this;
    }

    TestConfig visibilityTimeout(Duration timeout) {
        this.visibilityTimeout = timeout;
        return this;
    }

    TestConfig maxDeliveries(int max) {
        this.maxDeliveries = max;
        return this;
    }

    TestConfig backoff(Duration initial, double multiplier, Duration max) {
        this.backoff = new Backoff(initial, multiplier, max);
        return this;
    }

    /** Redelivery at once after a nack or timeout. */
    TestConfig noBackoff() {
        return backoff(Duration.ZERO, 1, Duration.ZERO);
    }

    TestConfig deadLetterQueue(String target) {
        this.deadLetterQueue = target;
        return this;
    }

    QueueConfig build() {
        return new QueueConfig(name, DurableQueueType.NAME, List.of(), Retention.UNLIMITED, maxDepth, overflow,
                messageTtl, visibilityTimeout, maxDeliveries, backoff, deadLetterQueue, Duration.ZERO);
    }
}
