package io.fluxmq.queue.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.queue.Delivery;
import io.fluxmq.api.queue.DeliveryHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A delivery handler that records what it gets, optionally reacting to each delivery. */
final class Recorder implements DeliveryHandler {
    private final BlockingQueue<Delivery> inbox = new LinkedBlockingQueue<>();
    private final List<Delivery> all = new CopyOnWriteArrayList<>();
    private final List<Long> arrivals = new CopyOnWriteArrayList<>();
    private final Consumer<Delivery> reaction;

    Recorder() {
        this(d -> { });
    }

    /** @param reaction runs on the queue's executor for each delivery, after it is recorded */
    Recorder(Consumer<Delivery> reaction) {
        this.reaction = reaction;
    }

    @Override
    public void deliver(Delivery delivery) {
        all.add(delivery);
        arrivals.add(System.nanoTime());
        inbox.add(delivery);
        reaction.accept(delivery);
    }

    /** The next delivery not yet taken; fails after the test timeout. */
    Delivery next() throws InterruptedException {
        Delivery d = inbox.poll(QueueTestSupport.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(d).as("a delivery within %s", QueueTestSupport.TIMEOUT).isNotNull();
        return d;
    }

    /** Asserts that no delivery arrives within {@code wait}. */
    void expectNothing(Duration wait) throws InterruptedException {
        assertThat(inbox.poll(wait.toMillis(), TimeUnit.MILLISECONDS)).as("no delivery within %s", wait).isNull();
    }

    List<Delivery> all() {
        return all;
    }

    /** System.nanoTime() of each delivery, in order. */
    List<Long> arrivals() {
        return arrivals;
    }
}
