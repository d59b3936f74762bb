package io.fluxmq.core.retained;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.storage.InflightMessage;
import io.fluxmq.api.storage.SessionState;
import io.fluxmq.api.storage.StateStore;
import io.fluxmq.api.storage.StoredMessage;
import io.fluxmq.api.storage.WillMessage;
import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.api.topic.TopicName;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A state store that implements the retained part only, in memory, with hooks to delay the
 * initial load and to fail writes. Everything else throws: the retained service must not use it.
 */
class RetainedOnlyStateStore implements StateStore {
    final Map<TopicName, Message> retained = new ConcurrentHashMap<>();
    private final String backend;
    /** When set, loadRetained() returns this instead of the current contents. */
    volatile CompletableFuture<List<Message>> pendingLoad;
    volatile RuntimeException writeFailure;

    RetainedOnlyStateStore(String backend, Message... initial) {
        this.backend = backend;
        for (Message m : initial) {
            retained.put(m.topic(), m);
        }
    }

    @Override
    public String backend() {
        return backend;
    }

    @Override
    public CompletionStage<Void> putRetained(Message message) {
        if (writeFailure != null) {
            return CompletableFuture.failedFuture(writeFailure);
        }
        retained.put(message.topic(), message);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> removeRetained(TopicName topic) {
        if (writeFailure != null) {
            return CompletableFuture.failedFuture(writeFailure);
        }
        retained.remove(topic);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<List<Message>> loadRetained() {
        CompletableFuture<List<Message>> pending = pendingLoad;
        return pending != null ? pending : CompletableFuture.completedFuture(List.copyOf(retained.values()));
    }

    private static <T> T unused() {
        throw new UnsupportedOperationException("not part of retained messages");
    }

    // Not used by the retained service.

    @Override
    public CompletionStage<Void> saveSession(SessionState session) {
        return unused();
    }

    @Override
    public CompletionStage<Optional<SessionState>> loadSession(String clientId) {
        return unused();
    }

    @Override
    public CompletionStage<List<SessionState>> loadSessions() {
        return unused();
    }

    @Override
    public CompletionStage<Void> deleteSession(String clientId) {
        return unused();
    }

    @Override
    public CompletionStage<Void> saveSubscription(String clientId, Subscription subscription) {
        return unused();
    }

    @Override
    public CompletionStage<Void> deleteSubscription(String clientId, TopicFilter filter) {
        return unused();
    }

    @Override
    public CompletionStage<List<Subscription>> loadSubscriptions(String clientId) {
        return unused();
    }

    @Override
    public CompletionStage<Map<String, List<Subscription>>> loadAllSubscriptions() {
        return unused();
    }

    @Override
    public CompletionStage<Void> saveInflight(String clientId, InflightMessage inflight) {
        return unused();
    }

    @Override
    public CompletionStage<Void> deleteInflight(String clientId, int packetId, InflightMessage.Direction direction) {
        return unused();
    }

    @Override
    public CompletionStage<List<InflightMessage>> loadInflight(String clientId) {
        return unused();
    }

    @Override
    public CompletionStage<Long> enqueueOffline(String clientId, Message message) {
        return unused();
    }

    @Override
    public CompletionStage<Void> enqueueOfflineCopy(String clientId, StoredMessage message) {
        return unused();
    }

    @Override
    public CompletionStage<List<StoredMessage>> peekOffline(String clientId, int max) {
        return unused();
    }

    @Override
    public CompletionStage<Void> removeOffline(String clientId, long sequence) {
        return unused();
    }

    @Override
    public CompletionStage<Long> offlineCount(String clientId) {
        return unused();
    }

    @Override
    public CompletionStage<Void> putWill(WillMessage will) {
        return unused();
    }

    @Override
    public CompletionStage<Void> removeWill(String clientId) {
        return unused();
    }

    @Override
    public CompletionStage<List<WillMessage>> loadWills() {
        return unused();
    }

    @Override
    public CompletionStage<Void> putDefinition(String namespace, String key, byte[] value) {
        return unused();
    }

    @Override
    public CompletionStage<Void> removeDefinition(String namespace, String key) {
        return unused();
    }

    @Override
    public CompletionStage<Map<String, byte[]>> loadDefinitions(String namespace) {
        return unused();
    }

    @Override
    public CompletionStage<List<String>> definitionNamespaces() {
        return unused();
    }
}
