package io.fluxmq.core.queue;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.queue.AckOutcome;
import io.fluxmq.api.queue.ConsumerSpec;
import io.fluxmq.api.queue.Delivery;
import io.fluxmq.api.queue.DeliveryHandler;
import io.fluxmq.api.queue.Queue;
import io.fluxmq.api.queue.QueueConfig;
import io.fluxmq.api.queue.QueueConsumer;
import io.fluxmq.api.queue.QueueContext;
import io.fluxmq.api.queue.QueueStats;
import io.fluxmq.api.queue.QueueType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * A queue type for the manager's tests: keeps every appended message in a list, hands each one,
 * on the queue's serial executor, to the first consumer with credit, and records what it was
 * asked to do. The queue types' own semantics are tested in their bundles.
 */
final class ListQueueType implements QueueType {
    private final String name;
    final List<ListQueue> created = new CopyOnWriteArrayList<>();

    ListQueueType(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Queue create(QueueConfig config, QueueContext context) {
        ListQueue q = new ListQueue(config, context.serialExecutor(config.name()));
        created.add(q);
        return q;
    }

    ListQueue last(String queue) {
        for (int i = created.size() - 1; i >= 0; i--) {
            if (created.get(i).config.name().equals(queue)) {
                return created.get(i);
            }
        }
        throw new AssertionError("no queue " + queue + " was created as " + name);
    }

    static final class ListQueue implements Queue {
        final QueueConfig config;
        final Executor executor;
        final List<Message> messages = new CopyOnWriteArrayList<>();
        final List<Attached> consumers = new ArrayList<>(); // on the executor
        private final List<ConsumerSpec> specs = new CopyOnWriteArrayList<>();
        /** Every ack, nack and reject, as "ack g/c1@0". */
        final List<String> settlements = new CopyOnWriteArrayList<>();
        private int next; // on the executor
        volatile boolean closed;

        ListQueue(QueueConfig config, Executor executor) {
            this.config = config;
            this.executor = executor;
        }

        @Override
        public QueueConfig config() {
            return config;
        }

        @Override
        public CompletionStage<Long> append(Message message) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("closed"));
            }
            CompletableFuture<Long> offset = new CompletableFuture<>();
            executor.execute(() -> {
                messages.add(message);
                offset.complete((long) messages.size() - 1);
                dispatch();
            });
            return offset;
        }

        private void dispatch() {
            for (Attached c : consumers) {
                while (c.credit > 0 && next < messages.size()) {
                    c.credit--;
                    c.handler.deliver(new Delivery(config.name(), c.spec.group(), next, 1, messages.get(next)));
                    next++;
                }
            }
        }

        /** What consumers asked for when they attached, in order. */
        List<ConsumerSpec> attachedSpecs() {
            return List.copyOf(specs);
        }

        @Override
        public QueueConsumer attach(ConsumerSpec spec, DeliveryHandler handler) {
            specs.add(spec);
            Attached a = new Attached(spec, handler);
            executor.execute(() -> consumers.add(a));
            return a;
        }

        @Override
        public CompletionStage<AckOutcome> ack(String group, String consumerId, long offset) {
            settlements.add("ack " + group + "/" + consumerId + "@" + offset);
            return CompletableFuture.completedFuture(AckOutcome.OK);
        }

        @Override
        public CompletionStage<AckOutcome> nack(String group, String consumerId, long offset) {
            settlements.add("nack " + group + "/" + consumerId + "@" + offset);
            return CompletableFuture.completedFuture(AckOutcome.OK);
        }

        @Override
        public CompletionStage<AckOutcome> reject(String group, String consumerId, long offset, String reason) {
            settlements.add("reject " + group + "/" + consumerId + "@" + offset);
            return CompletableFuture.completedFuture(AckOutcome.OK);
        }

        @Override
        public QueueStats stats() {
            return new QueueStats(messages.size(), 0, 0, consumers.size(), messages.size(), next, 0, 0, 0, List.of());
        }

        @Override
        public CompletionStage<Long> purge() {
            return CompletableFuture.completedFuture(0L);
        }

        @Override
        public void close() {
            closed = true;
        }

        final class Attached implements QueueConsumer {
            final ConsumerSpec spec;
            final DeliveryHandler handler;
            int credit; // on the executor

            Attached(ConsumerSpec spec, DeliveryHandler handler) {
                this.spec = spec;
                this.handler = handler;
            }

            @Override
            public ConsumerSpec spec() {
                return spec;
            }

            @Override
            public void addCredit(int n) {
                executor.execute(() -> {
                    credit += n;
                    dispatch();
                });
            }

            @Override
            public void close() {
                executor.execute(() -> consumers.remove(this));
            }
        }
    }
}
