package io.fluxmq.queue.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.queue.AckOutcome;
import io.fluxmq.api.queue.Delivery;
import io.fluxmq.api.queue.QueueProperties;
import io.fluxmq.queue.testkit.Recorder;
import io.fluxmq.queue.testkit.TestQueueContext;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** reject and maxDeliveries move messages to the dead-letter target, never losing one. */
class DeadLetterTest extends QueueTestSupport {

    @Test
    void aRejectedMessageGoesToTheDeadLetterQueueWithItsOrigin() throws Exception {
        DurableQueue queue = open(TestConfig.queue("orders"));
        Recorder r = new Recorder();
        consume(queue, "c", "billing", r, 1);
        Message original = Message.builder("$queue/orders/eu/42").payload("order 42")
                .userProperty("trace", "t-1").userProperty(QueueProperties.DEAD_LETTER_REASON, "forged").build();
        get(queue.append(original));
        Delivery d = r.next();
        Instant before = Instant.now();

        assertThat(get(queue.reject("billing", "c", d.offset(), "cannot parse"))).isEqualTo(AckOutcome.OK);

        await().atMost(TIMEOUT).until(() -> context.deadLetters().size() == 1);
        TestQueueContext.DeadLetter letter = context.deadLetters().get(0);
        assertThat(letter.target()).isEqualTo("orders-dlq");
        Message dead = letter.message();
        assertThat(dead.payloadAsString()).isEqualTo("order 42");
        assertThat(dead.topic().value()).isEqualTo("$queue/orders/eu/42");
        assertThat(dead.userProperty("trace")).isEqualTo("t-1");
        assertThat(dead.userProperty(QueueProperties.DEAD_LETTER_QUEUE)).isEqualTo("orders");
        assertThat(dead.userProperty(QueueProperties.DEAD_LETTER_TOPIC)).isEqualTo("$queue/orders/eu/42");
        assertThat(dead.userProperty(QueueProperties.DEAD_LETTER_GROUP)).isEqualTo("billing");
        assertThat(dead.userProperty(QueueProperties.DEAD_LETTER_DELIVERY_COUNT)).isEqualTo("1");
        assertThat(dead.userProperty(QueueProperties.DEAD_LETTER_REASON)).as("the publisher's value is replaced")
                .isEqualTo("cannot parse");
        assertThat(dead.userProperties()).filteredOn(p -> p.name().equals(QueueProperties.DEAD_LETTER_REASON)).hasSize(1);
        assertThat(Instant.parse(dead.userProperty(QueueProperties.DEAD_LETTER_TIME)))
                .isBetween(before.minusSeconds(1), Instant.now());

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(queue.stats().deadLettered()).isEqualTo(1);
            assertThat(queue.stats().pending()).isZero();
            assertThat(get(store.loadPending("orders", "billing"))).isEmpty();
            assertThat(get(store.committedOffset("orders", "billing"))).hasValue(1);
        });
        assertThat(get(queue.ack("billing", "c", d.offset()))).isEqualTo(AckOutcome.UNKNOWN_MESSAGE);
    }

    @Test
    void aRejectWithoutReasonAndAConfiguredTarget() throws Exception {
        DurableQueue queue = open(TestConfig.queue("jobs").deadLetterQueue("failed-jobs"));
        Recorder r = new Recorder();
        consume(queue, "c", "g", r, 1);
        publish(queue, 1);
        assertThat(get(queue.reject("g", "c", r.next().offset(), null))).isEqualTo(AckOutcome.OK);
        await().atMost(TIMEOUT).until(() -> context.deadLetters().size() == 1);
        assertThat(context.deadLetters().get(0).target()).isEqualTo("failed-jobs");
        assertThat(context.deadLetters().get(0).message().userProperty(QueueProperties.DEAD_LETTER_REASON))
                .isEqualTo(DeadLetters.REASON_REJECTED);
    }

    @Test
    void aMessageDeliveredMaxDeliveriesTimesIsDeadLettered() throws Exception {
        DurableQueue queue = open(TestConfig.queue("poison").maxDeliveries(3).noBackoff());
        Recorder r = new Recorder();
        consume(queue, "c", "g", r, 10);
        publish(queue, 1);
        for (int count = 1; count <= 3; count++) {
            Delivery d = r.next();
            assertThat(d.deliveryCount()).isEqualTo(count);
            assertThat(get(queue.nack("g", "c", d.offset()))).isEqualTo(AckOutcome.OK);
        }
        await().atMost(TIMEOUT).until(() -> context.deadLetters().size() == 1);
        Message dead = context.deadLetters().get(0).message();
        assertThat(dead.userProperty(QueueProperties.DEAD_LETTER_REASON)).isEqualTo(DeadLetters.REASON_MAX_DELIVERIES);
        assertThat(dead.userProperty(QueueProperties.DEAD_LETTER_DELIVERY_COUNT)).isEqualTo("3");
        r.expectNothing(Duration.ofMillis(200));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(queue.stats().pending()).isZero());
    }

    @Test
    void timeoutsCountTowardsMaxDeliveries() throws Exception {
        DurableQueue queue = open(TestConfig.queue("timeout-poison").maxDeliveries(2).noBackoff()
                .visibilityTimeout(Duration.ofMillis(100)));
        Recorder r = new Recorder();
        consume(queue, "c", "g", r, 10);
        publish(queue, 1);
        assertThat(r.next().deliveryCount()).isEqualTo(1);
        assertThat(r.next().deliveryCount()).isEqualTo(2);
        await().atMost(TIMEOUT).until(() -> context.deadLetters().size() == 1);
        assertThat(context.deadLetters().get(0).message().userProperty(QueueProperties.DEAD_LETTER_REASON))
                .isEqualTo(DeadLetters.REASON_MAX_DELIVERIES);
        r.expectNothing(Duration.ofMillis(300));
    }

    @Test
    void aFailingDeadLetterAppendKeepsTheEntryPendingAndIsRetried() throws Exception {
        DurableQueue queue = open(TestConfig.queue("fragile").backoff(Duration.ofMillis(100), 1, Duration.ofMillis(100)));
        Recorder r = new Recorder();
        consume(queue, "c", "g", r, 1);
        publish(queue, 1);
        Delivery d = r.next();
        context.failDeadLetters(true);

        assertThat(get(queue.reject("g", "c", d.offset(), "bad"))).isEqualTo(AckOutcome.OK);
        await().atMost(TIMEOUT).until(() -> context.deadLetterAttempts() >= 3);
        assertThat(context.deadLetters()).isEmpty();
        assertThat(queue.stats().pending()).as("still pending while the dead-letter queue refuses").isEqualTo(1);
        assertThat(queue.stats().deadLettered()).isZero();
        assertThat(get(store.loadPending("fragile", "g"))).extracting(p -> p.offset()).containsExactly(d.offset());
        assertThat(store.firstOffset("fragile")).as("the message stays in the log").isZero();
        assertThat(get(queue.ack("g", "c", d.offset()))).as("it is being dead-lettered")
                .isEqualTo(AckOutcome.UNKNOWN_MESSAGE);
        r.expectNothing(Duration.ofMillis(100));

        context.failDeadLetters(false);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(context.deadLetters()).hasSize(1);
            assertThat(queue.stats().pending()).isZero();
            assertThat(queue.stats().deadLettered()).isEqualTo(1);
            assertThat(get(store.loadPending("fragile", "g"))).isEmpty();
        });
    }

    @Test
    void deadLettersCanBeConsumedFromADurableDeadLetterQueue() throws Exception {
        DurableQueue queue = open(TestConfig.queue("main"));
        DurableQueue dlq = open(TestConfig.queue("main-dlq"));
        context.deadLettersTo(dlq);
        Recorder r = new Recorder();
        Recorder dead = new Recorder();
        consume(queue, "c", "g", r, 1);
        consume(dlq, "ops", "ops", dead, 1);
        publish(queue, 1);
        assertThat(get(queue.reject("g", "c", r.next().offset(), "nope"))).isEqualTo(AckOutcome.OK);
        Delivery letter = dead.next();
        assertThat(letter.queue()).isEqualTo("main-dlq");
        assertThat(letter.message().userProperty(QueueProperties.DEAD_LETTER_QUEUE)).isEqualTo("main");
        assertThat(letter.message().payloadAsString()).isEqualTo("m0");
    }
}
