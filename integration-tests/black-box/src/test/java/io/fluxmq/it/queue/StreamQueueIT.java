package io.fluxmq.it.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.it.MqttDistribution;
import io.fluxmq.it.queue.QueueClient.Received;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stream queues through MQTT, against the running distribution: replay from the earliest
 * message, an offset, a time and the latest position; groups reading independently and resuming
 * from their committed position; retention; topics captured by a binding.
 */
class StreamQueueIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static MqttDistribution broker;

    @BeforeAll
    static void start() {
        broker = MqttDistribution.named("queues-stream")
                .etc("io.fluxmq.queue-replay.config", stream("replay", ""))
                .etc("io.fluxmq.queue-groups.config", stream("groups", ""))
                .etc("io.fluxmq.queue-short.config", stream("short", "retention.max.messages=L\"5\"\n"))
                .etc("io.fluxmq.queue-audit.config", stream("audit", "bindings=[\"sensors/#\"]\n"))
                .start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    static String stream(String name, String extra) {
        return "name=\"" + name + "\"\ntype=\"stream\"\n" + extra;
    }

    private static List<String> payloads(List<Received> received) {
        return received.stream().map(Received::payload).toList();
    }

    private static List<String> range(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + i).toList();
    }

    @Test
    void aStreamIsReplayedFromTheEarliestMessageAnOffsetATimeOrTheLatest() throws Exception {
        Instant between;
        try (QueueClient producer = QueueClient.connect(broker, "replay-producer", false)) {
            for (int i = 0; i < 10; i++) {
                assertThat(producer.publish("$queue/replay/e", "e" + i)).isZero();
            }
            Thread.sleep(100);
            between = Instant.now();
            Thread.sleep(100);
            for (int i = 10; i < 20; i++) {
                assertThat(producer.publish("$queue/replay/e", "e" + i)).isZero();
            }
        }
        long offsetOf10;
        try (QueueClient earliest = QueueClient.connect(broker, "replay-earliest", false)) {
            List<Received> all = earliest.consume("$queue/replay/#", 1, "from-start", "earliest").take(20, WAIT);
            assertThat(payloads(all)).containsExactlyElementsOf(range("e", 0, 20));
            offsetOf10 = all.get(10).offset();
            assertThat(all.get(10).messageId()).isEqualTo("replay:" + offsetOf10);
        }
        try (QueueClient fromOffset = QueueClient.connect(broker, "replay-offset", false)) {
            fromOffset.consume("$queue/replay/#", 1, "from-offset", Long.toString(offsetOf10));
            assertThat(payloads(fromOffset.take(10, WAIT))).containsExactlyElementsOf(range("e", 10, 20));
            assertThat(fromOffset.next(Duration.ofMillis(500))).isNull();
        }
        try (QueueClient fromTime = QueueClient.connect(broker, "replay-time", false)) {
            fromTime.consume("$queue/replay/#", 1, "from-time", between.toString());
            assertThat(payloads(fromTime.take(10, WAIT))).containsExactlyElementsOf(range("e", 10, 20));
            assertThat(fromTime.next(Duration.ofMillis(500))).isNull();
        }
        try (QueueClient latest = QueueClient.connect(broker, "replay-latest", false);
                QueueClient producer = QueueClient.connect(broker, "replay-producer-2", false)) {
            latest.consume("$queue/replay/#", 1, "live", "latest");
            assertThat(latest.next(Duration.ofMillis(500))).isNull();
            producer.publish("$queue/replay/e", "e20");
            assertThat(payloads(latest.take(1, WAIT))).containsExactly("e20");
        }
    }

    @Test
    void groupsReadIndependentlyAndAGroupResumesFromItsCommittedPosition() throws Exception {
        try (QueueClient producer = QueueClient.connect(broker, "groups-producer", false)) {
            for (int i = 0; i < 10; i++) {
                producer.publish("$queue/groups/g", "g" + i);
            }
        }
        try (QueueClient a = QueueClient.connect(broker, "groups-a", true);
                QueueClient b = QueueClient.connect(broker, "groups-b", false)) {
            List<Received> first = a.consume("$queue/groups/#", 1, "A", "earliest").take(10, WAIT);
            for (Received r : first.subList(0, 5)) {
                a.complete(r); // PUBACK commits the group's position past it
            }
            assertThat(payloads(b.consume("$queue/groups/#", 1, "B", "earliest").take(10, WAIT)))
                    .containsExactlyElementsOf(range("g", 0, 10));
            Thread.sleep(300);
        }
        try (QueueClient a = QueueClient.connect(broker, "groups-a", false)) {
            a.consume("$queue/groups/#", 1, "A", null); // no cursor: where the group stands
            assertThat(payloads(a.take(5, WAIT))).containsExactlyElementsOf(range("g", 5, 10));
            assertThat(a.next(Duration.ofMillis(500))).isNull();
        }
    }

    @Test
    void retentionKeepsTheNewestMessages() throws Exception {
        try (QueueClient producer = QueueClient.connect(broker, "short-producer", false)) {
            for (int i = 0; i < 20; i++) {
                producer.publish("$queue/short/s", "s" + i);
            }
        }
        Thread.sleep(2_500); // retention runs on a timer
        try (QueueClient c = QueueClient.connect(broker, "short-reader", false)) {
            c.consume("$queue/short/#", 1, "r", "earliest");
            assertThat(payloads(c.take(5, WAIT))).containsExactlyElementsOf(range("s", 15, 20));
            assertThat(c.next(Duration.ofMillis(500))).isNull();
        }
    }

    @Test
    void aBindingCapturesOrdinaryTopicsWithoutTakingThemFromSubscribers() throws Exception {
        try (QueueClient producer = QueueClient.connect(broker, "audit-producer", false);
                QueueClient subscriber = QueueClient.connect(broker, "audit-subscriber", false)) {
            subscriber.consume("sensors/#", 1, null, null);
            assertThat(producer.publish("sensors/t1", "21.5")).isZero();
            assertThat(producer.publish("other/t1", "not captured")).isIn(0, 0x10);
            assertThat(payloads(subscriber.take(1, WAIT))).containsExactly("21.5");
        }
        try (QueueClient reader = QueueClient.connect(broker, "audit-reader", false)) {
            reader.consume("$queue/audit/#", 1, "readers", "earliest");
            Received r = reader.take(1, WAIT).get(0);
            assertThat(r.payload()).isEqualTo("21.5");
            assertThat(r.topic()).isEqualTo("sensors/t1");
            assertThat(r.property("topic")).isEqualTo("sensors/t1");
            assertThat(reader.next(Duration.ofMillis(500))).isNull();
        }
    }
}
