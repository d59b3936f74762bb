package io.fluxmq.queue.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fluxmq.api.queue.AckOutcome;
import io.fluxmq.api.queue.Delivery;
import io.fluxmq.api.queue.QueueStats;
import io.fluxmq.api.queue.QueueStats.GroupStats;
import io.fluxmq.queue.testkit.Recorder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** purge, the statistics, truncation below the lowest committed offset, and closing. */
class PurgeAndStatsTest extends QueueTestSupport {

    @Test
    void purgeRemovesWhatIsNotWithAConsumer() throws Exception {
        DurableQueue queue = open(TestConfig.queue("purged").backoff(Duration.ofMinutes(1), 1, Duration.ofMinutes(1)));
        Recorder r = new Recorder();
        consume(queue, "c", "g", r, 2);
        publish(queue, 5);
        Delivery held = r.next();
        Delivery nacked = r.next();
        assertThat(get(queue.nack("g", "c", nacked.offset()))).isEqualTo(AckOutcome.OK);

        assertThat(get(queue.purge())).as("offsets 2..4 not delivered and offset 1 waiting for redelivery").isEqualTo(4);
        QueueStats stats = queue.stats();
        assertThat(stats.depth()).isEqualTo(1);
        assertThat(stats.pending()).isEqualTo(1);
        assertThat(stats.dropped()).isEqualTo(4);
        assertThat(get(store.loadPending("purged", "g"))).extracting(p -> p.offset()).containsExactly(held.offset());

        assertThat(get(queue.ack("g", "c", held.offset()))).isEqualTo(AckOutcome.OK);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(store.firstOffset("purged")).isEqualTo(5));
        get(queue.append(message("purged", "k", "after")));
        r.expectNothing(Duration.ofMillis(50));
        queue.stats().groups().forEach(g -> assertThat(g.lag()).isEqualTo(1));
    }

    @Test
    void purgeWithoutGroupsEmptiesTheLog() throws Exception {
        DurableQueue queue = open(TestConfig.queue("nobody"));
        publish(queue, 3);
        assertThat(get(queue.purge())).isEqualTo(3);
        assertThat(store.firstOffset("nobody")).isEqualTo(3);
        assertThat(queue.stats().depth()).isZero();
        assertThat(queue.stats().bytes()).isZero();
        get(queue.append(message("nobody", "k", "new")));
        Recorder r = new Recorder();
        consume(queue, "c", "g", r, 10);
        assertThat(r.next().message().payloadAsString()).isEqualTo("new");
        r.expectNothing(Duration.ofMillis(50));
    }

    @Test
    void statisticsPerGroup() throws Exception {
        DurableQueue queue = open(TestConfig.queue("stats"));
        Recorder a1 = new Recorder();
        Recorder a2 = new Recorder();
        Recorder b = new Recorder();
        consume(queue, "a1", "a", a1, 1);
        consume(queue, "a2", "a", a2, 1);
        consume(queue, "b", "b", b, 0);
        for (int i = 0; i < 5; i++) {
            get(queue.append(message("stats", "k", "12345")));
        }
        Delivery first = a1.next();
        a2.next();
        assertThat(get(queue.ack("a", "a1", first.offset()))).isEqualTo(AckOutcome.OK);

        QueueStats stats = queue.stats();
        assertThat(stats.enqueued()).isEqualTo(5);
        assertThat(stats.delivered()).isEqualTo(2);
        assertThat(stats.acknowledged()).isEqualTo(1);
        assertThat(stats.consumers()).isEqualTo(3);
        assertThat(stats.pending()).isEqualTo(1);
        assertThat(stats.depth()).as("group b has done nothing").isEqualTo(5);
        assertThat(stats.bytes()).isEqualTo(25);
        assertThat(stats.groups()).extracting(GroupStats::group, GroupStats::consumers, GroupStats::committedOffset,
                GroupStats::lag, GroupStats::pending).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", 2, 1L, 3L, 1L),
                        org.assertj.core.groups.Tuple.tuple("b", 1, 0L, 5L, 0L));
        assertThat(store.firstOffset("stats")).as("group b holds the log").isZero();
    }

    @Test
    void theLogIsTruncatedOnlyBelowTheLowestCommittedOffsetOfAllGroups() throws Exception {
        DurableQueue queue = open(TestConfig.queue("slowest"));
        Recorder fast = new Recorder(d -> { });
        Recorder slow = new Recorder();
        consume(queue, "fast", "fast", fast, 10);
        consume(queue, "slow", "slow", slow, 10);
        publish(queue, 3);
        for (int i = 0; i < 3; i++) {
            assertThat(get(queue.ack("fast", "fast", fast.next().offset()))).isEqualTo(AckOutcome.OK);
        }
        assertThat(store.firstOffset("slowest")).isZero();
        assertThat(get(queue.ack("slow", "slow", slow.next().offset()))).isEqualTo(AckOutcome.OK);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(store.firstOffset("slowest")).isEqualTo(1));
        assertThat(queue.stats().bytes()).isEqualTo(4);
    }

    @Test
    void aClosedQueueDeliversNothingAndRefusesWork() throws Exception {
        DurableQueue queue = open(TestConfig.queue("closing"));
        Recorder r = new Recorder();
        consume(queue, "c", "g", r, 10);
        publish(queue, 1);
        long offset = r.next().offset();
        queue.close();
        assertThat(failure(queue.append(message("closing", "k", "late")))).isInstanceOf(IllegalStateException.class);
        assertThat(failure(queue.ack("g", "c", offset))).isInstanceOf(IllegalStateException.class);
        r.expectNothing(Duration.ofMillis(100));
        assertThat(get(store.loadPending("closing", "g"))).as("the stored state stays").hasSize(1);
    }
}
