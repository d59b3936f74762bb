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
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.Supplier;
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
 * <p>While the queue has a <em>backlog</em> (messages stored, or being stored, but not yet handed
 * to the connection), new messages for a connected session are appended here too, so that they
 * are delivered after the older ones (section 4.6). The backlog ends only when a read of the
 * store that began after the last append completed found nothing: an append still being written
 * is not visible to a read yet, and a message routed meanwhile would overtake it.
 */
public final class OfflineQueue {
    private static final Logger LOG = LoggerFactory.getLogger(OfflineQueue.class);
    private static final AtomicLong OVERFLOWS = new AtomicLong();

    private final MqttBroker broker;
    private final String clientId;
    private final Supplier<SessionOwner> owner;
    // counters as fields, not AtomicLong objects: every session has a queue (idle RSS)
    private static final AtomicLongFieldUpdater<OfflineQueue> MESSAGES =
            AtomicLongFieldUpdater.newUpdater(OfflineQueue.class, "messages");
    private static final AtomicLongFieldUpdater<OfflineQueue> BYTES =
            AtomicLongFieldUpdater.newUpdater(OfflineQueue.class, "bytes");
    private volatile long messages;
    private volatile long bytes;
    private volatile boolean backlog;
    /** Appends started and not completed, and appends completed so far; guarded by {@code this}. */
    private int writing;
    private long written;

    OfflineQueue(MqttBroker broker, String clientId, Supplier<SessionOwner> owner) {
        this.broker = broker;
        this.clientId = clientId;
        this.owner = owner;
    }

    public boolean hasBacklog() {
        return backlog;
    }

    public void markBacklog() {
        backlog = true;
    }

    /**
     * Taken by the draining connection before it reads the store: what {@link #clearBacklog(long)}
     * compares with, or -1 while an append is being written (the read could miss it).
     */
    public synchronized long drainMark() {
        return writing == 0 ? written : -1;
    }

    /**
     * The draining connection's read, begun at {@code mark}, found nothing more: the backlog ends
     * unless an append was started or completed since. A later completion drains again.
     *
     * @return whether the backlog ended
     */
    public synchronized boolean clearBacklog(long mark) {
        if (mark < 0 || writing > 0 || written != mark) {
            return false;
        }
        backlog = false;
        return true;
    }

    /**
     * Appends the message behind the backlog, if there still is one, as one step with the check,
     * so that a backlog ending meanwhile cannot let a later message overtake it. <b>Thread:</b> any.
     *
     * @return the append, or null when there is no backlog (the caller delivers directly)
     */
    public CompletionStage<Void> enqueueBehindBacklog(Outgoing outgoing) {
        synchronized (this) {
            if (!backlog) {
                return null;
            }
            writing++;
        }
        return append(outgoing);
    }

    public long messages() {
        return messages;
    }

    public long bytes() {
        return bytes;
    }

    /** Counters as found in the store at load time. */
    void restore(long count, long size) {
        messages = count;
        bytes = size;
        backlog = count > 0;
    }

    synchronized void reset() {
        messages = 0;
        bytes = 0;
        backlog = false;
    }

    /**
     * Appends the message, applying the overflow policy. <b>Thread:</b> any; the publisher's when
     * called from routing, in which case the write is registered with {@link StorageWrites} so that
     * the publisher is acknowledged only once it is durable. Once it is stored, the session's
     * owner at that time, if any, is told so that it fetches it.
     */
    public CompletionStage<Void> enqueue(Outgoing outgoing) {
        synchronized (this) {
            backlog = true;
            writing++;
        }
        return append(outgoing);
    }

    private CompletionStage<Void> append(Outgoing outgoing) {
        int size = outgoing.size();
        var settings = broker.settings();
        boolean full = messages >= settings.maxOfflineMessages() || bytes + size > settings.maxOfflineBytes();
        if (full && settings.overflowPolicy() == OverflowPolicy.REJECT_NEW) {
            appended();
            broker.dropped(clientId, outgoing.message().topic().value(), "offline queue full");
            overflow("the new message was dropped");
            return CompletableFuture.completedFuture(null);
        }
        MESSAGES.incrementAndGet(this);
        BYTES.addAndGet(this, size);
        // fails when the append did: the publisher is then refused instead of acknowledged (StorageWrites)
        CompletionStage<Void> written = broker.store().enqueueOffline(clientId, outgoing.toStored())
                .handle((seq, failure) -> {
                    appended();
                    SessionOwner current = owner.get();
                    if (failure != null) {
                        MESSAGES.decrementAndGet(this);
                        BYTES.addAndGet(this, -size);
                        broker.dropped(clientId, outgoing.message().topic().value(), "offline queue store failure");
                        StoreFailures.log("append to the offline queue of client '" + clientId + "'", failure);
                    } else if (current != null) {
                        current.offlineQueued();
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

    private synchronized void appended() {
        writing--;
        written++;
    }

    /** Drops from the head until the queue is within its limits, at most {@code budget} messages. */
    private CompletionStage<Void> dropOldest(int budget) {
        var settings = broker.settings();
        if (budget == 0 || (messages <= settings.maxOfflineMessages() && bytes <= settings.maxOfflineBytes())) {
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
        MESSAGES.addAndGet(this, -count);
        BYTES.addAndGet(this, -size);
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
