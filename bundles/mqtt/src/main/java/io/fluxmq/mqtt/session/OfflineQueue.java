package io.fluxmq.mqtt.session;

import io.fluxmq.api.queue.OverflowPolicy;
import io.fluxmq.api.storage.StateStore;
import io.fluxmq.api.storage.StoredMessage;
import io.fluxmq.mqtt.broker.MqttBroker;
import io.fluxmq.mqtt.publish.Outgoing;
import io.fluxmq.mqtt.publish.StorageWrites;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A persistent session's queue of messages that arrived while it could not take them, kept in the
 * {@link StateStore} (so that it survives an update of this bundle). Bounded in messages and
 * payload bytes; a full queue applies the configured {@link OverflowPolicy}, and every dropped
 * message is counted.
 *
 * <p>The counters are kept here, in memory, as a cheap approximation of what the store holds: they
 * are rebuilt from the store when sessions are loaded.
 *
 * <p>While the queue has a <em>backlog</em> (messages stored but not yet handed to the connection),
 * new messages for a connected session are appended here too, so that they are delivered after
 * the older ones.
 */
public final class OfflineQueue {
    private static final Logger LOG = LoggerFactory.getLogger(OfflineQueue.class);
    private static final AtomicLong OVERFLOWS = new AtomicLong();

    private final MqttBroker broker;
    private final String clientId;
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile boolean backlog;

    OfflineQueue(MqttBroker broker, String clientId) {
        this.broker = broker;
        this.clientId = clientId;
    }

    public boolean hasBacklog() {
        return backlog;
    }

    public void markBacklog() {
        backlog = true;
    }

    /** Called by the draining connection when the store returned nothing more. */
    public void clearBacklog() {
        backlog = false;
    }

    public long messages() {
        return messages.get();
    }

    public long bytes() {
        return bytes.get();
    }

    /** Counters as found in the store at load time. */
    void restore(long count, long size) {
        messages.set(count);
        bytes.set(size);
        backlog = count > 0;
    }

    void reset() {
        messages.set(0);
        bytes.set(0);
        backlog = false;
    }

    /**
     * Appends the message, applying the overflow policy. <b>Thread:</b> any; the publisher's when
     * called from routing, in which case the write is registered with {@link StorageWrites} so that
     * the publisher is acknowledged only once it is durable.
     *
     * @param owner told once the message is stored, so that a connected session fetches it; or null
     */
    public CompletionStage<Void> enqueue(Outgoing outgoing, SessionOwner owner) {
        int size = outgoing.size();
        var settings = broker.settings();
        boolean full = messages.get() >= settings.maxOfflineMessages() || bytes.get() + size > settings.maxOfflineBytes();
        if (full && settings.overflowPolicy() == OverflowPolicy.REJECT_NEW) {
            broker.dropped(clientId, outgoing.message().topic().value(), "offline queue full");
            overflow("the new message was dropped");
            return CompletableFuture.completedFuture(null);
        }
        backlog = true;
        messages.incrementAndGet();
        bytes.addAndGet(size);
        // fails when the append did: the publisher is then refused instead of acknowledged (StorageWrites)
        CompletionStage<Void> written = broker.store().enqueueOffline(clientId, outgoing.toStored())
                .handle((seq, failure) -> {
                    if (failure != null) {
                        messages.decrementAndGet();
                        bytes.addAndGet(-size);
                        broker.dropped(clientId, outgoing.message().topic().value(), "offline queue store failure");
                        StoreFailures.log("append to the offline queue of client '" + clientId + "'", failure);
                    } else if (owner != null) {
                        owner.offlineQueued();
                    }
                    return failure;
                }).thenCompose(failure -> failure == null ? CompletableFuture.<Void>completedFuture(null)
                        : CompletableFuture.<Void>failedFuture(failure));
        if (full) {
            overflow("the oldest message was dropped");
            written = written.thenCompose(v -> dropOldest(8));
        }
        StorageWrites.add(written);
        return written;
    }

    /** Drops from the head until the queue is within its limits, at most {@code budget} messages. */
    private CompletionStage<Void> dropOldest(int budget) {
        var settings = broker.settings();
        if (budget == 0 || (messages.get() <= settings.maxOfflineMessages() && bytes.get() <= settings.maxOfflineBytes())) {
            return CompletableFuture.completedFuture(null);
        }
        return broker.store().peekOffline(clientId, 1).thenCompose((List<StoredMessage> head) -> {
            if (head.isEmpty()) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            StoredMessage oldest = head.get(0);
            return broker.store().removeOffline(clientId, oldest.sequence()).thenCompose(v -> {
                removed(1, oldest.message().payloadSize());
                broker.dropped(clientId, oldest.message().topic().value(), "offline queue full");
                return dropOldest(budget - 1);
            });
        }).exceptionally(failure -> {
            StoreFailures.log("drop the oldest offline message of client '" + clientId + "'", failure);
            return null;
        });
    }

    /** Messages left the queue (delivered or dropped). */
    public void removed(long count, long size) {
        messages.addAndGet(-count);
        bytes.addAndGet(-size);
    }

    /** Logs; the drop itself is counted where the message goes. */
    private void overflow(String what) {
        long n = OVERFLOWS.incrementAndGet();
        if (Long.bitCount(n) == 1) { // 1st, 2nd, 4th... overflow: visible without flooding the log
            var s = broker.settings();
            LOG.warn("MQTT-4001 the offline queue of client '{}' is full ({} messages or {} bytes, policy {}): {}; "
                    + "{} overflow(s) so far", clientId, s.maxOfflineMessages(), s.maxOfflineBytes(),
                    s.overflowPolicy(), what, n);
        }
    }
}
