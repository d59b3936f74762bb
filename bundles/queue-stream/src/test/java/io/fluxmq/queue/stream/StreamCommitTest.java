package io.fluxmq.queue.stream;

import static io.fluxmq.queue.stream.Streams.TIMEOUT;
import static io.fluxmq.queue.stream.Streams.appendRange;
import static io.fluxmq.queue.stream.Streams.config;
import static io.fluxmq.queue.stream.Streams.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fluxmq.api.queue.AckOutcome;
import io.fluxmq.api.queue.Delivery;
import io.fluxmq.api.queue.Queue;
import io.fluxmq.api.queue.QueueConfig;
import io.fluxmq.api.queue.QueueConsumer;
import io.fluxmq.api.queue.QueueProperties;
import io.fluxmq.queue.testkit.Recorder;
import io.fluxmq.queue.testkit.TestQueueContext;
import io.fluxmq.storage.memory.MemoryLogStore;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ack, nack, reject and auto-commit: how a group's committed cursor moves and what a restart resumes. */
class StreamCommitTest {
    private final MemoryLogStore store = new MemoryLogStore();
    private final TestQueueContext context = new TestQueueContext(store);
    private final StreamQueueType type = new StreamQueueType(Streams.FAST);

    @AfterEach
    void close() {
        context.close();
    }

    private Recorder readAll(Queue q, String group, int expected) {
        Recorder r = new Recorder();
        q.attach(spec("c-" + group, group, "earliest"), r).addCredit(1000);
        await().atMost(TIMEOUT).until(() -> r.count() == expected);
        return r;
    }

    private long committed(String group) {
        OptionalLong c = Streams.await(store.committedOffset("s", group));
        return c.orElse(-1);
    }

    @Test
    void ackCommitsPastTheOffsetNeverBackwardsAndARestartResumesThere() {
        Queue q = type.create(config("s"), context);
        appendRange(q, 0, 10);
        readAll(q, "g", 10);
        assertThat(Streams.await(q.ack("g", "c-g", 5))).isEqualTo(AckOutcome.OK);
        assertThat(committed("g")).isEqualTo(6);
        assertThat(Streams.await(q.ack("g", "c-g", 2))).as("an older ack is accepted and changes nothing")
                .isEqualTo(AckOutcome.OK);
        assertThat(committed("g")).isEqualTo(6);
        assertThat(q.stats().groups().get(0).committedOffset()).isEqualTo(6);
        assertThat(q.stats().groups().get(0).pending()).isEqualTo(4);
        assertThat(q.stats().acknowledged()).isEqualTo(2);
        q.close();

        Queue reopened = type.create(config("s"), context);
        assertThat(reopened.stats().groups()).singleElement()
                .satisfies(g -> assertThat(g.committedOffset()).isEqualTo(6));
        Recorder r = new Recorder();
        reopened.attach(spec("c2", "g", null), r).addCredit(100);
        await().atMost(TIMEOUT).until(() -> r.count() == 4);
        assertThat(r.offsets()).as("the unacknowledged deliveries are replayed").containsExactly(6L, 7L, 8L, 9L);
        Streams.assertNoMoreDeliveries(r, 4);
    }

    @Test
    void acksOfWhatTheGroupWasNotHandedChangeNothing() {
        Queue q = type.create(config("s"), context);
        appendRange(q, 0, 10);
        Recorder r = new Recorder();
        q.attach(spec("c", "g", "earliest"), r).addCredit(3);
        await().atMost(TIMEOUT).until(() -> r.count() == 3);
        assertThat(Streams.await(q.ack("g", "c", 3))).isEqualTo(AckOutcome.UNKNOWN_MESSAGE);
        assertThat(Streams.await(q.ack("other", "c", 1))).isEqualTo(AckOutcome.UNKNOWN_MESSAGE);
        assertThat(Streams.await(q.nack("g", "c", 7))).isEqualTo(AckOutcome.UNKNOWN_MESSAGE);
        assertThat(Streams.await(q.reject("g", "c", -1, "x"))).isEqualTo(AckOutcome.UNKNOWN_MESSAGE);
        assertThat(committed("g")).as("the position the group started at").isZero();
        assertThat(q.stats().acknowledged()).isZero();
        assertThat(context.deadLetters()).isEmpty();
    }

    @Test
    void autoCommitCommitsTheDeliveredPositionOnItsInterval() {
        QueueConfig c = Streams.autoCommit(config("s"), Duration.ofMillis(50));
        Queue q = type.create(c, context);
        appendRange(q, 0, 10);
        Recorder r = new Recorder();
        q.attach(spec("c", "g", "earliest"), r).addCredit(4);
        await().atMost(TIMEOUT).until(() -> r.count() == 4);
        await().atMost(TIMEOUT).until(() -> committed("g") == 4);
        q.close();

        Queue reopened = type.create(c, context);
        Recorder after = new Recorder();
        reopened.attach(spec("c", "g", null), after).addCredit(100);
        await().atMost(TIMEOUT).until(() -> after.count() == 6);
        assertThat(after.offsets()).containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
    }

    @Test
    void withoutAutoCommitOnlyAcksCommit() {
        Queue q = type.create(config("s"), context);
        appendRange(q, 0, 5);
        readAll(q, "g", 5);
        Streams.assertNoMoreDeliveries(new Recorder(), 0); // lets any timer run
        assertThat(committed("g")).as("only the start position").isZero();
    }

    @Test
    void nackSeeksTheGroupBackForRedeliveryInOrder() {
        Queue q = type.create(Streams.backoff(config("s"), Duration.ZERO), context);
        appendRange(q, 0, 5);
        Recorder r = readAll(q, "g", 5);
        Streams.await(q.ack("g", "c-g", 3));
        assertThat(Streams.await(q.nack("g", "c-g", 2))).isEqualTo(AckOutcome.OK);
        await().atMost(TIMEOUT).until(() -> r.count() == 8);
        assertThat(r.offsets().subList(5, 8)).containsExactly(2L, 3L, 4L);
        assertThat(r.all().subList(5, 8)).extracting(Delivery::deliveryCount).containsOnly(2);
        assertThat(committed("g")).as("committed back, so that a restart redelivers it too").isEqualTo(2);
    }

    @Test
    void nackWaitsForTheBackoff() {
        Queue q = type.create(Streams.backoff(config("s"), Duration.ofMillis(400)), context);
        appendRange(q, 0, 2);
        Recorder r = readAll(q, "g", 2);
        long nacked = System.nanoTime();
        Streams.await(q.nack("g", "c-g", 1));
        await().atMost(TIMEOUT).until(() -> r.count() == 3);
        assertThat(Duration.ofNanos(System.nanoTime() - nacked)).isGreaterThanOrEqualTo(Duration.ofMillis(350));
        assertThat(r.offsets()).containsExactly(0L, 1L, 1L);
    }

    /** Regression: nacks of 2, 3 and 4 in that order left the group at 4, so 2 and 3 were never redelivered. */
    @Test
    void nackingSeveralDeliveriesInOrderRedeliversAllOfThem() {
        Queue q = type.create(Streams.backoff(config("s"), Duration.ofMillis(300)), context);
        appendRange(q, 0, 5);
        Recorder r = readAll(q, "g", 5);
        for (long offset = 2; offset <= 4; offset++) {
            assertThat(Streams.await(q.nack("g", "c-g", offset))).isEqualTo(AckOutcome.OK);
        }
        await().atMost(TIMEOUT).until(() -> r.count() == 8);
        assertThat(r.offsets().subList(5, 8)).containsExactly(2L, 3L, 4L);
        Streams.assertNoMoreDeliveries(r, 8);
        assertThat(committed("g")).isEqualTo(2);
    }

    @Test
    void rejectDeadLettersACopyAndCommitsPastIt() {
        Queue q = type.create(config("s"), context);
        appendRange(q, 0, 3);
        readAll(q, "g", 3);
        assertThat(Streams.await(q.reject("g", "c-g", 1, "poison"))).isEqualTo(AckOutcome.OK);
        assertThat(context.deadLetters()).extracting(TestQueueContext.DeadLetter::target).containsExactly("s-dlq");
        assertThat(context.deadLetters()).extracting(TestQueueContext.DeadLetter::message).singleElement().satisfies(m -> {
            assertThat(m.payloadAsString()).isEqualTo("m1");
            assertThat(m.userProperty(QueueProperties.DEAD_LETTER_QUEUE)).isEqualTo("s");
            assertThat(m.userProperty(QueueProperties.DEAD_LETTER_GROUP)).isEqualTo("g");
            assertThat(m.userProperty(QueueProperties.DEAD_LETTER_TOPIC)).isEqualTo("$queue/s/k");
            assertThat(m.userProperty(QueueProperties.DEAD_LETTER_REASON)).isEqualTo("poison");
            assertThat(m.userProperty(QueueProperties.DEAD_LETTER_TIME)).isNotNull();
        });
        assertThat(committed("g")).isEqualTo(2);
        assertThat(q.stats().deadLettered()).isEqualTo(1);
        assertThat(q.stats().depth()).as("the stream itself is never changed").isEqualTo(3);
    }

    @Test
    void aRejectWhoseDeadLetterFailsChangesNothing() {
        Queue q = type.create(config("s"), context);
        appendRange(q, 0, 3);
        readAll(q, "g", 3);
        context.failDeadLetters(true);
        assertThat(Streams.failure(q.reject("g", "c-g", 1, "poison"))).hasMessageContaining("unavailable");
        assertThat(committed("g")).isZero();
        assertThat(q.stats().deadLettered()).isZero();
    }

    @Test
    void aConsumerIdAttachedAgainReplacesTheFirstAttachment() {
        Queue q = type.create(config("s"), context);
        appendRange(q, 0, 4);
        Recorder old = new Recorder();
        QueueConsumer first = q.attach(spec("same", "g", "earliest"), old);
        first.addCredit(1);
        await().atMost(TIMEOUT).until(() -> old.count() == 1);
        Recorder fresh = new Recorder();
        q.attach(spec("same", "g", null), fresh).addCredit(10);
        first.addCredit(10);
        await().atMost(TIMEOUT).until(() -> fresh.count() == 3);
        Streams.assertNoMoreDeliveries(old, 1);
        assertThat(q.stats().consumers()).isEqualTo(1);
    }

    @Test
    void closingDetachesConsumersAndRefusesAppends() {
        Queue q = type.create(config("s"), context);
        Recorder r = new Recorder();
        q.attach(spec("c", "g", null), r).addCredit(10);
        await().atMost(TIMEOUT).until(() -> q.stats().consumers() == 1);
        q.close();
        assertThat(Streams.failure(q.append(Streams.message("s", "k", "late")))).isInstanceOf(IllegalStateException.class);
        await().atMost(TIMEOUT).until(() -> q.stats().consumers() == 0);
        assertThat(r.count()).isZero();
    }
}
