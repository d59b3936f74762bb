package io.fluxmq.queue.stream;

import static io.fluxmq.queue.stream.Streams.TIMEOUT;
import static io.fluxmq.queue.stream.Streams.appendRange;
import static io.fluxmq.queue.stream.Streams.config;
import static io.fluxmq.queue.stream.Streams.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fluxmq.api.queue.Delivery;
import io.fluxmq.api.queue.Queue;
import io.fluxmq.api.queue.QueueConsumer;
import io.fluxmq.api.queue.QueueStats.GroupStats;
import io.fluxmq.queue.testkit.Recorder;
import io.fluxmq.queue.testkit.TestQueueContext;
import io.fluxmq.storage.memory.MemoryLogStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Cursors, groups and credit: where a group reads from and who gets what. */
class StreamReplayTest {
    private final MemoryLogStore store = new MemoryLogStore();
    private final TestQueueContext context = new TestQueueContext(store);
    private final StreamQueueType type = new StreamQueueType(Streams.FAST);

    @AfterEach
    void close() {
        context.close();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    @Test
    void earliestReplaysTheWholeLogInOrder() {
        Queue q = type.create(config("s"), context);
        appendRange(q, 0, 10);
        Recorder r = new Recorder();
        q.attach(spec("c1", "g", "earliest"), r).addCredit(100);
        await().atMost(TIMEOUT).until(() -> r.count() == 10);
        assertThat(r.offsets()).isEqualTo(range(0, 10));
        assertThat(r.payloads()).startsWith("m0", "m1");
        assertThat(r.all()).allSatisfy(d -> {
            assertThat(d.queue()).isEqualTo("s");
            assertThat(d.group()).isEqualTo("g");
            assertThat(d.deliveryCount()).isEqualTo(1);
        });
    }

    @Test
    void anOffsetCursorStartsThereAndIsClampedToTheLog() {
        Queue q = type.create(config("s"), context);
        appendRange(q, 0, 10);
        Recorder r = new Recorder();
        q.attach(spec("c1", "g", "7"), r).addCredit(100);
        await().atMost(TIMEOUT).until(() -> r.count() == 3);
        assertThat(r.offsets()).containsExactly(7L, 8L, 9L);

        Recorder beyond = new Recorder();
        q.attach(spec("c2", "g2", "1000"), beyond).addCredit(100);
        appendRange(q, 10, 11);
        await().atMost(TIMEOUT).until(() -> beyond.count() == 1);
        assertThat(beyond.offsets()).as("an offset beyond the end reads as latest").containsExactly(10L);
    }

    @Test
    void aTimestampCursorStartsAtTheFirstEntryAppendedAtOrAfterIt() throws InterruptedException {
        Queue q = type.create(config("s"), context);
        appendRange(q, 0, 7);
        Thread.sleep(30);
        Instant between = Instant.now();
        Thread.sleep(30);
        appendRange(q, 7, 12);
        Recorder r = new Recorder();
        q.attach(spec("c1", "g", between.toString()), r).addCredit(100);
        await().atMost(TIMEOUT).until(() -> r.count() == 5);
        assertThat(r.offsets()).isEqualTo(range(7, 12));

        Recorder before = new Recorder();
        q.attach(spec("c2", "g2", "2000-01-01T00:00:00+01:00"), before).addCredit(100);
        await().atMost(TIMEOUT).until(() -> before.count() == 12);
        assertThat(before.offsets()).isEqualTo(range(0, 12));

        Recorder after = new Recorder();
        q.attach(spec("c3", "g3", Instant.now().plusSeconds(3600).toString()), after).addCredit(100);
        appendRange(q, 12, 13);
        await().atMost(TIMEOUT).until(() -> after.count() == 1);
        assertThat(after.offsets()).as("a time after the last entry reads from the end").containsExactly(12L);
    }

    @Test
    void latestAndANewGroupWithoutCursorReadOnlyNewMessages() {
        Queue q = type.create(config("s"), context);
        appendRange(q, 0, 5);
        Recorder latest = new Recorder();
        Recorder none = new Recorder();
        q.attach(spec("c1", "g1", "latest"), latest).addCredit(100);
        q.attach(spec("c2", "g2", null), none).addCredit(100);
        await().atMost(TIMEOUT).until(() -> q.stats().groups().size() == 2
                && q.stats().groups().stream().allMatch(g -> g.committedOffset() == 5));
        appendRange(q, 5, 7);
        await().atMost(TIMEOUT).until(() -> latest.count() == 2 && none.count() == 2);
        assertThat(latest.offsets()).containsExactly(5L, 6L);
        assertThat(none.offsets()).containsExactly(5L, 6L);
    }

    @Test
    void twoGroupsReadIndependentlyAtDifferentPositions() {
        Queue q = type.create(config("s"), context);
        appendRange(q, 0, 10);
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        q.attach(spec("a", "ga", "earliest"), a).addCredit(100);
        QueueConsumer cb = q.attach(spec("b", "gb", "6"), b);
        cb.addCredit(2);
        await().atMost(TIMEOUT).until(() -> a.count() == 10 && b.count() == 2);
        assertThat(a.offsets()).isEqualTo(range(0, 10));
        assertThat(b.offsets()).containsExactly(6L, 7L);

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(q.stats().groups())
                .extracting(GroupStats::group, GroupStats::consumers, GroupStats::lag)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ga", 1, 0L),
                        org.assertj.core.groups.Tuple.tuple("gb", 1, 2L)));
        assertThat(q.stats().depth()).isEqualTo(10);
        assertThat(q.stats().delivered()).isEqualTo(12);
    }

    @Test
    void consumersOfOneGroupShareItsPositionRoundRobin() {
        Queue q = type.create(config("s"), context);
        Recorder r1 = new Recorder();
        Recorder r2 = new Recorder();
        q.attach(spec("c1", "g", "earliest"), r1).addCredit(100);
        q.attach(spec("c2", "g", null), r2).addCredit(100);
        await().atMost(TIMEOUT).until(() -> q.stats().consumers() == 2);
        appendRange(q, 0, 20);
        await().atMost(TIMEOUT).until(() -> r1.count() + r2.count() == 20);
        List<Long> all = new ArrayList<>(r1.offsets());
        all.addAll(r2.offsets());
        assertThat(all).containsExactlyInAnyOrderElementsOf(range(0, 20));
        assertThat(r1.count()).as("both consumers take turns").isBetween(5, 15);
        assertThat(r1.offsets()).isSorted();
        assertThat(r2.offsets()).isSorted();
    }

    @Test
    void aCursorForAnExistingGroupSeeksItBack() {
        Queue q = type.create(config("s"), context);
        appendRange(q, 0, 6);
        Recorder first = new Recorder();
        QueueConsumer c = q.attach(spec("c1", "g", "earliest"), first);
        c.addCredit(100);
        await().atMost(TIMEOUT).until(() -> first.count() == 6);
        c.close();

        Recorder replay = new Recorder();
        q.attach(spec("c2", "g", "2"), replay).addCredit(100);
        await().atMost(TIMEOUT).until(() -> replay.count() == 4);
        assertThat(replay.offsets()).containsExactly(2L, 3L, 4L, 5L);
        assertThat(replay.all()).extracting(Delivery::deliveryCount).as("seen before").containsOnly(2);
        await().atMost(TIMEOUT).until(() -> q.stats().groups().get(0).committedOffset() == 2);
    }

    @Test
    void creditIsRespected() {
        Queue q = type.create(config("s"), context);
        appendRange(q, 0, 10);
        Recorder r = new Recorder();
        QueueConsumer c = q.attach(spec("c1", "g", "earliest"), r);
        Streams.assertNoMoreDeliveries(r, 0);
        c.addCredit(3);
        await().atMost(TIMEOUT).until(() -> r.count() == 3);
        Streams.assertNoMoreDeliveries(r, 3);
        c.addCredit(2);
        await().atMost(TIMEOUT).until(() -> r.count() == 5);
        Streams.assertNoMoreDeliveries(r, 5);
        assertThat(r.offsets()).isEqualTo(range(0, 5));
        assertThat(q.stats().groups().get(0).lag()).isEqualTo(5);
    }

    @Test
    void routingFiltersPassOverWhatNoConsumerOfTheGroupTakes() {
        Queue q = type.create(config("s"), context);
        Recorder eu = new Recorder();
        Recorder us = new Recorder();
        q.attach(spec("eu", "g", "eu/#", "earliest"), eu).addCredit(100);
        q.attach(spec("us", "g", "us/+", null), us).addCredit(100);
        await().atMost(TIMEOUT).until(() -> q.stats().consumers() == 2);
        for (String key : List.of("eu/fr/paris", "us/ny", "asia/jp", "eu", "us/ca/sf", "us/tx")) {
            Streams.await(q.append(Streams.message("s", key, key)));
        }
        await().atMost(TIMEOUT).until(() -> eu.count() == 2 && us.count() == 2);
        assertThat(eu.payloads()).containsExactly("eu/fr/paris", "eu");
        assertThat(us.payloads()).containsExactly("us/ny", "us/tx");
        await().atMost(TIMEOUT).until(() -> q.stats().groups().get(0).lag() == 0);
    }

    @Test
    void aBadCursorIsRefusedWhenAttaching() {
        Queue q = type.create(config("s"), context);
        assertThatThrownBy(() -> q.attach(spec("c", "g", "yesterday"), new Recorder()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("yesterday");
    }

    @Test
    void deliveriesRunOnTheQueuesExecutorNotTheCallers() {
        Queue q = type.create(config("s"), context);
        appendRange(q, 0, 1);
        List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        q.attach(spec("c", "g", "earliest"), d -> threads.add(Thread.currentThread().getName())).addCredit(1);
        await().atMost(TIMEOUT).until(() -> threads.size() == 1);
        assertThat(threads).containsExactly("test-queue-pool");
    }
}
