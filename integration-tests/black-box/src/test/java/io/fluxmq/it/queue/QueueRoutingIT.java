package io.fluxmq.it.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.it.MqttDistribution;
import io.fluxmq.it.queue.QueueClient.Received;
import java.time.Duration;
import java.util.List;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Routing to queues through MQTT: an unknown {@code $queue/<name>} becomes an ephemeral queue,
 * a binding on {@code $queue/} topics fans a publish out to a second queue, reserved delivery
 * properties cannot be forged by publishers, and a queue's configuration can change while its
 * consumers stay attached.
 */
class QueueRoutingIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static MqttDistribution broker;

    @BeforeAll
    static void start() {
        broker = MqttDistribution.named("queues-routing")
                .etc("io.fluxmq.queue-orders.config", DurableQueueIT.durable("orders", ""))
                .etc("io.fluxmq.queue-audit.config", StreamQueueIT.stream("audit", "bindings=[\"$queue/orders/#\"]\n"))
                .etc("io.fluxmq.queue-live.config", DurableQueueIT.durable("live", ""))
                .etc("io.fluxmq.queue-updated.config", DurableQueueIT.durable("updated", ""))
                .start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void anUnknownQueueNameCreatesAnEphemeralQueueThatKeepsMessagesForItsFirstConsumer() throws Exception {
        try (QueueClient producer = QueueClient.connect(broker, "adhoc-producer", false)) {
            assertThat(producer.publish("$queue/adhoc/a", "before anyone listens")).isZero();
        }
        try (QueueClient c1 = QueueClient.connect(broker, "adhoc-c1", false);
                QueueClient c2 = QueueClient.connect(broker, "adhoc-c2", false);
                QueueClient producer = QueueClient.connect(broker, "adhoc-producer-2", false)) {
            c1.consume("$queue/adhoc/#", 1, "pair", null);
            assertThat(c1.take(1, WAIT)).extracting(Received::payload).containsExactly("before anyone listens");
            c2.consume("$queue/adhoc/#", 1, "pair", null);
            for (int i = 0; i < 10; i++) {
                producer.publish("$queue/adhoc/a", "m" + i);
            }
            Thread.sleep(500);
            List<Received> got = new java.util.ArrayList<>(c1.drain());
            got.addAll(c2.drain());
            assertThat(got).extracting(Received::payload)
                    .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 10).mapToObj(i -> "m" + i).toList());
        }
    }

    @Test
    void aBindingOnQueueTopicsFansAPublishOutToAStream() throws Exception {
        try (QueueClient producer = QueueClient.connect(broker, "fanout-producer", false);
                QueueClient worker = QueueClient.connect(broker, "fanout-worker", false);
                QueueClient auditor = QueueClient.connect(broker, "fanout-auditor", false)) {
            worker.consume("$queue/orders/#", 1, "workers", null);
            assertThat(producer.publish("$queue/orders/eu/7", "order 7")).isZero();
            Received work = worker.take(1, WAIT).get(0);
            assertThat(work.property("queue")).isEqualTo("orders");
            auditor.consume("$queue/audit/#", 1, "auditors", "earliest");
            Received audit = auditor.take(1, WAIT).get(0);
            assertThat(audit.payload()).isEqualTo("order 7");
            assertThat(audit.property("queue")).isEqualTo("audit");
            assertThat(audit.property("topic")).isEqualTo("$queue/orders/eu/7");
        }
    }

    @Test
    void theConsoleQueuesPageShowsQueuesAndTheirGroups() throws Exception {
        try (QueueClient producer = QueueClient.connect(broker, "page-producer", false);
                QueueClient holder = QueueClient.connect(broker, "page-holder", true)) {
            holder.consume("$queue/paged/#", 1, "page-group", null);
            producer.publish("$queue/paged/x", "shown");
            holder.take(1, WAIT);
            String page = broker.consolePage("/system/console/fluxmq-queues");
            assertThat(page).contains("id='fluxmq-queue-table'", "<td>paged</td><td>ephemeral</td>",
                    "<td>orders</td><td>durable</td>", "<td>audit</td><td>stream</td>", "<td>orders-dlq</td>");
            assertThat(page).contains("<td>paged</td><td>page-group</td><td>1</td>");
        }
    }

    @Test
    void publisherSuppliedReservedPropertiesAreReplaced() throws Exception {
        try (QueueClient producer = QueueClient.connect(broker, "forge-producer", false);
                QueueClient consumer = QueueClient.connect(broker, "forge-consumer", false)) {
            consumer.consume("$queue/forged/#", 1, "g", null);
            producer.publish("$queue/forged/x", "payload", new UserProperty("message-id", "orders:0"),
                    new UserProperty("group-id", "workers"), new UserProperty("app", "kept"));
            Received r = consumer.take(1, WAIT).get(0);
            assertThat(r.messageId()).isEqualTo("forged:" + r.offset());
            assertThat(r.group()).isEqualTo("g");
            assertThat(r.property("app")).isEqualTo("kept");
            long messageIds = r.message().getProperties().getUserProperties().stream()
                    .filter(p -> p.getKey().equals("message-id")).count();
            assertThat(messageIds).isEqualTo(1);
        }
    }

    @Test
    void anUpdateOfTheDurableQueueBundleKeepsConsumersAttachedAndMessagesStored() throws Exception {
        try (QueueClient producer = QueueClient.connect(broker, "update-producer", false);
                QueueClient consumer = QueueClient.connect(broker, "update-consumer", true)) {
            consumer.consume("$queue/updated/#", 1, "updaters", null);
            producer.publish("$queue/updated/u", "held across the update");
            Received held = consumer.take(1, WAIT).get(0); // not acknowledged: pending in the store

            broker.redeploy("io.fluxmq.queue-durable-");
            long deadline = System.nanoTime() + WAIT.toNanos();
            int code;
            do { // publishes are refused while the type is away, for about a second
                Thread.sleep(200);
                code = producer.publish("$queue/updated/u", "after the update");
            } while (code != 0 && System.nanoTime() < deadline);
            assertThat(code).isZero();

            // the same subscription, re-attached to the reopened queue: the new message, and the
            // unacknowledged one again once its visibility timeout has passed
            List<Received> got = consumer.take(2, WAIT);
            assertThat(got).extracting(Received::payload)
                    .containsExactlyInAnyOrder("after the update", "held across the update");
            assertThat(got).filteredOn(r -> r.payload().equals("held across the update"))
                    .extracting(Received::messageId).containsExactly(held.messageId());
            for (Received r : got) {
                consumer.complete(r);
            }
        }
    }

    @Test
    void aQueueReconfiguredLiveKeepsItsConsumerAndItsMessages() throws Exception {
        try (QueueClient producer = QueueClient.connect(broker, "live-producer", false);
                QueueClient consumer = QueueClient.connect(broker, "live-consumer", false)) {
            consumer.consume("$queue/live/#", 1, "g", null);
            producer.publish("$queue/live/x", "before");
            assertThat(consumer.take(1, WAIT)).extracting(Received::payload).containsExactly("before");
            broker.writeEtc("io.fluxmq.queue-live.config", DurableQueueIT.durable("live", "max.depth=L\"1000\"\n"));
            Thread.sleep(2_000); // applied within about a second
            assertThat(producer.publish("$queue/live/x", "after")).isZero();
            assertThat(consumer.take(1, WAIT)).extracting(Received::payload).containsExactly("after");
        }
    }
}
