package io.fluxmq.it.storage;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An MQTT client of the storage tests (Paho 5 or Paho 3.1.1, see {@link PahoV5RecordingClient} and
 * {@link PahoV3RecordingClient}) that records every message it receives, in arrival order, and every
 * time it lost its connection. No automatic reconnect: a lost connection stays visible.
 */
abstract class RecordingClient implements AutoCloseable {
    /** One received message. */
    record Received(String topic, String payload, boolean retained) {
    }

    static final Duration WAIT = Duration.ofSeconds(30);

    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final AtomicInteger connectionsLost = new AtomicInteger();

    /** Connects; {@code persistent}: a session kept for an hour (3.1.1: clean session 0). Returns session present. */
    abstract boolean connect(boolean persistent) throws Exception;

    /** Subscribes to each filter at QoS 1. */
    abstract void subscribe(String... filters) throws Exception;

    /** Publishes at QoS 1 and waits for the PUBACK; returns its reason code (0 for MQTT 3.1.1). */
    abstract int publish(String topic, String payload, boolean retain) throws Exception;

    abstract boolean isConnected();

    /** A normal DISCONNECT; the session stays when it is persistent. */
    abstract void disconnect() throws Exception;

    final void onMessage(String topic, byte[] payload, boolean retained) {
        received.add(new Received(topic, new String(payload, StandardCharsets.UTF_8), retained));
    }

    final void onConnectionLost() {
        connectionsLost.incrementAndGet();
    }

    int connectionsLost() {
        return connectionsLost.get();
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    /** Payloads received on {@code topic}, in arrival order. */
    List<String> payloads(String topic) {
        return received.stream().filter(r -> r.topic().equals(topic)).map(Received::payload).toList();
    }

    /** The latest payload received per topic among those starting with {@code prefix}. */
    Map<String, String> latestByTopic(String prefix) {
        Map<String, String> latest = new java.util.TreeMap<>();
        for (Received r : received) {
            if (r.topic().startsWith(prefix)) {
                latest.put(r.topic(), r.payload());
            }
        }
        return latest;
    }

    /** Waits (at most {@link #WAIT}) until {@code topic} has brought every one of {@code expected}; returns what it brought. */
    List<String> awaitPayloads(String topic, Collection<String> expected) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> got = payloads(topic);
        while (!got.containsAll(expected) && System.nanoTime() < deadline) {
            sleep(50);
            got = payloads(topic);
        }
        return got;
    }

    /** Waits until {@code count} messages arrived on topics starting with {@code prefix}, then a little longer for extras. */
    Map<String, String> awaitTopics(String prefix, int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (latestByTopic(prefix).size() < count && System.nanoTime() < deadline) {
            sleep(50);
        }
        sleep(300);
        return latestByTopic(prefix);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
