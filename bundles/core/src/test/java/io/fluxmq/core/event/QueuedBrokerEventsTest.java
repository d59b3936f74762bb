package io.fluxmq.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fluxmq.api.event.BrokerEvent;
import io.fluxmq.api.event.BrokerEventListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QueuedBrokerEventsTest {
    private final QueuedBrokerEvents events = new QueuedBrokerEvents();
    private long nextServiceId = 1;

    @AfterEach
    void stop() {
        events.stop();
    }

    /** A listener that keeps what it gets. */
    static final class Recorder implements BrokerEventListener {
        final List<BrokerEvent> got = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onEvent(BrokerEvent event) {
            got.add(event);
        }

        List<String> types() {
            synchronized (got) {
                return got.stream().map(BrokerEvent::type).toList();
            }
        }
    }

    private Map<String, Object> register(BrokerEventListener listener, Object types) {
        Map<String, Object> props = new HashMap<>();
        props.put("service.id", nextServiceId++);
        if (types != null) {
            props.put(BrokerEventListener.TYPES_PROPERTY, types);
        }
        events.addListener(listener, props);
        return props;
    }

    private static BrokerEvent connected(String clientId) {
        return new BrokerEvent.ClientConnected(1L, clientId, "mqtt", "127.0.0.1:1", null);
    }

    private static BrokerEvent subscribed(String clientId) {
        return new BrokerEvent.Subscribed(1L, clientId, "a/#");
    }

    @Test
    void eventsArriveInPublishOrderOnTheFluxmqEventsDaemonThread() {
        AtomicReference<Thread> dispatchThread = new AtomicReference<>();
        Recorder recorder = new Recorder();
        register(e -> dispatchThread.compareAndSet(null, Thread.currentThread()), null);
        register(recorder, null);
        events.start(10_000);

        for (int i = 0; i < 1_000; i++) {
            events.publish(connected("c" + i));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.got.size() == 1_000);
        for (int i = 0; i < 1_000; i++) {
            assertThat(((BrokerEvent.ClientConnected) recorder.got.get(i)).clientId()).isEqualTo("c" + i);
        }
        assertThat(dispatchThread.get().getName()).isEqualTo("fluxmq-events");
        assertThat(dispatchThread.get().isDaemon()).isTrue();
        assertThat(events.droppedCount()).isZero();

        events.stop();
        await().atMost(Duration.ofSeconds(5)).until(() -> !dispatchThread.get().isAlive());
    }

    @Test
    void listenersGetOnlyTheTypesTheyAskFor() {
        Recorder onlyConnected = new Recorder();
        Recorder subscriptions = new Recorder();
        Recorder everything = new Recorder();
        register(onlyConnected, "client.connected");
        register(subscriptions, new String[] {"client.subscribed", "client.unsubscribed"});
        register(everything, null);
        events.start(100);

        events.publish(connected("a"));
        events.publish(subscribed("a"));
        events.publish(new BrokerEvent.Unsubscribed(2L, "a", "a/#"));
        events.publish(new BrokerEvent.ClientDisconnected(3L, "a", "mqtt", "bye"));

        await().atMost(Duration.ofSeconds(10)).until(() -> everything.got.size() == 4);
        assertThat(onlyConnected.types()).containsExactly("client.connected");
        assertThat(subscriptions.types()).containsExactly("client.subscribed", "client.unsubscribed");
    }

    @Test
    void typesMayAlsoComeAsACollection() {
        assertThat(QueuedBrokerEvents.typesOf(Map.of(BrokerEventListener.TYPES_PROPERTY, List.of("x", "y"))))
                .containsExactlyInAnyOrder("x", "y");
        assertThat(QueuedBrokerEvents.typesOf(Map.of())).isNull();
    }

    @Test
    void aThrowingListenerIsSkippedAndDispatchGoesOn() {
        AtomicInteger calls = new AtomicInteger();
        register(e -> {
            calls.incrementAndGet();
            throw new IllegalStateException("listener bug");
        }, null);
        Recorder recorder = new Recorder();
        register(recorder, null);
        events.start(100);

        events.publish(connected("a"));
        events.publish(connected("b"));
        events.publish(connected("c"));

        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.got.size() == 3);
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void whenTheQueueIsFullNewEventsAreDroppedAndCounted() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Recorder recorder = new Recorder();
        register(e -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }, null);
        register(recorder, null);
        events.start(4);

        events.publish(connected("taken-by-the-dispatcher"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 7; i++) {
            events.publish(connected("queued-or-dropped-" + i));
        }

        assertThat(events.droppedCount()).isEqualTo(3);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.got.size() == 5);
        assertThat(((BrokerEvent.ClientConnected) recorder.got.get(4)).clientId()).isEqualTo("queued-or-dropped-3");
    }

    @Test
    void aRemovedListenerGetsNothingMore() {
        Recorder removed = new Recorder();
        Recorder kept = new Recorder();
        Map<String, Object> props = register(removed, null);
        register(kept, null);
        events.start(100);
        events.publish(connected("a"));
        await().atMost(Duration.ofSeconds(10)).until(() -> kept.got.size() == 1);

        events.removeListener(removed, props);
        events.publish(connected("b"));

        await().atMost(Duration.ofSeconds(10)).until(() -> kept.got.size() == 2);
        assertThat(removed.got).hasSize(1);
    }

    @Test
    void changedTypesTakeEffect() {
        Recorder recorder = new Recorder();
        Map<String, Object> props = register(recorder, "client.connected");
        events.start(100);

        props.put(BrokerEventListener.TYPES_PROPERTY, "client.subscribed");
        events.updatedListener(recorder, props);
        events.publish(connected("a"));
        events.publish(subscribed("a"));

        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.got.size() == 1);
        assertThat(recorder.types()).containsExactly("client.subscribed");
    }

    @Test
    void publishingAfterStopCountsAsDropped() {
        events.start(10);
        events.stop();

        events.publish(connected("late"));

        assertThat(events.droppedCount()).isEqualTo(1);
    }
}
