package io.fluxmq.it.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.it.MqttDistribution;
import io.fluxmq.it.queue.QueueClient.Received;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Queues on the default RocksDB storage survive a kill -9 and a graceful restart: every message
 * whose publish was acknowledged is delivered after it, except those whose acknowledgement by a
 * consumer was durable (at least once: those may come again, nothing may be missing).
 */
class QueuePersistenceIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static MqttDistribution broker;

    @BeforeAll
    static void start() {
        broker = MqttDistribution.named("queues-persistence")
                .etc("io.fluxmq.queue-jobs.config", DurableQueueIT.durable("jobs", ""))
                .etc("io.fluxmq.queue-log.config", StreamQueueIT.stream("log", ""))
                .etc("io.fluxmq.queue-inflight.config", DurableQueueIT.durable("inflight", ""))
                .start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void acknowledgedPublishesSurviveAKillAndConsumedOnesAreNotLost() throws Exception {
        int count = 200;
        try (QueueClient producer = QueueClient.connect(broker, "jobs-producer", false)) {
            for (int i = 0; i < count; i++) {
                assertThat(producer.publish("$queue/jobs/j", "j" + i)).isZero();
            }
        }
        try (QueueClient consumer = QueueClient.connect(broker, "jobs-consumer", true)) {
            consumer.consume("$queue/jobs/#", 1, "workers", null);
            List<Received> first = consumer.take(50, WAIT);
            for (Received r : first) {
                consumer.complete(r); // PUBACK: acknowledged
            }
            Thread.sleep(500);
            broker.kill();
        }
        broker.restart();
        Set<String> after = new HashSet<>();
        try (QueueClient consumer = QueueClient.connect(broker, "jobs-consumer", false)) {
            consumer.consume("$queue/jobs/#", 1, "workers", null);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!containsRest(after, count) && System.nanoTime() < deadline) {
                Received r = consumer.next(Duration.ofMillis(200));
                if (r != null) {
                    after.add(r.payload());
                }
            }
        }
        for (int i = 50; i < count; i++) {
            assertThat(after).as("j" + i + " after the kill").contains("j" + i);
        }
    }

    @Test
    void everyPublishAcknowledgedBeforeAKillInTheMiddleOfAStreamIsDelivered() throws Exception {
        Set<String> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        QueueClient producer = QueueClient.connect(broker, "inflight-producer", false);
        Thread publishing = new Thread(() -> {
            for (int i = 0; i < 5_000 && !stop.get(); i++) {
                try {
                    if (producer.publish("$queue/inflight/x", "p" + i) == 0) {
                        acknowledged.add("p" + i);
                    }
                } catch (Exception e) {
                    return; // the broker died under the publisher
                }
            }
        }, "inflight-publisher");
        publishing.start();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (acknowledged.size() < 300 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        broker.kill();
        stop.set(true);
        publishing.join(WAIT.toMillis());
        producer.close();
        assertThat(acknowledged).as("acknowledged before the kill").hasSizeGreaterThanOrEqualTo(300);

        broker.restart();
        Set<String> got = new HashSet<>();
        try (QueueClient consumer = QueueClient.connect(broker, "inflight-consumer", false)) {
            consumer.consume("$queue/inflight/#", 1, "workers", null);
            long until = System.nanoTime() + WAIT.toNanos();
            while (!got.containsAll(acknowledged) && System.nanoTime() < until) {
                Received r = consumer.next(Duration.ofMillis(200));
                if (r != null) {
                    got.add(r.payload());
                }
            }
        }
        assertThat(got).as("acknowledged publishes delivered after the kill").containsAll(acknowledged);
    }

    private static boolean containsRest(Set<String> got, int count) {
        for (int i = 50; i < count; i++) {
            if (!got.contains("j" + i)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aStreamIsReadFromTheStartAfterAKillAndAGracefulRestart() throws Exception {
        try (QueueClient producer = QueueClient.connect(broker, "log-producer", false)) {
            for (int i = 0; i < 30; i++) {
                assertThat(producer.publish("$queue/log/l", "l" + i)).isZero();
            }
        }
        broker.kill();
        broker.restart();
        readsAllThirty("after-kill");
        broker.stop();
        broker.restart();
        readsAllThirty("after-restart");
    }

    private static void readsAllThirty(String group) throws Exception {
        try (QueueClient reader = QueueClient.connect(broker, "log-reader-" + group, false)) {
            List<Received> all = reader.consume("$queue/log/#", 1, group, "earliest").take(30, WAIT);
            assertThat(all).extracting(Received::payload)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 30).mapToObj(i -> "l" + i).toList());
        }
    }
}
