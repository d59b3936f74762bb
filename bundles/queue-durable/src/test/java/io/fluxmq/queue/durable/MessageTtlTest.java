package io.fluxmq.queue.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.queue.AckOutcome;
import io.fluxmq.api.queue.QueueConsumer;
import io.fluxmq.queue.testkit.Recorder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Expired messages (queue TTL or the message's own expiry) are skipped at delivery and counted as dropped. */
class MessageTtlTest extends QueueTestSupport {
    private final AtomicLong clock = new AtomicLong(System.currentTimeMillis());

    @Test
    void messagesOlderThanTheTtlAreSkippedAndCounted() throws Exception {
        // Real time: the TTL counts from the append time the log store records.
        DurableQueue queue = open(TestConfig.queue("ttl").messageTtl(Duration.ofMillis(1_500)));
        publish(queue, 2);
        Thread.sleep(1_600);
        get(queue.append(message("ttl", "k", "fresh")));

        Recorder r = new Recorder();
        consume(queue, "c", "g", r, 10);
        assertThat(r.next().message().payloadAsString()).isEqualTo("fresh");
        r.expectNothing(Duration.ofMillis(100));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(queue.stats().dropped()).isEqualTo(2));
        assertThat(get(queue.ack("g", "c", 2))).isEqualTo(AckOutcome.OK);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(queue.stats().depth()).isZero();
            assertThat(store.firstOffset("ttl")).isEqualTo(3);
        });
    }

    @Test
    void aMessagesOwnExpiryIsHonoured() throws Exception {
        DurableQueue queue = open(TestConfig.queue("expiry"), clock::get);
        get(queue.append(Message.builder("$queue/expiry/k").payload("short").createdAtMillis(clock.get())
                .expiryIntervalSeconds(1).build()));
        get(queue.append(Message.builder("$queue/expiry/k").payload("long").createdAtMillis(clock.get())
                .expiryIntervalSeconds(60).build()));
        clock.addAndGet(1_500);
        Recorder r = new Recorder();
        consume(queue, "c", "g", r, 10);
        assertThat(r.next().message().payloadAsString()).isEqualTo("long");
        r.expectNothing(Duration.ofMillis(100));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(queue.stats().dropped()).isEqualTo(1));
    }

    @Test
    void aReleasedMessageThatExpiredIsNotDeliveredAgain() throws Exception {
        DurableQueue queue = open(TestConfig.queue("ttl-redelivery").messageTtl(Duration.ofSeconds(1)).noBackoff(),
                clock::get);
        Recorder r = new Recorder();
        QueueConsumer consumer = consume(queue, "c", "g", r, 1);
        publish(queue, 1);
        long offset = r.next().offset();
        clock.addAndGet(2_000);
        assertThat(get(queue.nack("g", "c", offset))).isEqualTo(AckOutcome.OK);
        consumer.addCredit(1);
        r.expectNothing(Duration.ofMillis(150));
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(queue.stats().dropped()).isEqualTo(1);
            assertThat(queue.stats().pending()).isZero();
            assertThat(get(store.loadPending("ttl-redelivery", "g"))).isEmpty();
        });
    }
}
