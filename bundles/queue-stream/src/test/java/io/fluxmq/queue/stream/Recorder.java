package io.fluxmq.queue.stream;

import io.fluxmq.api.queue.Delivery;
import io.fluxmq.api.queue.DeliveryHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A delivery handler that records what it is given. */
final class Recorder implements DeliveryHandler {
    final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    @Override
    public void deliver(Delivery delivery) {
        deliveries.add(delivery);
    }

    List<Long> offsets() {
        return deliveries.stream().map(Delivery::offset).toList();
    }

    List<String> payloads() {
        return deliveries.stream().map(d -> d.message().payloadAsString()).toList();
    }

    int count() {
        return deliveries.size();
    }
}
