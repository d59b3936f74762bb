package io.fluxmq.core.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.queue.AckOutcome;
import io.fluxmq.api.queue.ConsumerSpec;
import io.fluxmq.api.queue.Delivery;
import io.fluxmq.api.queue.DeliveryHandler;
import io.fluxmq.api.queue.Queue;
import io.fluxmq.api.queue.QueueConfig;
import io.fluxmq.api.queue.QueueConsumer;
import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.core.router.TrieMessageRouter;
import io.fluxmq.storage.memory.MemoryLogStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QueueManagerServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final TrieMessageRouter router = new TrieMessageRouter();
    private final QueueManagerService manager = new QueueManagerService(new MemoryLogStore(), router, 0, 2);
    private final ListQueueType ephemeral = new ListQueueType("ephemeral");
    private final ListQueueType durable = new ListQueueType("durable");
    private final List<Delivery> received = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        manager.deactivate();
    }

    private void start() {
        manager.addType(ephemeral);
        manager.addType(durable);
        manager.activate();
    }

    private static QueueDefinition definition(String name, String type, String... bindings) {
        QueueConfig d = QueueConfig.defaults(name, type);
        return new QueueDefinition(new QueueConfig(name, type, List.of(bindings).stream().map(TopicFilter::of).toList(),
                d.retention(), d.maxDepth(), d.overflow(), d.messageTtl(), d.visibilityTimeout(), d.maxDeliveries(),
                d.backoff(), d.deadLetterQueue(), d.autoCommitInterval()));
    }

    private static Message message(String topic) {
        return Message.builder(topic).payload("x").build();
    }

    private static Integer publishNow(QueueManagerService m, Message message) {
        return m.publish(message).toCompletableFuture().join();
    }

    @Test
    void aPublishToAnUnknownQueueCreatesAnEphemeralQueue() {
        start();
        assertThat(publishNow(manager, message("$queue/jobs/eu/1"))).isEqualTo(1);
        assertThat(ephemeral.last("jobs").messages).extracting(m -> m.topic().value()).containsExactly("$queue/jobs/eu/1");
        assertThat(manager.queue("jobs")).isPresent();
    }

    @Test
    void aPublishOutsideQueueTopicsReachesNoQueue() {
        start();
        assertThat(publishNow(manager, message("sensors/1"))).isZero();
        assertThat(manager.queues()).isEmpty();
    }

    @Test
    void aConfiguredDurableQueueOpensWithItsDeadLetterQueue() {
        manager.addDefinition(definition("orders", "durable"));
        start();
        assertThat(durable.last("orders").config.type()).isEqualTo("durable");
        assertThat(durable.last("orders-dlq").config.type()).isEqualTo("durable");
        publishNow(manager, message("$queue/orders/eu"));
        assertThat(durable.last("orders").messages).hasSize(1);
    }

    @Test
    void aQueueWaitsForItsTypeAndItsConsumersAreAttachedWhenItComes() {
        manager.addDefinition(definition("orders", "durable"));
        manager.addType(ephemeral);
        manager.activate();
        QueueConsumer consumer = manager.subscribe("orders", new ConsumerSpec("c1", "g", null, null), received::add);
        consumer.addCredit(5);
        assertThat(manager.publish(message("$queue/orders/1")).toCompletableFuture())
                .failsWithin(WAIT).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(IllegalStateException.class).withMessageContaining("durable");

        manager.addType(durable);
        publishNow(manager, message("$queue/orders/2"));
        await().atMost(WAIT).until(() -> received.size() == 1);
        assertThat(received.get(0).message().topic().value()).isEqualTo("$queue/orders/2");
    }

    @Test
    void anUpdatedTypeReopensTheQueueAndConsumersKeepTheirRemainingCredit() {
        manager.addDefinition(definition("orders", "durable"));
        start();
        QueueConsumer consumer = manager.subscribe("orders", new ConsumerSpec("c1", "g", null, null), received::add);
        consumer.addCredit(3);
        publishNow(manager, message("$queue/orders/1"));
        await().atMost(WAIT).until(() -> received.size() == 1);

        manager.removeType(durable);
        assertThat(durable.last("orders").closed).isTrue();
        ListQueueType updated = new ListQueueType("durable");
        manager.addType(updated);
        for (int i = 2; i <= 5; i++) {
            publishNow(manager, message("$queue/orders/" + i));
        }
        // 2 credits were left: the new instance delivers two of the four new messages, no more
        await().atMost(WAIT).until(() -> received.size() == 3);
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> received.size() == 3);
        consumer.addCredit(2);
        await().atMost(WAIT).until(() -> received.size() == 5);
    }

    @Test
    void aConsumerSettlesInTheQueueInstanceItIsAttachedToAndFailsWhileThereIsNone() {
        manager.addDefinition(definition("orders", "durable"));
        start();
        QueueConsumer consumer = manager.subscribe("orders", new ConsumerSpec("c1", "g", null, null), received::add);
        consumer.addCredit(1);
        publishNow(manager, message("$queue/orders/1"));
        await().atMost(WAIT).until(() -> received.size() == 1);
        assertThat(consumer.ack(received.get(0).offset()).toCompletableFuture().join()).isEqualTo(AckOutcome.OK);
        assertThat(durable.last("orders").settlements).containsExactly("ack g/c1@0");

        manager.removeType(durable);
        assertThatThrownBy(() -> consumer.nack(0).toCompletableFuture().join())
                .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("is not open");

        ListQueueType updated = new ListQueueType("durable");
        manager.addType(updated);
        consumer.reject(7, "bad").toCompletableFuture().join();
        assertThat(updated.last("orders").settlements).containsExactly("reject g/c1@7");
        consumer.close(); // a closed consumer still gives back what it held, in its last queue
        consumer.nack(8).toCompletableFuture().join();
        assertThat(updated.last("orders").settlements).containsExactly("reject g/c1@7", "nack g/c1@8");
    }

    @Test
    void aReattachedConsumerKeepsItsGroupButNotItsStartCursor() {
        manager.addDefinition(definition("events", "durable"));
        start();
        QueueConsumer consumer = manager.subscribe("events", new ConsumerSpec("c1", "g", null, "earliest"), received::add);
        assertThat(durable.last("events").attachedSpecs()).extracting(ConsumerSpec::cursor).containsExactly("earliest");
        manager.removeType(durable);
        ListQueueType updated = new ListQueueType("durable");
        manager.addType(updated);
        await().atMost(WAIT).until(() -> updated.last("events").attachedSpecs().size() == 1);
        assertThat(updated.last("events").attachedSpecs().get(0)).satisfies(spec -> {
            assertThat(spec.cursor()).isNull();
            assertThat(spec.group()).isEqualTo("g");
            assertThat(spec.consumerId()).isEqualTo("c1");
        });
        consumer.close();
    }

    @Test
    void aChangedConfigurationReopensTheQueue() {
        QueueDefinition first = definition("orders", "durable");
        manager.addDefinition(first);
        start();
        QueueConsumer consumer = manager.subscribe("orders", new ConsumerSpec("c1", "g", null, null), received::add);
        consumer.addCredit(10);

        manager.removeDefinition(first);
        assertThat(manager.queue("orders")).isEmpty();
        manager.addDefinition(definition("orders", "durable", "sensors/#"));
        publishNow(manager, message("$queue/orders/1"));
        router.route(message("sensors/7"), null);
        await().atMost(WAIT).until(() -> received.size() == 2);
    }

    @Test
    void bindingsCaptureOrdinaryTopicsOnceEvenWhenTheyOverlap() {
        manager.addDefinition(definition("audit", "stream", "sensors/#", "sensors/+"));
        ListQueueType stream = new ListQueueType("stream");
        manager.addType(stream);
        start();
        router.route(message("sensors/1"), null);
        router.route(message("other/1"), null);
        await().atMost(WAIT).until(() -> stream.last("audit").messages.size() == 1);
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> stream.last("audit").messages.size() == 1);
        assertThat(manager.uncaptured("audit")).isZero();
    }

    @Test
    void whatABindingCannotCaptureIsCountedAndThePublishIsNotAffected() {
        manager.addDefinition(definition("audit", "stream", "sensors/#"));
        ListQueueType stream = new ListQueueType("stream");
        manager.addType(stream);
        start();
        stream.last("audit").close(); // its appends now fail
        assertThat(router.route(message("sensors/1"), null)).isEqualTo(1);
        assertThat(router.route(message("sensors/2"), null)).isEqualTo(1);
        await().atMost(WAIT).until(() -> manager.uncaptured("audit") == 2);
    }

    @Test
    void aQueueWhoseTypeIsGoneNoLongerCapturesAndPublishesToItFail() {
        manager.addDefinition(definition("audit", "stream", "sensors/#"));
        ListQueueType stream = new ListQueueType("stream");
        manager.addType(stream);
        start();
        manager.removeType(stream);
        assertThat(router.route(message("sensors/1"), null)).isZero();
        assertThat(manager.publish(message("$queue/audit/1")).toCompletableFuture()).failsWithin(WAIT);
        assertThat(stream.last("audit").messages).isEmpty();
    }

    @Test
    void aBindingOnQueueTopicsFansOutPublishesToAnotherQueue() {
        manager.addDefinition(definition("orders", "durable"));
        manager.addDefinition(definition("audit", "durable", "$queue/orders/#"));
        start();
        assertThat(publishNow(manager, message("$queue/orders/eu/1"))).isEqualTo(2);
        assertThat(durable.last("orders").messages).hasSize(1);
        assertThat(durable.last("audit").messages).hasSize(1);
    }

    @Test
    void anAutomaticQueueIsRemovedAfterItsLastConsumerLeaves() {
        start();
        QueueConsumer consumer = manager.subscribe("tmp", new ConsumerSpec("c1", "g", null, null), received::add);
        assertThat(manager.queue("tmp")).isPresent();
        consumer.close();
        await().atMost(WAIT).until(() -> manager.queue("tmp").isEmpty());
        assertThat(ephemeral.last("tmp").closed).isTrue();
    }

    @Test
    void deadLettersGoToADurableQueueCreatedOnDemand() {
        manager.addType(durable);
        manager.activate();
        Long offset = manager.context().deadLetter("custom-dlq", message("$queue/x/1")).toCompletableFuture().join();
        assertThat(offset).isZero();
        assertThat(durable.last("custom-dlq").messages).hasSize(1);
    }

    @Test
    void aPublishFailsWhenAQueueRefusesIt() {
        start();
        publishNow(manager, message("$queue/jobs/1"));
        ephemeral.last("jobs").close();
        assertThat(manager.publish(message("$queue/jobs/2")).toCompletableFuture()).failsWithin(WAIT)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class).withMessageContaining("closed");
    }

    @Test
    void aDeclaredQueueStaysWithoutConsumersAndADeclareOfAnExistingNameReturnsTheExistingQueue() {
        start();
        Queue declared = manager.declare(QueueConfig.defaults("jobs", "durable")).toCompletableFuture().join();
        assertThat(declared.config().type()).isEqualTo("durable");
        QueueConsumer consumer = manager.subscribe("jobs", new ConsumerSpec("c1", "g", null, null), received::add);
        consumer.close();
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> manager.queue("jobs").isPresent());
        Queue again = manager.declare(QueueConfig.defaults("jobs", "ephemeral")).toCompletableFuture().join();
        assertThat(again).isSameAs(declared);
    }

    @Test
    void aQueueOfAMissingTypeCannotBeDeclared() {
        start();
        assertThat(manager.declare(QueueConfig.defaults("s", "stream")).toCompletableFuture()).failsWithin(WAIT)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(IllegalStateException.class).withMessageContaining("stream");
        assertThat(manager.queue("s")).isEmpty();
    }

    @Test
    void deletingAQueueCancelsItsConsumersAndDeletesItsLog() {
        MemoryLogStore logs = new MemoryLogStore();
        QueueManagerService m = new QueueManagerService(logs, router, 0, 2);
        m.addType(durable);
        m.activate();
        try {
            m.declare(QueueConfig.defaults("jobs", "durable")).toCompletableFuture().join();
            logs.append("jobs", message("$queue/jobs")).toCompletableFuture().join();
            publishNow(m, message("$queue/jobs/1"));
            List<String> cancelled = new CopyOnWriteArrayList<>();
            QueueConsumer consumer = m.subscribe("jobs", new ConsumerSpec("c1", "g", null, null), new DeliveryHandler() {
                @Override
                public void deliver(Delivery delivery) {
                    received.add(delivery);
                }

                @Override
                public void cancelled(String reason) {
                    cancelled.add(reason);
                }
            });
            assertThat(m.delete("jobs").toCompletableFuture().join()).isEqualTo(1L);
            assertThat(cancelled).singleElement().asString().contains("jobs");
            assertThat(m.queue("jobs")).isEmpty();
            assertThat(durable.last("jobs").closed).isTrue();
            assertThat(logs.logs()).doesNotContain("jobs");
            consumer.addCredit(1);
            consumer.close();
            assertThat(received).isEmpty();
        } finally {
            m.deactivate();
        }
    }

    @Test
    void anUnknownOrAConfiguredQueueIsNotDeleted() {
        manager.addDefinition(definition("orders", "durable"));
        start();
        assertThat(manager.delete("nothing").toCompletableFuture()).failsWithin(WAIT)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(java.util.NoSuchElementException.class);
        assertThat(manager.delete("orders").toCompletableFuture()).failsWithin(WAIT)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(IllegalStateException.class).withMessageContaining("configuration");
        assertThat(manager.queue("orders")).isPresent();
    }
}
