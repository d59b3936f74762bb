package io.fluxmq.queue.testkit;

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

/**
 * A delivery handler that records what it is given, in order and with the time of arrival, and
 * optionally reacts to each delivery. Deliveries can be taken one by one ({@link #next()}) or
 * looked at all together ({@link #all()}).
 */
public final class Recorder implements DeliveryHandler {
    private final BlockingQueue<Delivery> inbox = new LinkedBlockingQueue<>();
    private final List<Delivery> all = new CopyOnWriteArrayList<>();
    private final List<Long> arrivals = new CopyOnWriteArrayList<>();
    private final Consumer<Delivery> reaction;

    public Recorder() {
        this(d -> { });
    }

    /** @param reaction runs on the queue's executor for each delivery, after it is recorded */
    public Recorder(Consumer<Delivery> reaction) {
        this.reaction = reaction;
    }

    @Override
    public void deliver(Delivery delivery) {
        all.add(delivery);
        arrivals.add(System.nanoTime());
        inbox.add(delivery);
        reaction.accept(delivery);
    }

    /** The next delivery not yet taken; fails the test after {@link Stages#TIMEOUT}. */
    public Delivery next() throws InterruptedException {
        Delivery d = inbox.poll(Stages.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(d).as("a delivery within %s", Stages.TIMEOUT).isNotNull();
        return d;
    }

    /** Asserts that no delivery arrives within {@code wait}. */
    public void expectNothing(Duration wait) throws InterruptedException {
        assertThat(inbox.poll(wait.toMillis(), TimeUnit.MILLISECONDS)).as("no delivery within %s", wait).isNull();
    }

    /** Every delivery so far, in order (taking them with {@link #next()} does not remove them here). */
    public List<Delivery> all() {
        return all;
    }

    /** {@code System.nanoTime()} of each delivery, in order. */
    public List<Long> arrivals() {
        return arrivals;
    }

    public List<Long> offsets() {
        return all.stream().map(Delivery::offset).toList();
    }

    public List<String> payloads() {
        return all.stream().map(d -> d.message().payloadAsString()).toList();
    }

    public int count() {
        return all.size();
    }
}
