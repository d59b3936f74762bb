package io.fluxmq.it.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.it.queue.QueueClient;
import io.fluxmq.it.queue.QueueClient.Received;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * A durable queue with pending messages: each step publishes {@value #PER_STEP} messages to
 * {@code $queue/<prefix>-jobs/...}; a consumer that announces a Receive Maximum of
 * {@value #HOLDER_WINDOW} holds that many deliveries unacknowledged (pending entries with their
 * consumer), the rest wait in the log. {@link #assertKept} lets the holder go (its deliveries go
 * back to the group) and expects a new consumer of the group to receive every message of every
 * step (at least once).
 */
final class DurableQueueBacklog implements KeptState {
    private static final int PER_STEP = 20;
    private static final int HOLDER_WINDOW = 5;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final StorageBroker broker;
    private final String queue;
    private final Set<String> published = new HashSet<>();
    private final QueueClient holder;

    DurableQueueBacklog(StorageBroker broker, String prefix) throws Exception {
        this.broker = broker;
        this.queue = prefix + "-jobs";
        broker.mqtt().writeEtc("io.fluxmq.queue-" + queue + ".config", "name=\"" + queue + "\"\ntype=\"durable\"\n"
                + "visibility.timeout.seconds=L\"3600\"\n");
        this.holder = QueueClient.connect(broker.mqtt(), prefix + "-queue-holder", true, HOLDER_WINDOW);
        long deadline = System.nanoTime() + WAIT.toNanos();
        int code;
        do { // the configuration is applied within about a second; until then the name is unknown
            Thread.sleep(200);
            code = holder.subscribe("$queue/" + queue + "/#", 1, "holders", null);
        } while ((code != 1 || broker.mqtt().log().lines().noneMatch(l -> l.contains("queue '" + queue + "' (durable"))
                ) && System.nanoTime() < deadline);
        assertThat(code).as("SUBACK of the queue consumer").isEqualTo(1);
    }

    @Override
    public void write(int step) throws Exception {
        try (QueueClient producer = QueueClient.connect(broker.mqtt(), queue + "-producer-" + step, false)) {
            for (int i = 0; i < PER_STEP; i++) {
                String payload = "step" + step + "-" + i;
                assertThat(producer.publish("$queue/" + queue + "/work", payload)).as("PUBACK of " + payload).isZero();
                published.add(payload);
            }
        }
        if (step == 0) {
            assertThat(holder.take(HOLDER_WINDOW, WAIT)).as("deliveries held unacknowledged").hasSize(HOLDER_WINDOW);
        }
    }

    @Override
    public void assertKept(int steps) throws Exception {
        assertThat(published).hasSize(PER_STEP * steps);
        holder.close(); // its unacknowledged deliveries go back to the group
        Set<String> got = new HashSet<>();
        try (QueueClient consumer = QueueClient.connect(broker.mqtt(), queue + "-checker-" + steps, false)) {
            consumer.consume("$queue/" + queue + "/#", 1, "holders", null);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!got.containsAll(published) && System.nanoTime() < deadline) {
                Received r = consumer.next(Duration.ofMillis(200));
                if (r != null) {
                    got.add(r.payload());
                }
            }
        }
        assertThat(got).as("messages of the durable queue, pending and waiting, after the storage events")
                .containsAll(published);
    }

    @Override
    public void close() throws Exception {
        holder.close();
    }
}
