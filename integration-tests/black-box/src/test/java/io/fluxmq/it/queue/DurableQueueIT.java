package io.fluxmq.it.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.it.MqttDistribution;
import io.fluxmq.it.queue.QueueClient.Received;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Durable work queues through MQTT, against the running distribution: consumer groups sharing
 * work, acknowledgement by PUBACK and by $ack, redelivery after $nack and after the visibility
 * timeout, dead letters, consumer filters, refused acknowledgements and overflow. Each test has
 * its own queue, configured in etc/ with a 2 s visibility timeout, 3 deliveries at most and a
 * 200 ms redelivery backoff.
 */
class DurableQueueIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static MqttDistribution broker;

    @BeforeAll
    static void start() {
        MqttDistribution.Builder b = MqttDistribution.named("queues-durable");
        for (String q : List.of("work", "nacked", "timeout", "rejected", "maxdel", "filtered", "acks", "v311")) {
            b.etc("io.fluxmq.queue-" + q + ".config", durable(q, ""));
        }
        b.etc("io.fluxmq.queue-small.config", durable("small", "max.depth=L\"5\"\noverflow=\"reject_new\"\n"));
        broker = b.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    static String durable(String name, String extra) {
        return "name=\"" + name + "\"\ntype=\"durable\"\nvisibility.timeout.seconds=L\"2\"\nmax.deliveries=I\"3\"\n"
                + "backoff.initial.ms=L\"200\"\nbackoff.multiplier=D\"1.0\"\nbackoff.max.ms=L\"200\"\n" + extra;
    }

    @Test
    void threeConsumersShareTheWorkWithNothingLostOrHandledTwice() throws Exception {
        int count = 300;
        List<QueueClient> consumers = new ArrayList<>();
        try (QueueClient producer = QueueClient.connect(broker, "work-producer", false)) {
            for (int i = 0; i < 3; i++) {
                consumers.add(QueueClient.connect(broker, "work-consumer-" + i, false).consume("$queue/work/#", 1,
                        "workers", null));
            }
            for (int i = 0; i < count; i++) {
                assertThat(producer.publish("$queue/work/jobs/" + (i % 7), "job-" + i)).isZero();
            }
            Set<String> seen = new HashSet<>();
            List<String> duplicates = new ArrayList<>();
            int[] perConsumer = new int[3];
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (seen.size() < count && System.nanoTime() < deadline) {
                for (int i = 0; i < 3; i++) {
                    for (Received r : consumers.get(i).drain()) {
                        perConsumer[i]++;
                        if (!seen.add(r.payload())) {
                            duplicates.add(r.payload());
                        }
                    }
                }
                Thread.sleep(20);
            }
            assertThat(seen).hasSize(count);
            // acknowledged by PUBACK: after the visibility timeout nothing comes again
            Thread.sleep(3_000);
            for (QueueClient c : consumers) {
                for (Received r : c.drain()) {
                    duplicates.add(r.payload());
                }
            }
            assertThat(duplicates).isEmpty();
            assertThat(java.util.Arrays.stream(perConsumer).min().getAsInt()).as("every consumer got work").isPositive();
        } finally {
            for (QueueClient c : consumers) {
                c.close();
            }
        }
    }

    @Test
    void aNackedMessageComesBackToTheOnlyConsumerOfItsGroup() throws Exception {
        try (QueueClient producer = QueueClient.connect(broker, "nack-producer", false);
                QueueClient consumer = QueueClient.connect(broker, "nack-consumer", true)) {
            consumer.consume("$queue/nacked/#", 1, "solo", null);
            producer.publish("$queue/nacked/a", "retry me");
            Received first = consumer.take(1, WAIT).get(0);
            assertThat(first.deliveryCount()).isEqualTo(1);
            assertThat(first.messageId()).isEqualTo("nacked:" + first.offset());
            assertThat(first.group()).isEqualTo("solo");
            assertThat(first.property("topic")).isEqualTo("$queue/nacked/a");
            long nackedAt = System.nanoTime();
            assertThat(consumer.nack(first)).isZero();
            consumer.complete(first); // the PUBACK that follows does not acknowledge a nacked delivery

            Received again = consumer.take(1, WAIT).get(0);
            long afterMillis = (System.nanoTime() - nackedAt) / 1_000_000;
            assertThat(again.messageId()).isEqualTo(first.messageId());
            assertThat(again.deliveryCount()).isEqualTo(2);
            assertThat(again.payload()).isEqualTo("retry me");
            assertThat(afterMillis).as("redelivered after the 200 ms backoff, well before the 2 s timeout")
                    .isBetween(150L, 1_900L);
            assertThat(consumer.ack(again)).isZero();
            consumer.complete(again);
            assertThat(consumer.next(Duration.ofMillis(3_000))).isNull();
        }
    }

    @Test
    void aDeliveryNotAcknowledgedWithinTheVisibilityTimeoutIsRedelivered() throws Exception {
        try (QueueClient producer = QueueClient.connect(broker, "timeout-producer", false);
                QueueClient consumer = QueueClient.connect(broker, "timeout-consumer", true)) {
            consumer.consume("$queue/timeout/#", 1, "slow", null);
            producer.publish("$queue/timeout/a", "forgotten");
            Received first = consumer.take(1, WAIT).get(0);
            long deliveredAt = System.nanoTime();
            // neither PUBACK nor $ack
            Received again = consumer.take(1, WAIT).get(0);
            long afterMillis = (System.nanoTime() - deliveredAt) / 1_000_000;
            assertThat(again.messageId()).isEqualTo(first.messageId());
            assertThat(again.deliveryCount()).isEqualTo(2);
            assertThat(afterMillis).as("the 2 s visibility timeout, loosely").isBetween(1_500L, 10_000L);
            consumer.complete(first);
            consumer.complete(again);
        }
    }

    @Test
    void aRejectedMessageGoesToTheDeadLetterQueueWithItsOrigin() throws Exception {
        try (QueueClient producer = QueueClient.connect(broker, "reject-producer", false);
                QueueClient consumer = QueueClient.connect(broker, "reject-consumer", true);
                QueueClient dead = QueueClient.connect(broker, "reject-dlq", false)) {
            consumer.consume("$queue/rejected/#", 1, "checkers", null);
            producer.publish("$queue/rejected/orders/42", "poison");
            Received r = consumer.take(1, WAIT).get(0);
            assertThat(consumer.reject(r, "cannot parse")).isZero();
            consumer.complete(r);

            dead.consume("$queue/rejected-dlq/#", 1, "ops", null);
            Received d = dead.take(1, WAIT).get(0);
            assertThat(d.payload()).isEqualTo("poison");
            assertThat(d.property("dlq-original-queue")).isEqualTo("rejected");
            assertThat(d.property("dlq-original-topic")).isEqualTo("$queue/rejected/orders/42");
            assertThat(d.property("dlq-group")).isEqualTo("checkers");
            assertThat(d.property("dlq-delivery-count")).isEqualTo("1");
            assertThat(d.property("dlq-reason")).isEqualTo("cannot parse");
            assertThat(d.property("dlq-time")).isNotBlank();
            assertThat(d.property("queue")).isEqualTo("rejected-dlq");
            assertThat(consumer.next(Duration.ofMillis(2_500))).as("not redelivered after the reject").isNull();
        }
    }

    @Test
    void aMessageIsDeadLetteredAfterTheMaximumDeliveries() throws Exception {
        try (QueueClient producer = QueueClient.connect(broker, "maxdel-producer", false);
                QueueClient consumer = QueueClient.connect(broker, "maxdel-consumer", true);
                QueueClient dead = QueueClient.connect(broker, "maxdel-dlq", false)) {
            consumer.consume("$queue/maxdel/#", 1, "flaky", null);
            producer.publish("$queue/maxdel/x", "keeps failing");
            for (int attempt = 1; attempt <= 3; attempt++) {
                Received r = consumer.take(1, WAIT).get(0);
                assertThat(r.deliveryCount()).isEqualTo(attempt);
                assertThat(consumer.nack(r)).isZero();
                consumer.complete(r);
            }
            dead.consume("$queue/maxdel-dlq/#", 1, "ops", null);
            Received d = dead.take(1, WAIT).get(0);
            assertThat(d.payload()).isEqualTo("keeps failing");
            assertThat(d.property("dlq-original-queue")).isEqualTo("maxdel");
            assertThat(d.property("dlq-delivery-count")).isEqualTo("3");
            assertThat(consumer.next(Duration.ofMillis(1_000))).isNull();
        }
    }

    @Test
    void aConsumerFilterGetsOnlyTheMatchingRoutingKeys() throws Exception {
        try (QueueClient producer = QueueClient.connect(broker, "filter-producer", false);
                QueueClient eu = QueueClient.connect(broker, "filter-eu", false);
                QueueClient all = QueueClient.connect(broker, "filter-all", false)) {
            eu.consume("$queue/filtered/+/eu/#", 1, "europe", null);
            all.consume("$queue/filtered/#", 1, "everything", null);
            producer.publish("$queue/filtered/orders/eu/1", "eu-1");
            producer.publish("$queue/filtered/orders/us/1", "us-1");
            producer.publish("$queue/filtered/refunds/eu", "eu-2");
            producer.publish("$queue/filtered/eu/orders", "not-eu");
            assertThat(eu.take(2, WAIT)).extracting(Received::payload).containsExactlyInAnyOrder("eu-1", "eu-2");
            assertThat(all.take(4, WAIT)).extracting(Received::payload)
                    .containsExactlyInAnyOrder("eu-1", "us-1", "eu-2", "not-eu");
            assertThat(eu.next(Duration.ofMillis(500))).isNull();
        }
    }

    @Test
    void badAcknowledgementsAreRefusedWithAReasonAndChangeNothing() throws Exception {
        try (QueueClient producer = QueueClient.connect(broker, "acks-producer", false);
                QueueClient owner = QueueClient.connect(broker, "acks-owner", true);
                QueueClient other = QueueClient.connect(broker, "acks-other", false)) {
            owner.consume("$queue/acks/#", 1, "g1", null);
            producer.publish("$queue/acks/a", "held");
            Received r = owner.take(1, WAIT).get(0);

            UserProperty group = new UserProperty("group-id", "g1");
            assertThat(other.publish("$queue/acks/$ack", "", new UserProperty("message-id", "acks:999999"), group))
                    .as("unknown message id").isEqualTo(0x83);
            assertThat(other.refusalReason("$queue/acks/$ack", new UserProperty("message-id", "acks:999999"), group))
                    .contains("acks:999999");
            assertThat(other.publish("$queue/acks/$ack", "", group)).as("no message-id").isEqualTo(0x83);
            assertThat(other.publish("$queue/acks/$ack", "", new UserProperty("message-id", r.messageId()),
                    new UserProperty("group-id", "g2"))).as("another group").isEqualTo(0x87);
            assertThat(other.publish("$queue/acks/$ack", "", new UserProperty("message-id", r.messageId()), group))
                    .as("not the holder").isEqualTo(0x87);

            // none of that acknowledged it: the owner still holds it and may ack it
            assertThat(owner.ack(r)).isZero();
            owner.complete(r);
            assertThat(owner.next(Duration.ofMillis(3_000))).isNull();
        }
    }

    @Test
    void anMqtt311ConsumerAcknowledgesByPubAck() throws Exception {
        try (QueueClient producer = QueueClient.connect(broker, "v311-producer", false)) {
            for (int i = 0; i < 20; i++) {
                producer.publish("$queue/v311/job", "v311-" + i); // queued before any consumer exists
            }
            Set<String> got = ConcurrentHashMap.newKeySet();
            CountDownLatch all = new CountDownLatch(20);
            MqttClient v3 = new MqttClient(broker.tcpUri(), "v311-consumer", new MemoryPersistence());
            v3.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    if (got.add(new String(message.getPayload(), StandardCharsets.UTF_8))) {
                        all.countDown();
                    }
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            v3.connect(o);
            try {
                v3.subscribe("$share/legacy/$queue/v311/#", 1);
                assertThat(all.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            } finally {
                v3.disconnect();
                v3.close();
            }
            // every PUBACK acknowledged: another consumer of the group gets nothing, even after the timeout
            try (QueueClient later = QueueClient.connect(broker, "v311-later", false)) {
                later.consume("$queue/v311/#", 1, "legacy", null);
                assertThat(later.next(Duration.ofMillis(3_000))).isNull();
            }
        }
    }

    @Test
    void aFullQueueRefusesNewPublishesWithQuotaExceeded() throws Exception {
        try (QueueClient producer = QueueClient.connect(broker, "small-producer", false)) {
            for (int i = 0; i < 5; i++) {
                assertThat(producer.publish("$queue/small/x", "m" + i)).isZero();
            }
            assertThat(producer.publish("$queue/small/x", "one too many")).isEqualTo(0x97);
            assertThat(producer.refusalReason("$queue/small/x")).contains("small");
        }
    }

    @Test
    void aSubscriptionToAQueueWithoutANameIsRefused() throws Exception {
        try (QueueClient c = QueueClient.connect(broker, "bad-filter", false)) {
            assertThat(c.subscribe("$queue/+/x", 1, null, null)).isEqualTo(0x8F);
        }
    }
}
