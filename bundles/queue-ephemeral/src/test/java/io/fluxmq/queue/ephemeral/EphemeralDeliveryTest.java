package io.fluxmq.queue.ephemeral;

import static io.fluxmq.queue.ephemeral.Ephemerals.TIMEOUT;
import static io.fluxmq.queue.ephemeral.Ephemerals.appendRange;
import static io.fluxmq.queue.ephemeral.Ephemerals.config;
import static io.fluxmq.queue.ephemeral.Ephemerals.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fluxmq.api.queue.Queue;
import io.fluxmq.api.queue.QueueConsumer;
import io.fluxmq.api.queue.QueueStats.GroupStats;
import io.fluxmq.queue.testkit.Recorder;
import io.fluxmq.queue.testkit.TestQueueContext;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Who gets what: groups, consumers, credit, routing filters, and when a message is released. */
class EphemeralDeliveryTest {
    private final TestQueueContext context = TestQueueContext.withoutStorage();
    private final EphemeralQueueType type = new EphemeralQueueType(EphemeralSettings.DEFAULTS);

    @AfterEach
    void close() {
        context.close();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    @Test
    void messagesPublishedBeforeAnyGroupWaitForTheFirstGroup() {
        Queue q = type.create(config("e"), context);
        appendRange(q, 0, 5);
        assertThat(q.stats().depth()).isEqualTo(5);
        assertThat(q.stats().bytes()).isEqualTo(10);
        Recorder first = new Recorder();
        q.attach(spec("c1", "g1"), first).addCredit(100);
        await().atMost(TIMEOUT).until(() -> first.count() == 5);
        assertThat(first.offsets()).isEqualTo(range(0, 5));
        assertThat(first.payloads()).containsExactly("m0", "m1", "m2", "m3", "m4");
        await().atMost(TIMEOUT).until(() -> q.stats().depth() == 0);

        Recorder later = new Recorder();
        q.attach(spec("c2", "g2"), later).addCredit(100);
        appendRange(q, 5, 7);
        await().atMost(TIMEOUT).until(() -> later.count() == 2 && first.count() == 7);
        assertThat(later.offsets()).as("a later group starts with the next message").containsExactly(5L, 6L);
    }

    @Test
    void eachMessageGoesToOneConsumerOfEachGroup() {
        Queue q = type.create(config("e"), context);
        Recorder a1 = new Recorder();
        Recorder a2 = new Recorder();
        Recorder b1 = new Recorder();
        Recorder b2 = new Recorder();
        q.attach(spec("a1", "a"), a1).addCredit(100);
        q.attach(spec("a2", "a"), a2).addCredit(100);
        q.attach(spec("b1", "b"), b1).addCredit(100);
        q.attach(spec("b2", "b"), b2).addCredit(100);
        await().atMost(TIMEOUT).until(() -> q.stats().consumers() == 4);
        appendRange(q, 0, 40);
        await().atMost(TIMEOUT).until(() -> a1.count() + a2.count() == 40 && b1.count() + b2.count() == 40);
        for (Recorder[] group : new Recorder[][] {{a1, a2}, {b1, b2}}) {
            List<Long> all = new ArrayList<>(group[0].offsets());
            all.addAll(group[1].offsets());
            assertThat(all).containsExactlyInAnyOrderElementsOf(range(0, 40));
            assertThat(group[0].count()).as("consumers take turns").isBetween(10, 30);
            assertThat(group[0].offsets()).isSorted();
        }
        await().atMost(TIMEOUT).until(() -> q.stats().depth() == 0);
        assertThat(q.stats().delivered()).isEqualTo(80);
    }

    @Test
    void aMessageIsHeldUntilEveryGroupHasIt() {
        Queue q = type.create(config("e"), context);
        Recorder fast = new Recorder();
        Recorder slow = new Recorder();
        q.attach(spec("f", "fast"), fast).addCredit(100);
        QueueConsumer s = q.attach(spec("s", "slow"), slow);
        s.addCredit(2);
        await().atMost(TIMEOUT).until(() -> q.stats().consumers() == 2);
        appendRange(q, 0, 6);
        await().atMost(TIMEOUT).until(() -> fast.count() == 6 && slow.count() == 2);
        await().atMost(TIMEOUT).until(() -> q.stats().depth() == 4);
        assertThat(q.stats().groups()).extracting(GroupStats::group, GroupStats::lag)
                .containsExactly(Tuple.tuple("fast", 0L), Tuple.tuple("slow", 4L));

        s.close();
        await().atMost(TIMEOUT).until(() -> q.stats().groups().size() == 1);
        assertThat(q.stats().depth()).as("the group ended with its last consumer; nobody else needs them").isZero();
    }

    @Test
    void whenTheLastGroupLeavesMessagesWaitForTheNextOne() {
        Queue q = type.create(config("e"), context);
        Recorder r = new Recorder();
        QueueConsumer c = q.attach(spec("c", "g"), r);
        c.addCredit(1);
        appendRange(q, 0, 3);
        await().atMost(TIMEOUT).until(() -> r.count() == 1);
        c.close();
        await().atMost(TIMEOUT).until(() -> q.stats().groups().isEmpty());
        appendRange(q, 3, 4);
        Recorder next = new Recorder();
        q.attach(spec("n", "other"), next).addCredit(100);
        await().atMost(TIMEOUT).until(() -> next.count() == 3);
        assertThat(next.offsets()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void creditIsRespected() {
        Queue q = type.create(config("e"), context);
        appendRange(q, 0, 10);
        Recorder r = new Recorder();
        QueueConsumer c = q.attach(spec("c", "g"), r);
        Ephemerals.assertNoMoreDeliveries(r, 0);
        c.addCredit(3);
        await().atMost(TIMEOUT).until(() -> r.count() == 3);
        Ephemerals.assertNoMoreDeliveries(r, 3);
        c.addCredit(7);
        await().atMost(TIMEOUT).until(() -> r.count() == 10);
        assertThat(r.offsets()).isEqualTo(range(0, 10));
    }

    @Test
    void aLargeBacklogIsDeliveredInTurnsOfTheExecutor() {
        Queue q = type.create(config("e"), context);
        appendRange(q, 0, 2_000);
        Recorder r = new Recorder();
        q.attach(spec("c", "g"), r).addCredit(5_000);
        await().atMost(TIMEOUT).until(() -> r.count() == 2_000);
        assertThat(r.offsets()).isEqualTo(range(0, 2_000));
    }

    @Test
    void routingFiltersPassOverWhatNoConsumerOfTheGroupTakes() {
        Queue q = type.create(config("e"), context);
        Recorder eu = new Recorder();
        Recorder all = new Recorder();
        q.attach(spec("eu", "regional", "eu/#"), eu).addCredit(100);
        q.attach(spec("all", "everything"), all).addCredit(100);
        await().atMost(TIMEOUT).until(() -> q.stats().consumers() == 2);
        for (String key : List.of("eu/fr", "us/ny", "eu")) {
            Ephemerals.await(q.append(Ephemerals.message("e", key, key)));
        }
        await().atMost(TIMEOUT).until(() -> eu.count() == 2 && all.count() == 3);
        assertThat(eu.payloads()).containsExactly("eu/fr", "eu");
        await().atMost(TIMEOUT).until(() -> q.stats().depth() == 0);
    }

    @Test
    void aConsumerIdAttachedAgainReplacesTheFirstAttachment() {
        Queue q = type.create(config("e"), context);
        appendRange(q, 0, 4);
        Recorder old = new Recorder();
        QueueConsumer first = q.attach(spec("same", "g"), old);
        first.addCredit(1);
        await().atMost(TIMEOUT).until(() -> old.count() == 1);
        Recorder fresh = new Recorder();
        q.attach(spec("same", "g"), fresh).addCredit(10);
        first.addCredit(10);
        await().atMost(TIMEOUT).until(() -> fresh.count() == 3);
        Ephemerals.assertNoMoreDeliveries(old, 1);
        assertThat(q.stats().consumers()).isEqualTo(1);
    }

    @Test
    void closingDetachesConsumersAndRefusesAppends() {
        Queue q = type.create(config("e"), context);
        Recorder r = new Recorder();
        q.attach(spec("c", "g"), r).addCredit(10);
        await().atMost(TIMEOUT).until(() -> q.stats().consumers() == 1);
        q.close();
        assertThat(Ephemerals.failure(q.append(Ephemerals.message("e", "k", "late"))))
                .isInstanceOf(IllegalStateException.class);
        await().atMost(TIMEOUT).until(() -> q.stats().consumers() == 0);
        assertThat(r.count()).isZero();
    }
}
