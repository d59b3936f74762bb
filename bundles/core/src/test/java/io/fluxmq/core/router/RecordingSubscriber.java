package io.fluxmq.core.router;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.router.Subscriber;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.topic.TopicFilter;
import java.util.ArrayList;
import java.util.List;

/** A subscriber that remembers what it was given. Thread-safe. */
final class RecordingSubscriber implements Subscriber {
    record Delivery(String subscriberId, Message message, Subscription subscription) {
    }

    private final String id;
    private final List<Delivery> deliveries = new ArrayList<>();

    RecordingSubscriber(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public synchronized void deliver(Message message, Subscription subscription) {
        deliveries.add(new Delivery(id, message, subscription));
    }

    synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    synchronized int count() {
        return deliveries.size();
    }

    synchronized List<TopicFilter> filters() {
        return deliveries.stream().map(d -> d.subscription().filter()).toList();
    }

    synchronized void clear() {
        deliveries.clear();
    }
}
