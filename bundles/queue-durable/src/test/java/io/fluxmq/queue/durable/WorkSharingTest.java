package io.fluxmq.queue.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fluxmq.api.queue.AckOutcome;
import io.fluxmq.api.queue.ConsumerSpec;
import io.fluxmq.api.queue.Delivery;
import io.fluxmq.api.queue.QueueConsumer;
import io.fluxmq.api.queue.QueueStats;
import io.fluxmq.queue.testkit.Recorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Consumer groups share the work: each message goes to one consumer of each group. */
class WorkSharingTest extends QueueTestSupport {

    @Test
    void threeConsumersShareAThousandMessagesWithNoneLostOrHandledTwice() throws Exception {
        DurableQueue queue = open(TestConfig.queue("work"));
        List<Delivery> handled = new CopyOnWriteArrayList<>();
        List<AckOutcome> outcomes = new CopyOnWriteArrayList<>();
        Map<String, Recorder> recorders = new ConcurrentHashMap<>();
        List<QueueConsumer> consumers = new ArrayList<>();
        for (String id : List.of("c1", "c2", "c3")) {
            // Each consumer acknowledges every delivery and gets one credit back, as an MQTT client's PUBACK does.
            AtomicReference<QueueConsumer> self = new AtomicReference<>();
            Recorder recorder = new Recorder(d -> {
                handled.add(d);
                queue.ack(d.group(), id, d.offset()).thenAccept(outcome -> {
                    outcomes.add(outcome);
                    self.get().addCredit(1);
                });
            });
            recorders.put(id, recorder);
            QueueConsumer consumer = queue.attach(new ConsumerSpec(id, "workers", null, null), recorder);
            self.set(consumer);
            consumers.add(consumer);
            consumer.addCredit(5);
        }

        Thread[] publishers = new Thread[2];
        for (int p = 0; p < publishers.length; p++) {
            int from = p * 500;
            publishers[p] = new Thread(() -> {
                for (int i = from; i < from + 500; i++) {
                    get(queue.append(message("work", "job/" + i, "job " + i)));
                }
            });
            publishers[p].start();
        }
        for (Thread t : publishers) {
            t.join(TIMEOUT.toMillis());
            assertThat(t.isAlive()).isFalse();
        }

        await().atMost(TIMEOUT).until(() -> outcomes.size() == 1000);
        assertThat(outcomes).containsOnly(AckOutcome.OK);
        Set<Long> offsets = handled.stream().map(Delivery::offset).collect(Collectors.toSet());
        assertThat(handled).hasSize(1000);
        assertThat(offsets).as("every message exactly once").containsExactlyInAnyOrderElementsOf(
                LongStream.range(0, 1000).boxed().toList());
        Set<String> payloads = new HashSet<>();
        handled.forEach(d -> payloads.add(d.message().payloadAsString()));
        assertThat(payloads).hasSize(1000);
        recorders.forEach((id, r) -> assertThat(r.all()).as("consumer %s got a share", id).hasSizeGreaterThan(100));
        assertThat(handled).allSatisfy(d -> assertThat(d.deliveryCount()).isEqualTo(1));

        await().atMost(TIMEOUT).untilAsserted(() -> {
            QueueStats stats = queue.stats();
            assertThat(stats.depth()).isZero();
            assertThat(stats.pending()).isZero();
            assertThat(stats.enqueued()).isEqualTo(1000);
            assertThat(stats.delivered()).isEqualTo(1000);
            assertThat(stats.acknowledged()).isEqualTo(1000);
            assertThat(stats.groups()).singleElement().satisfies(g -> {
                assertThat(g.group()).isEqualTo("workers");
                assertThat(g.consumers()).isEqualTo(3);
                assertThat(g.committedOffset()).isEqualTo(1000);
                assertThat(g.lag()).isZero();
            });
            assertThat(store.firstOffset("work")).as("acknowledged messages leave the log").isEqualTo(1000);
        });
        assertThat(get(store.committedOffset("work", "workers"))).hasValue(1000);
    }

    @Test
    void messagesPublishedBeforeAnyConsumerAreDelivered() throws Exception {
        DurableQueue queue = open(TestConfig.queue("early"));
        publish(queue, 3);
        Recorder recorder = new Recorder();
        consume(queue, "c", "g", recorder, 10);
        assertThat(List.of(recorder.next().offset(), recorder.next().offset(), recorder.next().offset()))
                .containsExactly(0L, 1L, 2L);
        recorder.expectNothing(Duration.ofMillis(100));
    }

    @Test
    void everyGroupGetsEveryMessage() throws Exception {
        DurableQueue queue = open(TestConfig.queue("fanout"));
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        consume(queue, "a", "billing", a, 10);
        consume(queue, "b", "audit", b, 10);
        publish(queue, 4);
        for (Recorder r : List.of(a, b)) {
            List<Long> offsets = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                offsets.add(r.next().offset());
            }
            assertThat(offsets).containsExactly(0L, 1L, 2L, 3L);
        }
        assertThat(a.all()).allSatisfy(d -> assertThat(d.group()).isEqualTo("billing"));
        assertThat(b.all()).allSatisfy(d -> assertThat(d.group()).isEqualTo("audit"));
    }

    @Test
    void consumersTakeTurnsAndOnlyThoseWithCreditGetMessages() throws Exception {
        DurableQueue queue = open(TestConfig.queue("turns"));
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        Recorder idle = new Recorder();
        consume(queue, "first", "g", first, 10);
        consume(queue, "second", "g", second, 10);
        consume(queue, "idle", "g", idle, 0);
        publish(queue, 6);
        await().atMost(TIMEOUT).until(() -> first.all().size() + second.all().size() == 6);
        assertThat(first.all()).hasSize(3);
        assertThat(second.all()).hasSize(3);
        idle.expectNothing(Duration.ofMillis(100));
    }

    @Test
    void aConsumerGetsNothingBeyondItsCredit() throws Exception {
        DurableQueue queue = open(TestConfig.queue("credit"));
        publish(queue, 5);
        Recorder recorder = new Recorder();
        QueueConsumer consumer = consume(queue, "c", "g", recorder, 0);
        recorder.expectNothing(Duration.ofMillis(150));
        consumer.addCredit(2);
        assertThat(recorder.next().offset()).isZero();
        assertThat(recorder.next().offset()).isEqualTo(1);
        recorder.expectNothing(Duration.ofMillis(150));
        consumer.addCredit(3);
        assertThat(List.of(recorder.next().offset(), recorder.next().offset(), recorder.next().offset()))
                .containsExactly(2L, 3L, 4L);
        // A delivery is seen before the task that made it has published the statistics.
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(queue.stats().groups()).singleElement().satisfies(g -> {
            assertThat(g.pending()).isEqualTo(5);
            assertThat(g.lag()).isZero();
        }));
    }
}
