package io.fluxmq.api.storage;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.api.topic.TopicName;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Broker state that must outlive a connection, and with a persistent backend a restart:
 * sessions, their subscriptions, inflight exchanges and offline queues, retained messages,
 * wills, and the small definition records protocols keep of their own (such as AMQP exchanges,
 * bindings and queues). Implemented by storage bundles; registered with the service property
 * {@value #BACKEND_PROPERTY} naming the backend. Consumers bind the store that delegates to the
 * configured backend with {@link #SELECTED_FILTER}; a filter on {@value #BACKEND_PROPERTY} binds
 * one backend directly and does not follow a change of backend.
 *
 * <p><b>Threads:</b> every method may be called from any thread, including Netty event loops,
 * and never blocks: work is queued to the store's own writer threads. Stages complete on a store
 * thread; callers that continue on an event loop must hop back to it.
 *
 * <p><b>Durability:</b> a write's stage completes only when the write is durable under the
 * backend's sync policy, so a protocol may acknowledge once it completes. A failed write
 * completes exceptionally with a {@link StorageException}.
 *
 * <p><b>Order:</b> writes are applied in the order their calls returned, whether or not the
 * caller waited for the earlier stages: a save issued after a delete of the same key, from any
 * thread, is applied after it. Storage migration relies on this to replay held writes in order.
 *
 * <p><b>Ownership:</b> messages are immutable; the store keeps references (memory) or encodes
 * them (persistent) and hands back equal messages. Returned collections are snapshots.
 *
 * <p><b>Lifecycle:</b> once the store's component is deactivated, every stage fails with
 * {@link StorageException.Kind#UNAVAILABLE}.
 */
@ProviderType
public interface StateStore {
    /** The service property naming the backend, e.g. "memory" or "rocksdb". */
    String BACKEND_PROPERTY = "fluxmq.storage";

    /**
     * The service property ({@code Boolean.TRUE}) of the one StateStore and the one LogStore that
     * delegate to the backend chosen by configuration, and migrate the data when that choice
     * changes. Their {@value #BACKEND_PROPERTY} is "selected".
     *
     * @since 1.1
     */
    String SELECTED_PROPERTY = "fluxmq.storage.selected";

    /**
     * The target filter that binds the selected store, the one consumers should use.
     *
     * @since 1.1
     */
    String SELECTED_FILTER = "(" + SELECTED_PROPERTY + "=true)";

    /**
     * The largest value of a definition record, in bytes (64 KiB): {@link #putDefinition} refuses
     * a larger one.
     *
     * @since 1.2
     */
    int MAX_DEFINITION_BYTES = 64 * 1024;

    /**
     * The backend's name, the value of {@value #BACKEND_PROPERTY}. A store that delegates to the
     * backend selected by configuration answers the name of the backend it uses at the moment.
     */
    String backend();

    // sessions

    CompletionStage<Void> saveSession(SessionState session);

    CompletionStage<Optional<SessionState>> loadSession(String clientId);

    CompletionStage<List<SessionState>> loadSessions();

    /**
     * Deletes the session with its subscriptions, inflight exchanges and offline queue. Wills and
     * retained messages are not touched: the protocol removes a will explicitly.
     */
    CompletionStage<Void> deleteSession(String clientId);

    // subscriptions

    /** Adds or replaces the subscription with the same filter. */
    CompletionStage<Void> saveSubscription(String clientId, Subscription subscription);

    CompletionStage<Void> deleteSubscription(String clientId, TopicFilter filter);

    CompletionStage<List<Subscription>> loadSubscriptions(String clientId);

    /** Every session's subscriptions, keyed by client id (used at start-up to fill the router). */
    CompletionStage<Map<String, List<Subscription>>> loadAllSubscriptions();

    // inflight

    /** Adds or replaces the exchange with the same packet id and direction. */
    CompletionStage<Void> saveInflight(String clientId, InflightMessage inflight);

    CompletionStage<Void> deleteInflight(String clientId, int packetId, InflightMessage.Direction direction);

    /** Ordered by the time they were first saved, so that resends keep the original order. */
    CompletionStage<List<InflightMessage>> loadInflight(String clientId);

    // offline queue

    /**
     * Appends to the session's offline queue; completes with the message's sequence number.
     * Sequence numbers strictly increase per client, also after the queue empties; they may
     * start again after {@link #deleteSession(String)}.
     */
    CompletionStage<Long> enqueueOffline(String clientId, Message message);

    /** Up to {@code max} messages from the head of the offline queue, oldest first. */
    CompletionStage<List<StoredMessage>> peekOffline(String clientId, int max);

    /**
     * Appends a message copied from another store with its sequence number, so that sequence
     * numbers handed out by that store stay valid (a storage migration). When the client's queue
     * holds messages, {@code message.sequence()} must be the last one plus one; when it is empty,
     * greater than every sequence the queue has handed out. Later {@link #enqueueOffline} calls
     * continue after it. The store's limits apply as for {@link #enqueueOffline}.
     *
     * @return a stage that fails with {@link IllegalStateException} when the sequence does not fit
     * @since 1.1
     */
    CompletionStage<Void> enqueueOfflineCopy(String clientId, StoredMessage message);

    /** Removes messages up to and including {@code sequence}. */
    CompletionStage<Void> removeOffline(String clientId, long sequence);

    CompletionStage<Long> offlineCount(String clientId);

    // retained

    /** Stores the retained message of its topic, replacing any previous one. */
    CompletionStage<Void> putRetained(Message message);

    CompletionStage<Void> removeRetained(TopicName topic);

    CompletionStage<List<Message>> loadRetained();

    // wills

    CompletionStage<Void> putWill(WillMessage will);

    CompletionStage<Void> removeWill(String clientId);

    CompletionStage<List<WillMessage>> loadWills();

    // definitions

    /**
     * Stores one definition record of a protocol, replacing the record with the same key in the
     * namespace. Definitions are what a protocol declares and must find again after a restart and
     * after a change of backend, e.g. the durable exchanges, bindings and queues of AMQP 0.9.1.
     * The store does not interpret them.
     *
     * <p>A namespace names the protocol and the kind of record, e.g. {@code "amqp091/exchanges"};
     * keys are unique within their namespace, and the same key in two namespaces names two
     * records. Namespaces and keys may be any strings, the empty string and characters such as
     * {@code '/'} and {@code ':'} included. The store keeps a copy of {@code value}, which may be
     * empty; later changes to the array do not reach it.
     *
     * <p>Durable, ordered and completed on a store thread like every write of this interface.
     *
     * @param namespace the protocol's namespace, e.g. {@code "amqp091/exchanges"}
     * @param key the record's key within the namespace
     * @param value the record, opaque to the store, at most {@link #MAX_DEFINITION_BYTES} bytes
     * @return a stage that fails with {@link StorageException} of kind {@link StorageException.Kind#FULL}
     *     when {@code value} is longer than {@link #MAX_DEFINITION_BYTES}, and with
     *     {@link NullPointerException} when an argument is null; nothing is stored then
     * @since 1.2
     */
    CompletionStage<Void> putDefinition(String namespace, String key, byte[] value);

    /**
     * Removes one definition record; removing a record that does not exist succeeds. Durable and
     * ordered like every write of this interface: a put of the same key issued after it is applied
     * after it.
     *
     * @param namespace the record's namespace
     * @param key the record's key within the namespace
     * @since 1.2
     */
    CompletionStage<Void> removeDefinition(String namespace, String key);

    /**
     * Every definition record of one namespace, key to value, as a snapshot: later writes do not
     * show in the map, and the arrays are the caller's own copies. An unknown namespace answers
     * an empty map. No order.
     *
     * @param namespace the namespace to load; records of other namespaces are never included
     * @since 1.2
     */
    CompletionStage<Map<String, byte[]>> loadDefinitions(String namespace);

    /**
     * The namespaces that hold at least one definition record, in no order, as a snapshot; a
     * namespace whose last record was removed is not listed. Storage migration copies the
     * definitions of exactly these namespaces.
     *
     * @since 1.2
     */
    CompletionStage<List<String>> definitionNamespaces();
}
