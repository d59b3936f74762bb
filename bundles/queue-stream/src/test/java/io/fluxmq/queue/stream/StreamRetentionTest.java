package io.fluxmq.queue.stream;

import static io.fluxmq.queue.stream.Streams.TIMEOUT;
import static io.fluxmq.queue.stream.Streams.appendRange;
import static io.fluxmq.queue.stream.Streams.config;
import static io.fluxmq.queue.stream.Streams.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fluxmq.api.queue.OverflowPolicy;
import io.fluxmq.api.queue.Queue;
import io.fluxmq.api.queue.QueueConfig;
import io.fluxmq.api.queue.QueueConfig.Retention;
import io.fluxmq.api.queue.QueueConsumer;
import io.fluxmq.api.queue.QueueFullException;
import io.fluxmq.api.queue.QueueStats;
import io.fluxmq.queue.testkit.Recorder;
import io.fluxmq.queue.testkit.TestQueueContext;
import io.fluxmq.storage.memory.MemoryLogStore;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retention by count, bytes and age, maximum depth with both policies, message TTL and purge. */
class StreamRetentionTest {
    private final MemoryLogStore store = new MemoryLogStore();
    private final TestQueueContext context = new TestQueueContext(store);
    private final StreamQueueType type = new StreamQueueType(Streams.FAST);

    @AfterEach
    void close() {
        context.close();
    }

    /** Appends ten-byte payloads p0000000..; */
    private static void appendTenBytes(Queue q, int from, int to) {
        for (int i = from; i < to; i++) {
            Streams.await(q.append(Streams.message("s", "k", String.format("p%09d", i))));
        }
    }

    @Test
    void retentionByCountKeepsTheNewest() {
        Queue q = type.create(Streams.retention(config("s"), new Retention(Duration.ZERO, 0, 4)), context);
        appendTenBytes(q, 0, 10);
        await().atMost(TIMEOUT).until(() -> store.firstOffset("s") == 6);
        QueueStats s = q.stats();
        assertThat(s.depth()).isEqualTo(4);
        assertThat(s.bytes()).isEqualTo(40);
        assertThat(s.dropped()).as("no group missed anything").isZero();
        assertThat(s.enqueued()).isEqualTo(10);
    }

    @Test
    void retentionByBytesKeepsWhatFits() {
        Queue q = type.create(Streams.retention(config("s"), new Retention(Duration.ZERO, 35, 0)), context);
        appendTenBytes(q, 0, 10);
        await().atMost(TIMEOUT).until(() -> store.firstOffset("s") == 7);
        assertThat(q.stats().bytes()).isEqualTo(30);
        assertThat(q.stats().depth()).isEqualTo(3);
    }

    @Test
    void retentionByAgeRemovesOldEntriesOnTheCheckInterval() throws InterruptedException {
        Queue q = type.create(Streams.retention(config("s"), new Retention(Duration.ofMillis(1500), 0, 0)), context);
        appendTenBytes(q, 0, 5);
        Thread.sleep(800);
        appendTenBytes(q, 5, 8);
        await().atMost(TIMEOUT).until(() -> store.firstOffset("s") >= 5);
        assertThat(store.firstOffset("s")).as("the younger entries stay until they are old too").isEqualTo(5);
        assertThat(q.stats().bytes()).isEqualTo(30);
        await().atMost(TIMEOUT).until(() -> store.firstOffset("s") == 8);
        assertThat(q.stats().depth()).isZero();
        assertThat(q.stats().bytes()).isZero();
    }

    @Test
    void retentionIgnoresConsumersAndAGroupLeftBehindContinuesAtTheFirstOffset() {
        Queue q = type.create(Streams.retention(config("s"), new Retention(Duration.ZERO, 0, 4)), context);
        Recorder r = new Recorder();
        QueueConsumer c = q.attach(spec("c", "g", null), r);
        c.addCredit(2);
        await().atMost(TIMEOUT).until(() -> q.stats().consumers() == 1);
        appendTenBytes(q, 0, 2);
        await().atMost(TIMEOUT).until(() -> r.count() == 2);
        appendTenBytes(q, 2, 10);
        await().atMost(TIMEOUT).until(() -> store.firstOffset("s") == 6);
        c.addCredit(100);
        await().atMost(TIMEOUT).until(() -> r.count() == 6);
        assertThat(r.offsets()).containsExactly(0L, 1L, 6L, 7L, 8L, 9L);
        assertThat(q.stats().dropped()).as("offsets 2..5, removed before the group had them").isEqualTo(4);
    }

    @Test
    void rejectNewRefusesAppendsAtMaxDepth() {
        Queue q = type.create(Streams.depth(config("s"), 3, OverflowPolicy.REJECT_NEW), context);
        appendTenBytes(q, 0, 3);
        Throwable refused = Streams.failure(q.append(Streams.message("s", "k", "one too many")));
        assertThat(refused).isInstanceOf(QueueFullException.class).hasMessageContaining("'s'");
        assertThat(q.stats().depth()).isEqualTo(3);
        assertThat(q.stats().enqueued()).isEqualTo(3);
        assertThat(store.nextOffset("s")).isEqualTo(3);
    }

    @Test
    void rejectNewCountsAppendsInFlight() {
        Queue q = type.create(Streams.depth(config("s"), 5, OverflowPolicy.REJECT_NEW), context);
        var stages = java.util.stream.IntStream.range(0, 20)
                .mapToObj(i -> q.append(Streams.message("s", "k", "m" + i)).toCompletableFuture()).toList();
        await().atMost(TIMEOUT).until(() -> stages.stream().allMatch(java.util.concurrent.CompletableFuture::isDone));
        assertThat(stages.stream().filter(s -> !s.isCompletedExceptionally()).count()).isEqualTo(5);
        assertThat(store.nextOffset("s")).isEqualTo(5);
    }

    @Test
    void dropOldestAcceptsAndRemovesTheOldest() {
        Queue q = type.create(Streams.depth(config("s"), 5, OverflowPolicy.DROP_OLDEST), context);
        appendTenBytes(q, 0, 8);
        await().atMost(TIMEOUT).until(() -> store.firstOffset("s") == 3);
        assertThat(q.stats().depth()).isEqualTo(5);
        assertThat(q.stats().enqueued()).isEqualTo(8);
        assertThat(q.stats().bytes()).isEqualTo(50);
    }

    @Test
    void dropOldestCountsWhatAGroupHadNotRead() {
        Queue q = type.create(Streams.depth(config("s"), 2, OverflowPolicy.DROP_OLDEST), context);
        q.attach(spec("c", "g", null), new Recorder());
        await().atMost(TIMEOUT).until(() -> q.stats().groups().size() == 1);
        appendTenBytes(q, 0, 6);
        await().atMost(TIMEOUT).until(() -> store.firstOffset("s") == 4);
        assertThat(q.stats().dropped()).isEqualTo(4);
        assertThat(q.stats().groups().get(0).lag()).isEqualTo(2);
    }

    @Test
    void expiredMessagesAreSkippedAtDelivery() throws InterruptedException {
        QueueConfig c = Streams.ttl(config("s"), Duration.ofMillis(200));
        Queue q = type.create(c, context);
        appendRange(q, 0, 3);
        Thread.sleep(300);
        appendRange(q, 3, 5);
        Streams.await(q.append(io.fluxmq.api.message.Message.builder("$queue/s/k").payload("own expiry")
                .expiryIntervalSeconds(1).createdAtMillis(System.currentTimeMillis() - 5_000).build()));
        Recorder r = new Recorder();
        q.attach(spec("c", "g", "earliest"), r).addCredit(100);
        await().atMost(TIMEOUT).until(() -> r.count() == 2);
        Streams.assertNoMoreDeliveries(r, 2);
        assertThat(r.offsets()).containsExactly(3L, 4L);
        assertThat(q.stats().dropped()).isEqualTo(4);
        assertThat(q.stats().depth()).as("expiry skips, retention removes").isEqualTo(6);
    }

    @Test
    void purgeRemovesEverythingAndGroupsMovePast() {
        Queue q = type.create(config("s"), context);
        appendTenBytes(q, 0, 10);
        Recorder r = new Recorder();
        QueueConsumer c = q.attach(spec("c", "g", "earliest"), r);
        c.addCredit(4);
        await().atMost(TIMEOUT).until(() -> r.count() == 4);
        assertThat(Streams.await(q.purge())).isEqualTo(10);
        assertThat(q.stats().depth()).isZero();
        assertThat(q.stats().bytes()).isZero();
        assertThat(q.stats().dropped()).as("the six the group had not read").isEqualTo(6);
        appendTenBytes(q, 10, 12);
        c.addCredit(100);
        await().atMost(TIMEOUT).until(() -> r.count() == 6);
        assertThat(r.offsets().subList(4, 6)).containsExactly(10L, 11L);
        assertThat(q.stats().bytes()).isEqualTo(20);
    }

    @Test
    void reopeningCountsTheBytesAlreadyStoredAndAppliesANewLimit() {
        Queue q = type.create(config("s"), context);
        appendTenBytes(q, 0, 10);
        q.close();
        Queue reopened = type.create(Streams.retention(config("s"), new Retention(Duration.ZERO, 0, 3)), context);
        await().atMost(TIMEOUT).until(() -> store.firstOffset("s") == 7);
        assertThat(reopened.stats().bytes()).isEqualTo(30);
        assertThat(reopened.stats().depth()).isEqualTo(3);
    }
}
