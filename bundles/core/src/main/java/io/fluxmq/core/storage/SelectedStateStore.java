package io.fluxmq.core.storage;

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
import java.util.concurrent.CompletionStage;

/**
 * The StateStore registered with {@value StateStore#SELECTED_PROPERTY}: every call goes through the
 * {@link StoreGate} to the state store of the backend in use. Writes are held while a migration
 * runs; reads go to the old backend until the switch. Threads and ownership as for any StateStore.
 */
final class SelectedStateStore implements StateStore {
    private final StoreGate gate;

    SelectedStateStore(StoreGate gate) {
        this.gate = gate;
    }

    @Override
    public String backend() {
        Backend b = gate.current();
        return b == null ? "none" : b.name();
    }

    @Override
    public CompletionStage<Void> saveSession(SessionState session) {
        return gate.write("save session", b -> b.state().saveSession(session));
    }

    @Override
    public CompletionStage<Optional<SessionState>> loadSession(String clientId) {
        return gate.read("load session", b -> b.state().loadSession(clientId));
    }

    @Override
    public CompletionStage<List<SessionState>> loadSessions() {
        return gate.read("load sessions", b -> b.state().loadSessions());
    }

    @Override
    public CompletionStage<Void> deleteSession(String clientId) {
        return gate.write("delete session", b -> b.state().deleteSession(clientId));
    }

    @Override
    public CompletionStage<Void> saveSubscription(String clientId, Subscription subscription) {
        return gate.write("save subscription", b -> b.state().saveSubscription(clientId, subscription));
    }

    @Override
    public CompletionStage<Void> deleteSubscription(String clientId, TopicFilter filter) {
        return gate.write("delete subscription", b -> b.state().deleteSubscription(clientId, filter));
    }

    @Override
    public CompletionStage<List<Subscription>> loadSubscriptions(String clientId) {
        return gate.read("load subscriptions", b -> b.state().loadSubscriptions(clientId));
    }

    @Override
    public CompletionStage<Map<String, List<Subscription>>> loadAllSubscriptions() {
        return gate.read("load all subscriptions", b -> b.state().loadAllSubscriptions());
    }

    @Override
    public CompletionStage<Void> saveInflight(String clientId, InflightMessage inflight) {
        return gate.write("save inflight", b -> b.state().saveInflight(clientId, inflight));
    }

    @Override
    public CompletionStage<Void> deleteInflight(String clientId, int packetId, InflightMessage.Direction direction) {
        return gate.write("delete inflight", b -> b.state().deleteInflight(clientId, packetId, direction));
    }

    @Override
    public CompletionStage<List<InflightMessage>> loadInflight(String clientId) {
        return gate.read("load inflight", b -> b.state().loadInflight(clientId));
    }

    @Override
    public CompletionStage<Long> enqueueOffline(String clientId, Message message) {
        return gate.write("enqueue offline message", b -> b.state().enqueueOffline(clientId, message));
    }

    @Override
    public CompletionStage<List<StoredMessage>> peekOffline(String clientId, int max) {
        return gate.read("peek offline messages", b -> b.state().peekOffline(clientId, max));
    }

    @Override
    public CompletionStage<Void> enqueueOfflineCopy(String clientId, StoredMessage message) {
        return gate.write("enqueue copied offline message", b -> b.state().enqueueOfflineCopy(clientId, message));
    }

    @Override
    public CompletionStage<Void> removeOffline(String clientId, long sequence) {
        return gate.write("remove offline messages", b -> b.state().removeOffline(clientId, sequence));
    }

    @Override
    public CompletionStage<Long> offlineCount(String clientId) {
        return gate.read("count offline messages", b -> b.state().offlineCount(clientId));
    }

    @Override
    public CompletionStage<Void> putRetained(Message message) {
        return gate.write("put retained message", b -> b.state().putRetained(message));
    }

    @Override
    public CompletionStage<Void> removeRetained(TopicName topic) {
        return gate.write("remove retained message", b -> b.state().removeRetained(topic));
    }

    @Override
    public CompletionStage<List<Message>> loadRetained() {
        return gate.read("load retained messages", b -> b.state().loadRetained());
    }

    @Override
    public CompletionStage<Void> putWill(WillMessage will) {
        return gate.write("put will", b -> b.state().putWill(will));
    }

    @Override
    public CompletionStage<Void> removeWill(String clientId) {
        return gate.write("remove will", b -> b.state().removeWill(clientId));
    }

    @Override
    public CompletionStage<List<WillMessage>> loadWills() {
        return gate.read("load wills", b -> b.state().loadWills());
    }

    @Override
    public CompletionStage<Void> putDefinition(String namespace, String key, byte[] value) {
        return gate.write("put definition", b -> b.state().putDefinition(namespace, key, value));
    }

    @Override
    public CompletionStage<Void> removeDefinition(String namespace, String key) {
        return gate.write("remove definition", b -> b.state().removeDefinition(namespace, key));
    }

    @Override
    public CompletionStage<Map<String, byte[]>> loadDefinitions(String namespace) {
        return gate.read("load definitions", b -> b.state().loadDefinitions(namespace));
    }

    @Override
    public CompletionStage<List<String>> definitionNamespaces() {
        return gate.read("list definition namespaces", b -> b.state().definitionNamespaces());
    }

    @Override
    public String toString() {
        return "selected StateStore (" + backend() + ")";
    }
}
