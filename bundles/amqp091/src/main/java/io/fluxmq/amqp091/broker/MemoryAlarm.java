package io.fluxmq.amqp091.broker;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory alarm, RabbitMQ's vm_memory_high_watermark: raised when the heap's long-lived
 * generation still holds more than the watermark after a collection (the JVM's collection usage
 * threshold), cleared once it holds less than 90 % of it. While it is raised, connections that
 * publish are read no more and clients that support it are told with connection.blocked.
 */
public final class MemoryAlarm {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryAlarm.class);

    /** Told when the alarm is raised or cleared. <b>Thread:</b> any. */
    public interface Listener {
        void memoryAlarm(boolean raised);
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;
    private final double watermark;
    private MemoryPoolMXBean pool;
    private NotificationListener jmx;
    private ScheduledFuture<?> clearCheck;
    private volatile boolean raised;

    /** @param watermark the fraction of the pool's maximum; 0 turns the alarm off */
    MemoryAlarm(double watermark, ScheduledExecutorService timer) {
        this.watermark = watermark;
        this.timer = timer;
    }

    void start() {
        if (watermark <= 0) {
            return;
        }
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported() && p.getUsage().getMax() > 0
                    && (pool == null || p.getUsage().getMax() > pool.getUsage().getMax())) {
                pool = p; // the largest collected heap pool: the old generation
            }
        }
        if (pool == null) {
            LOG.warn("AMQP-1004 no heap pool supports a collection usage threshold: the memory alarm is off");
            return;
        }
        pool.setCollectionUsageThreshold(threshold());
        jmx = (Notification n, Object handback) -> {
            if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(n.getType())) {
                raisedByCollector();
            }
        };
        ((NotificationEmitter) ManagementFactory.getMemoryMXBean()).addNotificationListener(jmx, null, null);
    }

    private long threshold() {
        return (long) (pool.getUsage().getMax() * watermark);
    }

    void stop() {
        if (jmx != null) {
            try {
                ((NotificationEmitter) ManagementFactory.getMemoryMXBean()).removeNotificationListener(jmx);
            } catch (ListenerNotFoundException e) {
                // already gone
            }
        }
        if (clearCheck != null) {
            clearCheck.cancel(false);
        }
    }

    public boolean raised() {
        return raised;
    }

    public void listen(Listener l) {
        listeners.add(l);
    }

    public void unlisten(Listener l) {
        listeners.remove(l);
    }

    /** The collector found the heap above the watermark: raised until a check finds it below. */
    private synchronized void raisedByCollector() {
        if (!raised) {
            set(true);
            clearCheck = timer.scheduleWithFixedDelay(this::checkCleared, 1, 1, TimeUnit.SECONDS);
        }
    }

    /**
     * Raises or clears the alarm by hand; one the collector raised clears by itself once the heap
     * is below the watermark again.
     */
    public synchronized void set(boolean raise) {
        if (raise == raised) {
            return;
        }
        raised = raise;
        if (raise) {
            LOG.warn("AMQP-1005 memory alarm: the heap holds more than {} % after a collection; publishing "
                    + "connections are blocked until it holds less", Math.round(watermark * 100));
        } else {
            LOG.info("AMQP-0004 memory alarm cleared: publishing connections are read again");
            if (clearCheck != null) {
                clearCheck.cancel(false);
                clearCheck = null;
            }
        }
        for (Listener l : listeners) {
            l.memoryAlarm(raise);
        }
    }

    private void checkCleared() {
        if (pool.getCollectionUsage().getUsed() < threshold() * 0.9) {
            set(false);
        }
    }
}
