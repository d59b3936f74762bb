package io.fluxmq.core.event;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.fluxmq.api.event.BrokerEvent;
import io.fluxmq.api.event.BrokerEventListener;
import io.fluxmq.api.event.BrokerEvents;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * {@link BrokerEvents} through a bounded queue and one daemon thread, "fluxmq-events", that hands
 * each event to every {@link BrokerEventListener} service (whiteboard) whose
 * {@value BrokerEventListener#TYPES_PROPERTY} property, when set, names its type. Publishers never
 * wait: when the queue is full the event is dropped and counted (overflow policy: drop new).
 * Events reach each listener in the order they were published. A listener that throws is logged
 * (CORE-3001) and dispatch goes on.
 *
 * <p>Changing the capacity restarts the component; events still queued then are dropped.
 */
@Component(name = "io.fluxmq.core.events", service = BrokerEvents.class, immediate = true)
@Designate(ocd = QueuedBrokerEvents.Config.class)
public final class QueuedBrokerEvents implements BrokerEvents {
    static final String THREAD_NAME = "fluxmq-events";
    private static final Logger LOG = LoggerFactory.getLogger("io.fluxmq.core.event");

    @ObjectClassDefinition(name = "FluxMQ broker events",
            description = "Queues broker events (connections, subscriptions, drops) for the event listeners: "
                    + "webhooks, telemetry, the console.")
    @interface Config {
        @AttributeDefinition(name = "Queue capacity", min = "1", max = "10000000",
                description = "Events waiting for dispatch at most. When the listeners fall behind and the queue "
                        + "is full, new events are dropped and counted.")
        int queue_capacity() default 10_000;
    }

    /** Keyed by service.id, so listeners are called in registration order. */
    private final Map<Long, ListenerEntry> listeners = new ConcurrentSkipListMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private volatile BlockingQueue<BrokerEvent> queue;
    private volatile Thread dispatcher;

    @Activate
    void activate(Config config) {
        start(config.queue_capacity());
    }

    /** Starts the dispatch thread; {@link #activate} without a Config, for tests. */
    void start(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue.capacity must be at least 1, was " + capacity);
        }
        BlockingQueue<BrokerEvent> q = new ArrayBlockingQueue<>(capacity);
        Thread t = new Thread(() -> dispatchUntilStopped(q), THREAD_NAME);
        t.setDaemon(true);
        queue = q;
        dispatcher = t;
        t.start();
    }

    @Deactivate
    void stop() {
        Thread t = dispatcher;
        dispatcher = null;
        BlockingQueue<BrokerEvent> q = queue;
        queue = null;
        if (t == null) {
            return;
        }
        t.interrupt();
        try {
            t.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warn("CORE-3002 an event listener did not return within 2 s of shutdown; "
                    + "the fluxmq-events thread is left to finish it");
        }
        int left = q.size();
        if (left > 0) {
            LOG.info(left + " broker events were still queued at shutdown and are dropped");
        }
    }

    @Override
    public void publish(BrokerEvent event) {
        BlockingQueue<BrokerEvent> q = queue;
        if (q == null || !q.offer(event)) {
            dropped.incrementAndGet();
        }
    }

    @Override
    public long droppedCount() {
        return dropped.get();
    }

    @Reference(name = "listener", service = BrokerEventListener.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeListener", updated = "updatedListener")
    void addListener(BrokerEventListener listener, Map<String, Object> properties) {
        listeners.put(serviceId(properties), new ListenerEntry(listener, typesOf(properties)));
    }

    void updatedListener(BrokerEventListener listener, Map<String, Object> properties) {
        addListener(listener, properties);
    }

    void removeListener(BrokerEventListener listener, Map<String, Object> properties) {
        listeners.remove(serviceId(properties));
    }

    private void dispatchUntilStopped(BlockingQueue<BrokerEvent> q) {
        Thread self = Thread.currentThread();
        try {
            // The identity check, with a timed poll, ends the thread even if a listener swallowed
            // the interrupt that stop() sent.
            while (dispatcher == self) {
                BrokerEvent event = q.poll(1, TimeUnit.SECONDS);
                if (event == null) {
                    continue;
                }
                for (ListenerEntry entry : listeners.values()) {
                    entry.offer(event);
                }
            }
        } catch (InterruptedException e) {
            // stop() asked us to end; nothing to restore, the thread is finishing
        }
    }

    private static long serviceId(Map<String, Object> properties) {
        Object id = properties.get(Constants.SERVICE_ID);
        if (!(id instanceof Long l)) {
            throw new IllegalArgumentException("listener without " + Constants.SERVICE_ID);
        }
        return l;
    }

    /** The types a listener asked for, or null for all; accepts String, String[] or a collection. */
    static Set<String> typesOf(Map<String, Object> properties) {
        Object value = properties.get(BrokerEventListener.TYPES_PROPERTY);
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return Set.of(s);
        }
        if (value instanceof String[] a) {
            return Set.copyOf(List.of(a));
        }
        if (value instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).collect(Collectors.toUnmodifiableSet());
        }
        LOG.warn("CORE-3003 ignoring " + BrokerEventListener.TYPES_PROPERTY + " of type "
                + value.getClass().getName() + "; use a String or String[]. The listener gets every event");
        return null;
    }

    /** A listener, the event types it wants (null: all) and how often it failed. */
    private record ListenerEntry(BrokerEventListener listener, Set<String> types, AtomicLong failures) {
        ListenerEntry(BrokerEventListener listener, Set<String> types) {
            this(listener, types, new AtomicLong());
        }

        void offer(BrokerEvent event) {
            if (types != null && !types.contains(event.type())) {
                return;
            }
            try {
                listener.onEvent(event);
            } catch (Exception | LinkageError e) {
                // Exception, not only RuntimeException: a listener may throw checked ones sneakily.
                long n = failures.incrementAndGet();
                // The 1st, 2nd, 4th... failure: a listener that always throws must not flood the log.
                if (Long.bitCount(n) == 1) {
                    LOG.warn("CORE-3001 broker event listener " + listener.getClass().getName()
                            + " failed on a " + event.type() + " event; dispatch goes on (" + n
                            + " failures of this listener)", e);
                }
            }
        }
    }
}
