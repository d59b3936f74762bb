package io.fluxmq.queue.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.queue.AckOutcome;
import io.fluxmq.api.queue.Delivery;
import io.fluxmq.queue.testkit.Recorder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Who may acknowledge what, and how the committed offset moves. */
class AcknowledgementTest extends QueueTestSupport {

    @Test
    void onlyTheHolderMayAcknowledge() throws Exception {
        DurableQueue queue = open(TestConfig.queue("owners"));
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        consume(queue, "a", "g", a, 1);
        consume(queue, "b", "g", b, 1);
        publish(queue, 2);
        Delivery toA = a.next();
        Delivery toB = b.next();

        assertThat(get(queue.ack("g", "b", toA.offset()))).isEqualTo(AckOutcome.NOT_OWNER);
        assertThat(get(queue.nack("g", "b", toA.offset()))).isEqualTo(AckOutcome.NOT_OWNER);
        assertThat(get(queue.reject("g", "b", toA.offset(), "no"))).isEqualTo(AckOutcome.NOT_OWNER);
        assertThat(queue.stats().pending()).as("a refused acknowledgement changes nothing").isEqualTo(2);

        assertThat(get(queue.ack("g", "a", toA.offset()))).isEqualTo(AckOutcome.OK);
        assertThat(get(queue.ack("g", "a", toA.offset()))).as("acknowledged twice").isEqualTo(AckOutcome.UNKNOWN_MESSAGE);
        assertThat(get(queue.ack("g", "b", toB.offset()))).isEqualTo(AckOutcome.OK);
        assertThat(context.deadLetters()).isEmpty();
    }

    @Test
    void anOffsetPendingInAnotherGroupIsTheWrongGroup() throws Exception {
        DurableQueue queue = open(TestConfig.queue("groups"));
        Recorder a = new Recorder();
        consume(queue, "a", "billing", a, 1);
        publish(queue, 1);
        long offset = a.next().offset();

        assertThat(get(queue.ack("audit", "a", offset))).isEqualTo(AckOutcome.WRONG_GROUP);
        assertThat(get(queue.ack("billing", "a", 42))).isEqualTo(AckOutcome.UNKNOWN_MESSAGE);
        assertThat(get(queue.ack("audit", "x", 42))).isEqualTo(AckOutcome.UNKNOWN_MESSAGE);
        assertThat(get(queue.ack("billing", "a", offset))).isEqualTo(AckOutcome.OK);
    }

    @Test
    void theCommittedOffsetIsTheLowestOffsetNotYetDone() throws Exception {
        DurableQueue queue = open(TestConfig.queue("commits"));
        Recorder r = new Recorder();
        consume(queue, "c", "g", r, 3);
        publish(queue, 3);
        r.next();
        r.next();
        r.next();
        assertThat(get(store.committedOffset("commits", "g"))).hasValue(0);

        assertThat(get(queue.ack("g", "c", 1))).isEqualTo(AckOutcome.OK);
        assertThat(get(store.committedOffset("commits", "g"))).as("offset 0 is still pending").hasValue(0);
        assertThat(get(store.loadPending("commits", "g"))).extracting(p -> p.offset()).containsExactly(0L, 2L);
        assertThat(queue.stats().groups().get(0).committedOffset()).isZero();

        assertThat(get(queue.ack("g", "c", 0))).isEqualTo(AckOutcome.OK);
        assertThat(get(store.committedOffset("commits", "g"))).hasValue(2);
        assertThat(queue.stats().groups().get(0).committedOffset()).isEqualTo(2);
        assertThat(store.firstOffset("commits")).as("truncated below the committed offset").isEqualTo(2);

        assertThat(get(queue.ack("g", "c", 2))).isEqualTo(AckOutcome.OK);
        assertThat(get(store.committedOffset("commits", "g"))).hasValue(3);
        assertThat(get(store.loadPending("commits", "g"))).isEmpty();
        assertThat(queue.stats().depth()).isZero();
        assertThat(queue.stats().acknowledged()).isEqualTo(3);
    }

    @Test
    void pendingEntriesRecordTheHolderTheTimeAndTheCount() throws Exception {
        DurableQueue queue = open(TestConfig.queue("entries"));
        Recorder r = new Recorder();
        long before = System.currentTimeMillis();
        consume(queue, "holder", "g", r, 1);
        publish(queue, 1);
        r.next();
        org.awaitility.Awaitility.await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(get(store.loadPending("entries", "g"))).singleElement().satisfies(p -> {
                    assertThat(p.offset()).isZero();
                    assertThat(p.consumerId()).isEqualTo("holder");
                    assertThat(p.deliveryCount()).isEqualTo(1);
                    assertThat(p.deliveredAtMillis()).isBetween(before, System.currentTimeMillis());
                }));
        r.expectNothing(Duration.ofMillis(50));
    }
}
