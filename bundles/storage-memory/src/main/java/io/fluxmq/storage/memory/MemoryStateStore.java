package io.fluxmq.storage.memory;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.storage.InflightMessage;
import io.fluxmq.api.storage.SessionState;
import io.fluxmq.api.storage.StateStore;
import io.fluxmq.api.storage.StorageException;
import io.fluxmq.api.storage.StoredMessage;
import io.fluxmq.api.storage.WillMessage;
import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.api.topic.TopicName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A {@link StateStore} that keeps everything on the heap and loses it when the component stops.
 * Meant for development, tests and brokers whose clients all use clean sessions.
 *
 * <p>Each client's subscriptions, inflight exchanges and offline queue live in a
 * {@link ClientState} with its own monitor, so clients never contend with each other; sessions,
 * retained messages and wills are plain concurrent maps; definitions are a map per namespace,
 * used under the namespace's slot of a concurrent map and dropped with its last record. Every method completes its stage before
 * returning. Messages are immutable and kept by reference; definition values are copied on the
 * way in and out; collections handed out are copies.
 */
// Immediate: the data lives in this object; a delayed component would drop it when unused.
@Component(name = MemoryStateStore.PID, service = StateStore.class, immediate = true,
        property = StateStore.BACKEND_PROPERTY + "=" + MemoryStateStore.BACKEND)
@Designate(ocd = MemoryStateStore.Config.class)
public final class MemoryStateStore implements StateStore {
    /** Component name and configuration PID. */
    public static final String PID = "io.fluxmq.storage.memory.state";
    /** The value of {@value StateStore#BACKEND_PROPERTY}. */
    public static final String BACKEND = "memory";

    static final int DEFAULT_MAX_OFFLINE_MESSAGES = 10_000;
    static final int DEFAULT_MAX_RETAINED_MESSAGES = 100_000;

    /** Bounds on what the store keeps, so that misbehaving clients cannot exhaust the heap. */
    @ObjectClassDefinition(name = "FluxMQ in-memory state store",
            description = "Sessions, subscriptions, inflight exchanges, offline queues, retained messages and"
                    + " wills kept on the heap. Everything is lost when the broker or this bundle stops.")
    public @interface Config {
        @AttributeDefinition(name = "Maximum offline messages per client",
                description = "Messages queued for one disconnected client. When reached, further messages"
                        + " for that client are refused (storage FULL, MQTT 5 reason 0x97). 0 means no limit.",
                min = "0")
        int maxOfflineMessages() default DEFAULT_MAX_OFFLINE_MESSAGES;

        @AttributeDefinition(name = "Maximum retained messages",
                description = "Topics with a retained message. When reached, a retained message for a new"
                        + " topic is refused (storage FULL); replacing or clearing one still works."
                        + " 0 means no limit.",
                min = "0")
        int maxRetainedMessages() default DEFAULT_MAX_RETAINED_MESSAGES;
    }

    private final ConcurrentMap<String, SessionState> sessions = new ConcurrentHashMap<>();
    private final ClientStates clients = new ClientStates();
    private final ConcurrentMap<TopicName, Message> retained = new ConcurrentHashMap<>();
    private final AtomicInteger retainedCount = new AtomicInteger();
    private final ConcurrentMap<String, WillMessage> wills = new ConcurrentHashMap<>();
    // The inner maps are only touched inside compute() on the outer one, which locks the namespace's slot.
    private final ConcurrentMap<String, Map<String, byte[]>> definitions = new ConcurrentHashMap<>();
    private volatile int maxOfflineMessages;
    private volatile int maxRetainedMessages;
    private volatile boolean open = true;

    /**
     * A store with the given bounds, for tests.
     *
     * @param maxOfflineMessages see {@link Config#maxOfflineMessages()}; 0 for no limit
     * @param maxRetainedMessages see {@link Config#maxRetainedMessages()}; 0 for no limit
     */
    MemoryStateStore(int maxOfflineMessages, int maxRetainedMessages) {
        applyLimits(maxOfflineMessages, maxRetainedMessages);
    }

    /** A store with the default limits, for use outside OSGi. */
    public MemoryStateStore() {
        this(DEFAULT_MAX_OFFLINE_MESSAGES, DEFAULT_MAX_RETAINED_MESSAGES);
    }

    /** The Declarative Services constructor, with the configuration of the component's PID. */
    @Activate
    public MemoryStateStore(Config config) {
        this(config.maxOfflineMessages(), config.maxRetainedMessages());
    }

    /** New limits apply to later writes; what is stored is kept even when it is over the new limit. */
    @Modified
    void modified(Config config) {
        applyLimits(config.maxOfflineMessages(), config.maxRetainedMessages());
    }

    /** Drops everything; later calls fail with {@link StorageException.Kind#UNAVAILABLE}. */
    @Deactivate
    public void close() {
        open = false;
        sessions.clear();
        clients.clear();
        retained.clear();
        retainedCount.set(0);
        wills.clear();
        definitions.clear();
    }

    private void applyLimits(int offline, int retainedMax) {
        if (offline < 0 || retainedMax < 0) {
            throw new IllegalArgumentException("limits must be >= 0 (0 = no limit): maxOfflineMessages="
                    + offline + ", maxRetainedMessages=" + retainedMax);
        }
        this.maxOfflineMessages = offline;
        this.maxRetainedMessages = retainedMax;
    }

    @Override
    public String backend() {
        return BACKEND;
    }

    // sessions

    @Override
    public CompletionStage<Void> saveSession(SessionState session) {
        return Stages.run(() -> {
            ensureOpen();
            sessions.put(session.clientId(), session);
        });
    }

    @Override
    public CompletionStage<Optional<SessionState>> loadSession(String clientId) {
        return Stages.supply(() -> {
            ensureOpen();
            return Optional.ofNullable(sessions.get(clientId));
        });
    }

    @Override
    public CompletionStage<List<SessionState>> loadSessions() {
        return Stages.supply(() -> {
            ensureOpen();
            return List.copyOf(sessions.values());
        });
    }

    @Override
    public CompletionStage<Void> deleteSession(String clientId) {
        return Stages.run(() -> {
            ensureOpen();
            sessions.remove(clientId);
            clients.remove(clientId);
        });
    }

    // subscriptions

    @Override
    public CompletionStage<Void> saveSubscription(String clientId, Subscription subscription) {
        return Stages.run(() -> writeClient(clientId, state -> {
            state.saveSubscription(Objects.requireNonNull(subscription, "subscription"));
            return null;
        }));
    }

    @Override
    public CompletionStage<Void> deleteSubscription(String clientId, TopicFilter filter) {
        return Stages.run(() -> readClient(clientId).ifPresent(s -> s.deleteSubscription(filter)));
    }

    @Override
    public CompletionStage<List<Subscription>> loadSubscriptions(String clientId) {
        return Stages.supply(() -> readClient(clientId).map(ClientState::subscriptions).orElse(List.of()));
    }

    @Override
    public CompletionStage<Map<String, List<Subscription>>> loadAllSubscriptions() {
        return Stages.supply(() -> {
            ensureOpen();
            return clients.allSubscriptions();
        });
    }

    // inflight

    @Override
    public CompletionStage<Void> saveInflight(String clientId, InflightMessage inflight) {
        return Stages.run(() -> writeClient(clientId, state -> {
            state.saveInflight(Objects.requireNonNull(inflight, "inflight"));
            return null;
        }));
    }

    @Override
    public CompletionStage<Void> deleteInflight(String clientId, int packetId, InflightMessage.Direction direction) {
        return Stages.run(() -> readClient(clientId).ifPresent(s -> s.deleteInflight(packetId, direction)));
    }

    @Override
    public CompletionStage<List<InflightMessage>> loadInflight(String clientId) {
        return Stages.supply(() -> readClient(clientId).map(ClientState::inflight).orElse(List.of()));
    }

    // offline queue

    @Override
    public CompletionStage<Long> enqueueOffline(String clientId, Message message) {
        return Stages.supply(() -> writeClient(clientId,
                state -> state.enqueue(clientId, Objects.requireNonNull(message, "message"), maxOfflineMessages)));
    }

    @Override
    public CompletionStage<Void> enqueueOfflineCopy(String clientId, StoredMessage message) {
        return Stages.run(() -> {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(message.message(), "message.message");
            writeClient(clientId, state -> {
                state.enqueueCopy(clientId, message, maxOfflineMessages);
                return null;
            });
        });
    }

    @Override
    public CompletionStage<List<StoredMessage>> peekOffline(String clientId, int max) {
        return Stages.supply(() -> {
            if (max < 0) {
                throw new IllegalArgumentException("max must be >= 0: " + max);
            }
            return readClient(clientId).map(s -> s.peek(max)).orElse(List.of());
        });
    }

    @Override
    public CompletionStage<Void> removeOffline(String clientId, long sequence) {
        return Stages.run(() -> readClient(clientId).ifPresent(s -> s.removeUpTo(sequence)));
    }

    @Override
    public CompletionStage<Long> offlineCount(String clientId) {
        return Stages.supply(() -> readClient(clientId).map(ClientState::offlineCount).orElse(0L));
    }

    // retained

    @Override
    public CompletionStage<Void> putRetained(Message message) {
        return Stages.run(() -> {
            ensureOpen();
            int max = maxRetainedMessages;
            retained.compute(message.topic(), (topic, previous) -> {
                if (previous == null) {
                    // Take the slot before checking, so that concurrent new topics cannot overshoot.
                    int count = retainedCount.incrementAndGet();
                    if (max > 0 && count > max) {
                        retainedCount.decrementAndGet();
                        throw new StorageException(StorageException.Kind.FULL,
                                "retained message limit reached (" + max + " topics)");
                    }
                }
                return message;
            });
        });
    }

    @Override
    public CompletionStage<Void> removeRetained(TopicName topic) {
        return Stages.run(() -> {
            ensureOpen();
            if (retained.remove(topic) != null) {
                retainedCount.decrementAndGet();
            }
        });
    }

    @Override
    public CompletionStage<List<Message>> loadRetained() {
        return Stages.supply(() -> {
            ensureOpen();
            return List.copyOf(retained.values());
        });
    }

    // wills

    @Override
    public CompletionStage<Void> putWill(WillMessage will) {
        return Stages.run(() -> {
            ensureOpen();
            wills.put(will.clientId(), will);
        });
    }

    @Override
    public CompletionStage<Void> removeWill(String clientId) {
        return Stages.run(() -> {
            ensureOpen();
            wills.remove(clientId);
        });
    }

    @Override
    public CompletionStage<List<WillMessage>> loadWills() {
        return Stages.supply(() -> {
            ensureOpen();
            return List.copyOf(wills.values());
        });
    }

    // definitions

    @Override
    public CompletionStage<Void> putDefinition(String namespace, String key, byte[] value) {
        return Stages.run(() -> {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (value.length > MAX_DEFINITION_BYTES) {
                throw new StorageException(StorageException.Kind.FULL, "definition " + namespace + " / " + key
                        + " has " + value.length + " bytes, more than the " + MAX_DEFINITION_BYTES + " allowed");
            }
            ensureOpen();
            byte[] copy = value.clone();
            definitions.compute(namespace, (ns, records) -> {
                Map<String, byte[]> map = records != null ? records : new HashMap<>();
                map.put(key, copy);
                return map;
            });
        });
    }

    @Override
    public CompletionStage<Void> removeDefinition(String namespace, String key) {
        return Stages.run(() -> {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(key, "key");
            ensureOpen();
            definitions.computeIfPresent(namespace, (ns, records) -> {
                records.remove(key);
                return records.isEmpty() ? null : records;
            });
        });
    }

    @Override
    public CompletionStage<Map<String, byte[]>> loadDefinitions(String namespace) {
        return Stages.supply(() -> {
            Objects.requireNonNull(namespace, "namespace");
            ensureOpen();
            Map<String, byte[]> out = new HashMap<>();
            definitions.computeIfPresent(namespace, (ns, records) -> {
                records.forEach((k, v) -> out.put(k, Arrays.copyOf(v, v.length)));
                return records;
            });
            return out;
        });
    }

    @Override
    public CompletionStage<List<String>> definitionNamespaces() {
        return Stages.supply(() -> {
            ensureOpen();
            return new ArrayList<>(definitions.keySet());
        });
    }

    private void ensureOpen() {
        if (!open) {
            throw new StorageException(StorageException.Kind.UNAVAILABLE, "the in-memory state store is closed");
        }
    }

    private Optional<ClientState> readClient(String clientId) {
        ensureOpen();
        return clients.find(clientId);
    }

    private <T> T writeClient(String clientId, Function<ClientState, T> write) {
        ensureOpen();
        return clients.write(clientId, write);
    }
}
