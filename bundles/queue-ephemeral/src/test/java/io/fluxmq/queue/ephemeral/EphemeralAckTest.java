package io.fluxmq.queue.ephemeral;

import static io.fluxmq.queue.ephemeral.Ephemerals.TIMEOUT;
import static io.fluxmq.queue.ephemeral.Ephemerals.appendRange;
import static io.fluxmq.queue.ephemeral.Ephemerals.config;
import static io.fluxmq.queue.ephemeral.Ephemerals.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fluxmq.api.queue.AckOutcome;
import io.fluxmq.api.queue.Delivery;
import io.fluxmq.api.queue.Queue;
import io.fluxmq.api.queue.QueueConfig;
import io.fluxmq.api.queue.QueueConsumer;
import io.fluxmq.queue.testkit.Recorder;
import io.fluxmq.queue.testkit.TestQueueContext;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The best-effort acknowledgement model: what ack, nack and reject answer and do. */
class EphemeralAckTest {
    private final TestQueueContext context = TestQueueContext.withoutStorage();
    private final EphemeralQueueType type = new EphemeralQueueType(EphemeralSettings.DEFAULTS);

    @AfterEach
    void close() {
        context.close();
    }

    private static AckOutcome outcome(CompletionStage<AckOutcome> stage) {
        return Ephemerals.await(stage);
    }

    @Test
    void ackAnswersForDeliveriesMadeAndOnlyOnce() {
        Queue q = type.create(config("e"), context);
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        q.attach(spec("a", "g"), a).addCredit(1);
        q.attach(spec("other-group", "h"), b).addCredit(1);
        await().atMost(TIMEOUT).until(() -> q.stats().consumers() == 2);
        appendRange(q, 0, 2);
        await().atMost(TIMEOUT).until(() -> a.count() == 1 && b.count() == 1);
        await().atMost(TIMEOUT).until(() -> q.stats().pending() == 2);

        assertThat(outcome(q.ack("g", "someone-else", 0))).isEqualTo(AckOutcome.NOT_OWNER);
        assertThat(outcome(q.ack("nope", "a", 0))).as("held by other groups, not this one").isEqualTo(AckOutcome.WRONG_GROUP);
        assertThat(outcome(q.ack("g", "a", 1))).as("not delivered").isEqualTo(AckOutcome.UNKNOWN_MESSAGE);
        assertThat(q.stats().acknowledged()).as("refusals change nothing").isZero();
        assertThat(outcome(q.ack("g", "a", 0))).isEqualTo(AckOutcome.OK);
        assertThat(outcome(q.ack("g", "a", 0))).isEqualTo(AckOutcome.UNKNOWN_MESSAGE);
        assertThat(q.stats().acknowledged()).isEqualTo(1);
        assertThat(q.stats().pending()).isEqualTo(1);
    }

    @Test
    void nackRequeuesInMemoryToTheGroupEvenItsOnlyConsumer() {
        Queue q = type.create(Ephemerals.redelivery(config("e"), Duration.ZERO, 0), context);
        Recorder r = new Recorder();
        q.attach(spec("c", "g"), r).addCredit(10);
        appendRange(q, 0, 3);
        await().atMost(TIMEOUT).until(() -> r.count() == 3);
        assertThat(outcome(q.nack("g", "c", 1))).isEqualTo(AckOutcome.OK);
        await().atMost(TIMEOUT).until(() -> r.count() == 4);
        Delivery again = r.all().get(3);
        assertThat(again.offset()).isEqualTo(1);
        assertThat(again.deliveryCount()).isEqualTo(2);
        assertThat(again.message().payloadAsString()).isEqualTo("m1");
        assertThat(outcome(q.ack("g", "c", 1))).as("the redelivery can be acknowledged").isEqualTo(AckOutcome.OK);
    }

    @Test
    void withoutAVisibilityTimeoutWhatADetachedConsumerHeldGoesToTheNextOne() {
        QueueConfig d = config("e");
        Queue q = type.create(new QueueConfig(d.name(), d.type(), d.bindings(), d.retention(), d.maxDepth(),
                d.overflow(), d.messageTtl(), Duration.ZERO, 0, d.backoff(), null, d.autoCommitInterval()), context);
        Recorder first = new Recorder();
        QueueConsumer c = q.attach(spec("c", "g"), first);
        c.addCredit(2);
        appendRange(q, 0, 3);
        await().atMost(TIMEOUT).until(() -> first.count() == 2);
        assertThat(outcome(q.ack("g", "c", 0))).isEqualTo(AckOutcome.OK);
        c.close();
        await().atMost(TIMEOUT).until(() -> q.stats().consumers() == 0);
        assertThat(q.stats().depth()).as("offset 1 held, offset 2 never delivered").isEqualTo(2);

        Recorder next = new Recorder();
        q.attach(spec("d", "g"), next).addCredit(10);
        await().atMost(TIMEOUT).until(() -> next.count() == 2);
        assertThat(next.offsets()).containsExactly(1L, 2L);
        assertThat(next.all()).extracting(Delivery::deliveryCount).containsExactly(2, 1);
        Ephemerals.assertNoMoreDeliveries(next, 2);
    }

    @Test
    void withoutAVisibilityTimeoutNoDeliveryIsForgottenBeyondTheUnackedBound() {
        QueueConfig d = config("e");
        Queue q = new EphemeralQueueType(new EphemeralSettings(100, 1_000_000, 2)).create(new QueueConfig(d.name(),
                d.type(), d.bindings(), d.retention(), d.maxDepth(), d.overflow(), d.messageTtl(), Duration.ZERO, 0,
                d.backoff(), null, d.autoCommitInterval()), context);
        Recorder r = new Recorder();
        QueueConsumer c = q.attach(spec("c", "g"), r);
        c.addCredit(5);
        appendRange(q, 0, 5);
        await().atMost(TIMEOUT).until(() -> r.count() == 5);
        assertThat(outcome(q.ack("g", "c", 0))).as("remembered although above the bound of 2").isEqualTo(AckOutcome.OK);
        c.close();
        Recorder next = new Recorder();
        q.attach(spec("d", "g"), next).addCredit(10);
        await().atMost(TIMEOUT).until(() -> next.count() == 4);
        assertThat(next.offsets()).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void nackWaitsForTheBackoffAndMaxDeliveriesDropsTheMessage() {
        Queue q = type.create(Ephemerals.redelivery(config("e"), Duration.ofMillis(300), 2), context);
        Recorder r = new Recorder();
        q.attach(spec("c", "g"), r).addCredit(10);
        appendRange(q, 0, 1);
        await().atMost(TIMEOUT).until(() -> r.count() == 1);
        long nacked = System.nanoTime();
        outcome(q.nack("g", "c", 0));
        assertThat(q.stats().depth()).as("waiting for its redelivery").isEqualTo(1);
        await().atMost(TIMEOUT).until(() -> r.count() == 2);
        assertThat(Duration.ofNanos(System.nanoTime() - nacked)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        assertThat(outcome(q.nack("g", "c", 0))).isEqualTo(AckOutcome.OK);
        Ephemerals.assertNoMoreDeliveries(r, 2);
        assertThat(q.stats().dropped()).as("delivered twice, the maximum").isEqualTo(1);
        assertThat(q.stats().depth()).isZero();
    }

    @Test
    void rejectDropsTheMessageWithoutADeadLetterQueue() {
        Queue q = type.create(config("e"), context);
        Recorder r = new Recorder();
        q.attach(spec("c", "g"), r).addCredit(10);
        appendRange(q, 0, 1);
        await().atMost(TIMEOUT).until(() -> r.count() == 1);
        assertThat(outcome(q.reject("g", "c", 0, "poison"))).isEqualTo(AckOutcome.OK);
        assertThat(q.stats().dropped()).isEqualTo(1);
        assertThat(q.stats().deadLettered()).isZero();
        assertThat(outcome(q.ack("g", "c", 0))).isEqualTo(AckOutcome.UNKNOWN_MESSAGE);
        Ephemerals.assertNoMoreDeliveries(r, 1);
    }

    @Test
    void onlyTheConfiguredNumberOfDeliveriesIsRemembered() {
        Queue q = new EphemeralQueueType(new EphemeralSettings(100, 1_000_000, 2)).create(config("e"), context);
        Recorder r = new Recorder();
        q.attach(spec("c", "g"), r).addCredit(10);
        appendRange(q, 0, 3);
        await().atMost(TIMEOUT).until(() -> r.count() == 3);
        assertThat(outcome(q.ack("g", "c", 0))).as("forgotten").isEqualTo(AckOutcome.UNKNOWN_MESSAGE);
        assertThat(outcome(q.ack("g", "c", 1))).isEqualTo(AckOutcome.OK);
        assertThat(outcome(q.ack("g", "c", 2))).isEqualTo(AckOutcome.OK);
    }

    @Test
    void aDetachedConsumersDeliveriesAreDoneNotRedelivered() {
        Queue q = type.create(config("e"), context);
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        QueueConsumer c1 = q.attach(spec("c1", "g"), first);
        c1.addCredit(2);
        q.attach(spec("c2", "g"), second);
        appendRange(q, 0, 2);
        await().atMost(TIMEOUT).until(() -> first.count() == 2);
        c1.close();
        await().atMost(TIMEOUT).until(() -> q.stats().consumers() == 1);
        assertThat(q.stats().pending()).isZero();
        assertThat(outcome(q.ack("g", "c1", 0))).isEqualTo(AckOutcome.UNKNOWN_MESSAGE);
        Ephemerals.assertNoMoreDeliveries(second, 0);
    }
}
