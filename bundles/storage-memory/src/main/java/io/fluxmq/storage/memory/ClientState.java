package io.fluxmq.storage.memory;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.storage.InflightMessage;
import io.fluxmq.api.storage.StorageException;
import io.fluxmq.api.storage.StoredMessage;
import io.fluxmq.api.topic.TopicFilter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One client's subscriptions, inflight exchanges and offline queue. Every method holds the
 * object's monitor, so one client's operations are serialised while different clients never
 * contend. Results are copies.
 */
final class ClientState {
    private final Map<TopicFilter, Subscription> subscriptions = new LinkedHashMap<>();
    // LinkedHashMap keeps the position of a key that is put again, which is exactly the
    // "order of first save" the contract asks for when an exchange moves to its next state.
    private final Map<InflightKey, InflightMessage> inflight = new LinkedHashMap<>();
    private final ArrayDeque<StoredMessage> offline = new ArrayDeque<>();
    private long nextSequence = 1;
    private boolean removed;

    private record InflightKey(int packetId, InflightMessage.Direction direction) {
    }

    /** True once the session was deleted; a writer that finds this must start over with a new state. */
    synchronized boolean isRemoved() {
        return removed;
    }

    /** Empties the state for good; readers that still hold it see nothing. */
    synchronized void markRemoved() {
        removed = true;
        subscriptions.clear();
        inflight.clear();
        offline.clear();
    }

    synchronized boolean isEmpty() {
        return subscriptions.isEmpty() && inflight.isEmpty() && offline.isEmpty();
    }

    synchronized void saveSubscription(Subscription subscription) {
        subscriptions.put(subscription.filter(), subscription);
    }

    synchronized void deleteSubscription(TopicFilter filter) {
        subscriptions.remove(filter);
    }

    synchronized List<Subscription> subscriptions() {
        return List.copyOf(subscriptions.values());
    }

    synchronized void saveInflight(InflightMessage message) {
        inflight.put(new InflightKey(message.packetId(), message.direction()), message);
    }

    synchronized void deleteInflight(int packetId, InflightMessage.Direction direction) {
        inflight.remove(new InflightKey(packetId, direction));
    }

    synchronized List<InflightMessage> inflight() {
        return List.copyOf(inflight.values());
    }

    /**
     * Appends to the offline queue.
     *
     * @param maxMessages the queue's bound, 0 for none
     * @throws StorageException {@link StorageException.Kind#FULL} when the queue holds {@code maxMessages}
     */
    synchronized long enqueue(String clientId, Message message, int maxMessages) {
        if (maxMessages > 0 && offline.size() >= maxMessages) {
            throw new StorageException(StorageException.Kind.FULL,
                    "offline queue of client '" + clientId + "' is full (" + maxMessages + " messages)");
        }
        long sequence = nextSequence++;
        offline.addLast(new StoredMessage(sequence, message));
        return sequence;
    }

    /**
     * Appends a message copied from another store with its sequence number.
     *
     * @throws IllegalStateException when the sequence does not follow the queue's last one
     * @throws StorageException {@link StorageException.Kind#FULL} when the queue holds {@code maxMessages}
     */
    synchronized void enqueueCopy(String clientId, StoredMessage message, int maxMessages) {
        long sequence = message.sequence();
        if (!offline.isEmpty() && sequence != offline.peekLast().sequence() + 1) {
            throw new IllegalStateException("the offline queue of client '" + clientId + "' ends at sequence "
                    + offline.peekLast().sequence() + "; a copied message must follow it, not have sequence " + sequence);
        }
        if (sequence < nextSequence) {
            throw new IllegalStateException("the offline queue of client '" + clientId + "' has handed out sequences"
                    + " up to " + (nextSequence - 1) + "; a copied message cannot have sequence " + sequence);
        }
        if (maxMessages > 0 && offline.size() >= maxMessages) {
            throw new StorageException(StorageException.Kind.FULL,
                    "offline queue of client '" + clientId + "' is full (" + maxMessages + " messages)");
        }
        offline.addLast(message);
        nextSequence = sequence + 1;
    }

    synchronized List<StoredMessage> peek(int max) {
        List<StoredMessage> head = new ArrayList<>(Math.min(max, offline.size()));
        for (StoredMessage m : offline) {
            if (head.size() == max) {
                break;
            }
            head.add(m);
        }
        return List.copyOf(head);
    }

    synchronized void removeUpTo(long sequence) {
        while (!offline.isEmpty() && offline.peekFirst().sequence() <= sequence) {
            offline.removeFirst();
        }
    }

    synchronized long offlineCount() {
        return offline.size();
    }
}
