package io.fluxmq.queue.ephemeral;

import static io.fluxmq.queue.ephemeral.Ephemerals.TIMEOUT;
import static io.fluxmq.queue.ephemeral.Ephemerals.appendRange;
import static io.fluxmq.queue.ephemeral.Ephemerals.config;
import static io.fluxmq.queue.ephemeral.Ephemerals.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.queue.OverflowPolicy;
import io.fluxmq.api.queue.Queue;
import io.fluxmq.api.queue.QueueConsumer;
import io.fluxmq.api.queue.QueueFullException;
import io.fluxmq.queue.testkit.Recorder;
import io.fluxmq.queue.testkit.TestQueueContext;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Depth and byte bounds with both overflow policies, message TTL and purge. */
class EphemeralBoundsTest {
    private final TestQueueContext context = TestQueueContext.withoutStorage();

    @AfterEach
    void close() {
        context.close();
    }

    private Queue open(io.fluxmq.api.queue.QueueConfig config, EphemeralSettings settings) {
        return new EphemeralQueueType(settings).create(config, context);
    }

    private static Message bytes(int size) {
        return Message.builder("$queue/e/k").payload(new byte[size]).build();
    }

    @Test
    void rejectNewRefusesAtMaxDepth() {
        Queue q = open(Ephemerals.depth(config("e"), 3, OverflowPolicy.REJECT_NEW), EphemeralSettings.DEFAULTS);
        appendRange(q, 0, 3);
        assertThat(Ephemerals.failure(q.append(Ephemerals.message("e", "k", "x")))).isInstanceOf(QueueFullException.class);
        assertThat(q.stats().depth()).isEqualTo(3);
        assertThat(q.stats().enqueued()).isEqualTo(3);
        assertThat(q.stats().dropped()).as("a refusal is the publisher's answer, not a drop").isZero();
    }

    @Test
    void withoutMaxDepthTheTypesDefaultBoundApplies() {
        Queue q = open(config("e"), new EphemeralSettings(4, 1_000_000, 10));
        appendRange(q, 0, 4);
        assertThat(Ephemerals.failure(q.append(Ephemerals.message("e", "k", "x")))).isInstanceOf(QueueFullException.class);
        assertThat(q.stats().depth()).isEqualTo(4);
    }

    @Test
    void dropOldestAcceptsAndDropsTheOldestCounted() {
        Queue q = open(Ephemerals.depth(config("e"), 3, OverflowPolicy.DROP_OLDEST), EphemeralSettings.DEFAULTS);
        appendRange(q, 0, 5);
        assertThat(q.stats().depth()).isEqualTo(3);
        assertThat(q.stats().dropped()).isEqualTo(2);
        Recorder r = new Recorder();
        q.attach(spec("c", "g"), r).addCredit(10);
        await().atMost(TIMEOUT).until(() -> r.count() == 3);
        assertThat(r.payloads()).containsExactly("m2", "m3", "m4");
    }

    @Test
    void dropOldestMovesAGroupPastWhatItLost() {
        Queue q = open(Ephemerals.depth(config("e"), 2, OverflowPolicy.DROP_OLDEST), EphemeralSettings.DEFAULTS);
        Recorder r = new Recorder();
        QueueConsumer c = q.attach(spec("c", "g"), r);
        await().atMost(TIMEOUT).until(() -> q.stats().consumers() == 1);
        appendRange(q, 0, 5);
        c.addCredit(10);
        await().atMost(TIMEOUT).until(() -> r.count() == 2);
        Ephemerals.assertNoMoreDeliveries(r, 2);
        assertThat(r.offsets()).containsExactly(3L, 4L);
        assertThat(q.stats().dropped()).isEqualTo(3);
    }

    @Test
    void theByteBoundAppliesWithBothPolicies() {
        EphemeralSettings settings = new EphemeralSettings(1_000, 100, 10);
        Queue reject = open(config("e"), settings);
        Ephemerals.await(reject.append(bytes(60)));
        assertThat(Ephemerals.failure(reject.append(bytes(50)))).isInstanceOf(QueueFullException.class);
        Ephemerals.await(reject.append(bytes(40)));
        assertThat(reject.stats().bytes()).isEqualTo(100);

        Queue drop = open(Ephemerals.depth(config("d"), 0, OverflowPolicy.DROP_OLDEST), settings);
        Ephemerals.await(drop.append(bytes(60)));
        Ephemerals.await(drop.append(bytes(50)));
        assertThat(drop.stats().bytes()).isEqualTo(50);
        assertThat(drop.stats().dropped()).isEqualTo(1);
        assertThat(Ephemerals.failure(drop.append(bytes(101)))).as("larger than the bound: never fits")
                .isInstanceOf(QueueFullException.class);
        assertThat(drop.stats().bytes()).as("nothing dropped for a message that cannot fit").isEqualTo(50);
    }

    @Test
    void expiredMessagesAreSkippedAtDeliveryAndMakeRoomWhenFull() throws InterruptedException {
        Queue q = open(Ephemerals.ttl(Ephemerals.depth(config("e"), 3, OverflowPolicy.REJECT_NEW),
                Duration.ofMillis(200)), EphemeralSettings.DEFAULTS);
        appendRange(q, 0, 2);
        Thread.sleep(300);
        appendRange(q, 2, 4);
        Ephemerals.await(q.append(Message.builder("$queue/e/k").payload("own expiry").expiryIntervalSeconds(1)
                .createdAtMillis(System.currentTimeMillis() - 5_000).build()));
        assertThat(q.stats().depth()).as("the first expired one made room").isEqualTo(3);
        Recorder r = new Recorder();
        q.attach(spec("c", "g"), r).addCredit(10);
        await().atMost(TIMEOUT).until(() -> r.count() == 2);
        Ephemerals.assertNoMoreDeliveries(r, 2);
        assertThat(r.payloads()).containsExactly("m2", "m3");
        assertThat(q.stats().dropped()).isEqualTo(3);
        await().atMost(TIMEOUT).until(() -> q.stats().depth() == 0);
    }

    @Test
    void purgeRemovesWhatWaitsButNotWhatConsumersHold() {
        Queue q = open(config("e"), EphemeralSettings.DEFAULTS);
        Recorder r = new Recorder();
        QueueConsumer c = q.attach(spec("c", "g"), r);
        c.addCredit(2);
        appendRange(q, 0, 6);
        await().atMost(TIMEOUT).until(() -> r.count() == 2);
        assertThat(Ephemerals.await(q.purge())).isEqualTo(4);
        assertThat(q.stats().depth()).isZero();
        assertThat(q.stats().bytes()).isZero();
        assertThat(q.stats().pending()).isEqualTo(2);
        assertThat(q.stats().dropped()).isEqualTo(4);
        appendRange(q, 6, 7);
        c.addCredit(10);
        await().atMost(TIMEOUT).until(() -> r.count() == 3);
        assertThat(r.offsets()).containsExactly(0L, 1L, 6L);
    }

    @Test
    void theBufferGivesItsMemoryBackAfterABurst() {
        MessageBuffer buffer = new MessageBuffer();
        for (int i = 0; i < 1_000; i++) {
            buffer.append(Ephemerals.message("e", "k", "m" + i), 0);
        }
        assertThat(buffer.get(999).message().payloadAsString()).isEqualTo("m999");
        for (int i = 0; i < 990; i++) {
            assertThat(buffer.removeFirst().offset()).isEqualTo(i);
        }
        assertThat(buffer.size()).isEqualTo(10);
        assertThat(buffer.firstOffset()).isEqualTo(990);
        assertThat(buffer.get(995).message().payloadAsString()).isEqualTo("m995");
        assertThat(buffer.get(989)).isNull();
        assertThat(buffer.capacity()).isLessThanOrEqualTo(64);
    }
}
