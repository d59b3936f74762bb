package io.fluxmq.storage.rocksdb;

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
import io.fluxmq.storage.rocksdb.codec.ByteReader;
import io.fluxmq.storage.rocksdb.codec.Keys;
import io.fluxmq.storage.rocksdb.codec.StateCodec;
import io.fluxmq.storage.rocksdb.engine.BatchListener;
import io.fluxmq.storage.rocksdb.engine.ColumnFamily;
import io.fluxmq.storage.rocksdb.engine.StorageErrors;
import io.fluxmq.storage.rocksdb.engine.WriteOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.rocksdb.ColumnFamilyHandle;

/**
 * A {@link StateStore} on RocksDB: sessions, subscriptions, inflight exchanges, offline queues,
 * retained messages, wills and protocols' definitions, each in a column family of the shared {@link RocksDbEnvironment}.
 *
 * <p><b>Threads:</b> every method returns at once. Writes are encoded on the caller's thread and
 * queued to the environment's writer, which completes them after the group commit is durable.
 * Point lookups ({@link #loadSession}, {@link #offlineCount}) read on the caller's thread, a
 * lookup in memtables and the block cache; every scan runs on the environment's read threads, so
 * an event loop never waits for a large read such as {@link #loadRetained()}.
 */
// Immediate: it registers a listener for group commits and holds writer-thread state.
// Configured through the environment component (io.fluxmq.storage.rocksdb.environment), not on its own.
@Component(name = RocksDbStateStore.PID, service = StateStore.class, immediate = true, configurationPolicy = ConfigurationPolicy.IGNORE,
        property = StateStore.BACKEND_PROPERTY + "=" + RocksDbStateStore.BACKEND)
public final class RocksDbStateStore implements StateStore, BatchListener, AutoCloseable {
    /** Component name. */
    public static final String PID = "io.fluxmq.storage.rocksdb.state";
    /** The value of {@value StateStore#BACKEND_PROPERTY}. */
    public static final String BACKEND = "rocksdb";
    static final java.time.Duration START_TIMEOUT = java.time.Duration.ofSeconds(30);

    @Reference
    private RocksDbEnvironment environment;
    // Set by start(), before DS registers the service or a test uses the instance.
    private RocksDbEnvironment env;
    private ColumnFamilyHandle sessions;
    private ColumnFamilyHandle subscriptions;
    private ColumnFamilyHandle inflightCf;
    private ColumnFamilyHandle offlineCf;
    private ColumnFamilyHandle retained;
    private ColumnFamilyHandle wills;
    private ColumnFamilyHandle definitions;
    private OfflineQueues offline;
    private InflightExchanges inflight;
    private volatile boolean open;

    /** For Declarative Services, which injects the environment and calls {@link #activate()}. */
    public RocksDbStateStore() {
    }

    /** A store on an environment opened outside OSGi. */
    public RocksDbStateStore(RocksDbEnvironment env) {
        start(env);
    }

    // An activate method, not constructor injection: SCR reports a failing constructor as a bare
    // InvocationTargetException, a failing activate method with the exception's own message.
    @Activate
    void activate() {
        start(environment);
    }

    private void start(RocksDbEnvironment env) {
        this.env = env;
        this.sessions = env.handle(ColumnFamily.SESSIONS);
        this.subscriptions = env.handle(ColumnFamily.SUBSCRIPTIONS);
        this.inflightCf = env.handle(ColumnFamily.INFLIGHT);
        this.offlineCf = env.handle(ColumnFamily.OFFLINE);
        this.retained = env.handle(ColumnFamily.RETAINED);
        this.wills = env.handle(ColumnFamily.WILLS);
        this.definitions = env.handle(ColumnFamily.DEFINITIONS);
        this.offline = new OfflineQueues(env);
        this.inflight = new InflightExchanges(env);
        env.awaitQueuedWrites(START_TIMEOUT);
        env.addListener(this);
        open = true;
    }

    /**
     * Later calls fail with UNAVAILABLE. Writes already queued are written first, while this
     * instance still follows the group commits their sequence numbers depend on.
     */
    @Deactivate
    @Override
    public void close() {
        open = false;
        if (env != null) {
            Closing.awaitQueuedWrites(env);
            env.removeListener(this);
        }
    }

    @Override
    public String backend() {
        return BACKEND;
    }

    @Override
    public void committed() {
        offline.committed();
        inflight.committed();
    }

    @Override
    public void aborted() {
        offline.aborted();
        inflight.aborted();
    }

    // sessions

    @Override
    public CompletionStage<Void> saveSession(SessionState session) {
        return write("save session", () -> {
            byte[] key = Keys.of(session.clientId());
            byte[] value = StateCodec.session(session);
            return sized(value, batch -> {
                batch.put(sessions, key, value);
                return null;
            });
        });
    }

    @Override
    public CompletionStage<Optional<SessionState>> loadSession(String clientId) {
        return readNow("load session", () -> {
            byte[] value = env.readNow("load session " + clientId, db -> db.get(sessions, Keys.of(clientId)));
            return Optional.ofNullable(value == null ? null : StateCodec.session(clientId, value));
        });
    }

    @Override
    public CompletionStage<List<SessionState>> loadSessions() {
        return readLater("load sessions", db -> {
            List<SessionState> out = new ArrayList<>();
            Scans.all(db, sessions, (k, v) -> out.add(StateCodec.session(keyString(k, "sessions key"), v)));
            return out;
        });
    }

    @Override
    public CompletionStage<Void> deleteSession(String clientId) {
        return write("delete session", () -> {
            byte[] prefix = Keys.of(clientId);
            byte[] end = Keys.prefixEnd(prefix);
            return batch -> {
                batch.delete(sessions, prefix);
                // One range tombstone per family instead of reading every key of the client first.
                batch.deleteRange(subscriptions, prefix, end);
                batch.deleteRange(inflightCf, prefix, end);
                batch.deleteRange(offlineCf, prefix, end);
                offline.deleted(clientId);
                inflight.deleted(clientId);
                return null;
            };
        });
    }

    // subscriptions

    @Override
    public CompletionStage<Void> saveSubscription(String clientId, Subscription subscription) {
        return write("save subscription", () -> {
            byte[] key = Keys.of(clientId, subscription.filter().text());
            byte[] value = StateCodec.subscriptionOptions(subscription.options());
            return batch -> {
                batch.put(subscriptions, key, value);
                return null;
            };
        });
    }

    @Override
    public CompletionStage<Void> deleteSubscription(String clientId, TopicFilter filter) {
        return write("delete subscription", () -> {
            byte[] key = Keys.of(clientId, filter.text());
            return batch -> {
                batch.delete(subscriptions, key);
                return null;
            };
        });
    }

    @Override
    public CompletionStage<List<Subscription>> loadSubscriptions(String clientId) {
        return readLater("load subscriptions", db -> {
            byte[] prefix = Keys.of(clientId);
            List<Subscription> out = new ArrayList<>();
            Scans.prefix(db, subscriptions, prefix, null, (k, v) -> {
                ByteReader key = new ByteReader(k, prefix.length, "subscriptions key of " + clientId);
                String filter = key.readKeyString();
                key.expectEnd();
                return out.add(StateCodec.subscription(filter, v));
            });
            return out;
        });
    }

    @Override
    public CompletionStage<Map<String, List<Subscription>>> loadAllSubscriptions() {
        return readLater("load all subscriptions", db -> {
            Map<String, List<Subscription>> out = new HashMap<>();
            Scans.all(db, subscriptions, (k, v) -> {
                ByteReader key = new ByteReader(k, "subscriptions key");
                String client = key.readKeyString();
                String filter = key.readKeyString();
                key.expectEnd();
                return out.computeIfAbsent(client, c -> new ArrayList<>()).add(StateCodec.subscription(filter, v));
            });
            return out;
        });
    }

    // inflight

    @Override
    public CompletionStage<Void> saveInflight(String clientId, InflightMessage message) {
        return write("save inflight", () -> {
            Objects.requireNonNull(clientId, "clientId");
            int direction = StateCodec.directionCode(message.direction());
            byte[] value = StateCodec.inflight(message);
            return sized(value, batch -> {
                inflight.save(batch, clientId, direction, message.packetId(), value);
                return null;
            });
        });
    }

    @Override
    public CompletionStage<Void> deleteInflight(String clientId, int packetId, InflightMessage.Direction direction) {
        return write("delete inflight", () -> {
            Objects.requireNonNull(clientId, "clientId");
            int code = StateCodec.directionCode(Objects.requireNonNull(direction, "direction"));
            return batch -> {
                inflight.delete(batch, clientId, code, packetId);
                return null;
            };
        });
    }

    @Override
    public CompletionStage<List<InflightMessage>> loadInflight(String clientId) {
        return readLater("load inflight", db -> inflight.load(db, Objects.requireNonNull(clientId, "clientId")));
    }

    // offline queue

    @Override
    public CompletionStage<Long> enqueueOffline(String clientId, Message message) {
        return write("enqueue offline message", () -> {
            Objects.requireNonNull(clientId, "clientId");
            byte[] value = StateCodec.message(message);
            return sized(value, batch -> offline.enqueue(batch, clientId, value));
        });
    }

    @Override
    public CompletionStage<Void> enqueueOfflineCopy(String clientId, StoredMessage message) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        // The check needs the queue's sequences, which only the writer thread knows; an op that
        // threw would fail every write of its batch, so the op answers a rejection instead.
        this.<String>write("enqueue copied offline message", () -> {
            Objects.requireNonNull(clientId, "clientId");
            long sequence = message.sequence();
            byte[] value = StateCodec.message(message.message());
            return sized(value, batch -> offline.enqueueCopy(batch, clientId, sequence, value));
        }).whenComplete((rejection, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            } else if (rejection != null) {
                result.completeExceptionally(new IllegalStateException(rejection));
            } else {
                result.complete(null);
            }
        });
        return result.minimalCompletionStage();
    }

    @Override
    public CompletionStage<List<StoredMessage>> peekOffline(String clientId, int max) {
        if (max < 0) {
            return Stages.failed(new IllegalArgumentException("max must be >= 0: " + max));
        }
        return readLater("peek offline messages", db -> offline.peek(db, Objects.requireNonNull(clientId, "clientId"), max));
    }

    @Override
    public CompletionStage<Void> removeOffline(String clientId, long sequence) {
        return write("remove offline messages", () -> {
            Objects.requireNonNull(clientId, "clientId");
            return batch -> {
                offline.removeUpTo(batch, clientId, sequence);
                return null;
            };
        });
    }

    @Override
    public CompletionStage<Long> offlineCount(String clientId) {
        return readNow("count offline messages", () -> {
            Objects.requireNonNull(clientId, "clientId");
            return env.readNow("count offline messages of " + clientId, db -> offline.count(db, clientId));
        });
    }

    // retained

    @Override
    public CompletionStage<Void> putRetained(Message message) {
        return write("put retained message", () -> {
            byte[] key = Keys.of(message.topic().value());
            byte[] value = StateCodec.message(message);
            return sized(value, batch -> {
                batch.put(retained, key, value);
                return null;
            });
        });
    }

    @Override
    public CompletionStage<Void> removeRetained(TopicName topic) {
        return write("remove retained message", () -> {
            byte[] key = Keys.of(topic.value());
            return batch -> {
                batch.delete(retained, key);
                return null;
            };
        });
    }

    @Override
    public CompletionStage<List<Message>> loadRetained() {
        return readLater("load retained messages", db -> {
            List<Message> out = new ArrayList<>();
            Scans.all(db, retained, (k, v) -> out.add(StateCodec.message(v, "retained message "
                    + keyString(k, "retained key"))));
            return out;
        });
    }

    // wills

    @Override
    public CompletionStage<Void> putWill(WillMessage will) {
        return write("put will", () -> {
            byte[] key = Keys.of(will.clientId());
            byte[] value = StateCodec.will(will.delayIntervalSeconds(), will.message());
            return sized(value, batch -> {
                batch.put(wills, key, value);
                return null;
            });
        });
    }

    @Override
    public CompletionStage<Void> removeWill(String clientId) {
        return write("remove will", () -> {
            byte[] key = Keys.of(clientId);
            return batch -> {
                batch.delete(wills, key);
                return null;
            };
        });
    }

    @Override
    public CompletionStage<List<WillMessage>> loadWills() {
        return readLater("load wills", db -> {
            List<WillMessage> out = new ArrayList<>();
            Scans.all(db, wills, (k, v) -> out.add(StateCodec.will(keyString(k, "wills key"), v)));
            return out;
        });
    }

    // definitions: key (str namespace, str key), so namespaces never collide whatever they contain

    @Override
    public CompletionStage<Void> putDefinition(String namespace, String key, byte[] value) {
        return write("put definition", () -> {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (value.length > MAX_DEFINITION_BYTES) {
                throw new StorageException(StorageException.Kind.FULL, "definition " + namespace + " / " + key
                        + " has " + value.length + " bytes, more than the " + MAX_DEFINITION_BYTES + " allowed");
            }
            byte[] k = Keys.of(namespace, key);
            byte[] v = StateCodec.definition(value);
            return WriteOp.sized(k.length + v.length + 32, batch -> {
                batch.put(definitions, k, v);
                return null;
            });
        });
    }

    @Override
    public CompletionStage<Void> removeDefinition(String namespace, String key) {
        return write("remove definition", () -> {
            byte[] k = Keys.of(Objects.requireNonNull(namespace, "namespace"), Objects.requireNonNull(key, "key"));
            return batch -> {
                batch.delete(definitions, k);
                return null;
            };
        });
    }

    @Override
    public CompletionStage<Map<String, byte[]>> loadDefinitions(String namespace) {
        return readLater("load definitions", db -> {
            byte[] prefix = Keys.of(Objects.requireNonNull(namespace, "namespace"));
            Map<String, byte[]> out = new HashMap<>();
            Scans.prefix(db, definitions, prefix, null, (k, v) -> {
                ByteReader r = new ByteReader(k, prefix.length, "definitions key in " + namespace);
                String key = r.readKeyString();
                r.expectEnd();
                out.put(key, StateCodec.definition(v, "definition " + namespace + " / " + key));
                return true;
            });
            return out;
        });
    }

    @Override
    public CompletionStage<List<String>> definitionNamespaces() {
        return readLater("list definition namespaces", db -> {
            List<String> out = new ArrayList<>();
            Scans.leadingStrings(db, definitions, "definitions key", out::add);
            return out;
        });
    }

    // plumbing

    private <T> CompletionStage<T> write(String what, Supplier<WriteOp<T>> prepare) {
        return Stages.compose(what, () -> {
            ensureOpen(what);
            return env.write(what, prepare.get());
        });
    }

    private <T> CompletionStage<T> readNow(String what, Supplier<T> read) {
        return Stages.supply(what, () -> {
            ensureOpen(what);
            return read.get();
        });
    }

    private <T> CompletionStage<T> readLater(String what, RocksDbEnvironment.Read<T> read) {
        return Stages.compose(what, () -> {
            ensureOpen(what);
            return env.readLater(what, read);
        });
    }

    private void ensureOpen(String what) {
        if (!open) {
            throw StorageErrors.unavailable(what + ": the RocksDB state store is closed");
        }
    }

    private static <T> WriteOp<T> sized(byte[] value, WriteOp<T> op) {
        return WriteOp.sized(value.length + 32, op);
    }

    private static String keyString(byte[] key, String what) {
        ByteReader r = new ByteReader(key, what);
        String s = r.readKeyString();
        r.expectEnd();
        return s;
    }
}
