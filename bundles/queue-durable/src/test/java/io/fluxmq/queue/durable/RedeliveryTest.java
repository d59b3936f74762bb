package io.fluxmq.queue.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.queue.AckOutcome;
import io.fluxmq.api.queue.Delivery;
import io.fluxmq.api.queue.QueueConsumer;
import io.fluxmq.queue.testkit.Recorder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** nack, visibility timeout and detaching all make a message available again to the group. */
class RedeliveryTest extends QueueTestSupport {

    @Test
    void aLoneConsumerGetsItsNackedMessageBackAfterAGrowingBackoff() throws Exception {
        DurableQueue queue = open(TestConfig.queue("nacks").backoff(Duration.ofMillis(200), 2, Duration.ofSeconds(5)));
        Recorder r = new Recorder();
        consume(queue, "only", "g", r, 10);
        publish(queue, 1);

        Delivery first = r.next();
        assertThat(first.deliveryCount()).isEqualTo(1);
        long nacked = System.nanoTime();
        assertThat(get(queue.nack("g", "only", first.offset()))).isEqualTo(AckOutcome.OK);
        Delivery second = r.next();
        long firstDelay = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nacked);
        assertThat(second.offset()).isEqualTo(first.offset());
        assertThat(second.deliveryCount()).isEqualTo(2);
        assertThat(firstDelay).as("backoff of the first redelivery (200 ms)").isBetween(150L, 3_000L);

        nacked = System.nanoTime();
        assertThat(get(queue.nack("g", "only", second.offset()))).isEqualTo(AckOutcome.OK);
        Delivery third = r.next();
        long secondDelay = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nacked);
        assertThat(third.deliveryCount()).isEqualTo(3);
        assertThat(secondDelay).as("backoff of the second redelivery (400 ms)").isBetween(350L, 4_000L);

        assertThat(get(queue.ack("g", "only", third.offset()))).isEqualTo(AckOutcome.OK);
        assertThat(queue.stats().delivered()).isEqualTo(3);
        assertThat(queue.stats().pending()).isZero();
    }

    @Test
    void aNackedMessageGoesToAnyConsumerOfTheGroup() throws Exception {
        DurableQueue queue = open(TestConfig.queue("shared").noBackoff());
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        QueueConsumer consumerA = consume(queue, "a", "g", a, 1);
        publish(queue, 1);
        Delivery toA = a.next();
        consume(queue, "b", "g", b, 1);
        assertThat(get(queue.nack("g", "a", toA.offset()))).isEqualTo(AckOutcome.OK);
        // a has no credit left: only b can take it
        Delivery toB = b.next();
        assertThat(toB.offset()).isEqualTo(toA.offset());
        assertThat(toB.deliveryCount()).isEqualTo(2);
        assertThat(get(queue.ack("g", "a", toA.offset()))).as("b holds it now").isEqualTo(AckOutcome.NOT_OWNER);
        assertThat(get(queue.ack("g", "b", toB.offset()))).isEqualTo(AckOutcome.OK);
        consumerA.close();
    }

    @Test
    void aDeliveryNotAcknowledgedWithinTheVisibilityTimeoutIsRedelivered() throws Exception {
        DurableQueue queue = open(TestConfig.queue("timeouts").visibilityTimeout(Duration.ofMillis(300)).noBackoff());
        Recorder r = new Recorder();
        consume(queue, "slow", "g", r, 10);
        publish(queue, 1);
        Delivery first = r.next();
        long delivered = System.nanoTime();
        Delivery again = r.next();
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - delivered);
        assertThat(again.offset()).isEqualTo(first.offset());
        assertThat(again.deliveryCount()).isEqualTo(2);
        assertThat(waited).as("visibility timeout of 300 ms").isBetween(250L, 5_000L);
        assertThat(get(queue.ack("g", "slow", again.offset()))).isEqualTo(AckOutcome.OK);
        r.expectNothing(Duration.ofMillis(500));
    }

    @Test
    void aTimedOutDeliveryWaitsForTheBackoffToo() throws Exception {
        DurableQueue queue = open(TestConfig.queue("timeouts-backoff").visibilityTimeout(Duration.ofMillis(200))
                .backoff(Duration.ofMillis(400), 1, Duration.ofMillis(400)));
        Recorder r = new Recorder();
        consume(queue, "slow", "g", r, 10);
        publish(queue, 1);
        r.next();
        long delivered = System.nanoTime();
        Delivery again = r.next();
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - delivered);
        assertThat(again.deliveryCount()).isEqualTo(2);
        assertThat(waited).as("timeout 200 ms + backoff 400 ms").isBetween(550L, 6_000L);
    }

    @Test
    void theHolderMayStillAcknowledgeATimedOutDeliveryUntilItIsRedelivered() throws Exception {
        DurableQueue queue = open(TestConfig.queue("late-ack").visibilityTimeout(Duration.ofMillis(100))
                .backoff(Duration.ofSeconds(30), 1, Duration.ofSeconds(30)));
        Recorder r = new Recorder();
        consume(queue, "late", "g", r, 10);
        publish(queue, 1);
        Delivery d = r.next();
        Thread.sleep(400);
        assertThat(get(queue.ack("g", "late", d.offset()))).isEqualTo(AckOutcome.OK);
        r.expectNothing(Duration.ofMillis(200));
        assertThat(queue.stats().pending()).isZero();
    }

    @Test
    void aDetachedConsumersDeliveriesGoToTheGroupAfterTheVisibilityTimeout() throws Exception {
        DurableQueue queue = open(TestConfig.queue("detach").visibilityTimeout(Duration.ofMillis(600)).noBackoff());
        Recorder gone = new Recorder();
        Recorder stays = new Recorder();
        QueueConsumer leaving = consume(queue, "gone", "g", gone, 1);
        publish(queue, 1);
        Delivery d = gone.next();
        long delivered = System.nanoTime();
        leaving.close();
        consume(queue, "stays", "g", stays, 1);
        stays.expectNothing(Duration.ofMillis(250));
        Delivery again = stays.next();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - delivered)).isGreaterThanOrEqualTo(550L);
        assertThat(again.offset()).isEqualTo(d.offset());
        assertThat(again.deliveryCount()).isEqualTo(2);
    }

    @Test
    void withoutAVisibilityTimeoutADetachedConsumersDeliveriesAreReleasedAtOnce() throws Exception {
        DurableQueue queue = open(TestConfig.queue("detach-now").visibilityTimeout(Duration.ZERO));
        Recorder gone = new Recorder();
        Recorder stays = new Recorder();
        QueueConsumer leaving = consume(queue, "gone", "g", gone, 1);
        publish(queue, 1);
        Delivery d = gone.next();
        consume(queue, "stays", "g", stays, 1);
        stays.expectNothing(Duration.ofMillis(100));
        leaving.close();
        Delivery again = stays.next();
        assertThat(again.offset()).isEqualTo(d.offset());
        assertThat(again.deliveryCount()).isEqualTo(2);
    }

    @Test
    void aDeliveryWhoseHandlerThrewStaysPendingAndTimesOut() throws Exception {
        DurableQueue queue = open(TestConfig.queue("throwing").visibilityTimeout(Duration.ofMillis(200)).noBackoff());
        Recorder r = new Recorder(d -> {
            if (d.deliveryCount() == 1) {
                throw new IllegalStateException("the test's handler fails once");
            }
        });
        consume(queue, "c", "g", r, 10);
        publish(queue, 1);
        assertThat(r.next().deliveryCount()).isEqualTo(1);
        Delivery again = r.next();
        assertThat(again.deliveryCount()).isEqualTo(2);
        assertThat(get(queue.ack("g", "c", again.offset()))).isEqualTo(AckOutcome.OK);
    }

    @Test
    void aConsumerAttachedWithTheIdOfAnAttachedOneReplacesIt() throws Exception {
        DurableQueue queue = open(TestConfig.queue("takeover"));
        Recorder old = new Recorder();
        Recorder current = new Recorder();
        consume(queue, "same", "g", old, 10);
        consume(queue, "same", "g", current, 10);
        publish(queue, 2);
        assertThat(List.of(current.next().offset(), current.next().offset())).containsExactly(0L, 1L);
        old.expectNothing(Duration.ofMillis(100));
        assertThat(queue.stats().consumers()).isEqualTo(1);
    }
}
