package io.fluxmq.mqtt.session;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.message.QoS;
import io.fluxmq.api.router.Subscriber;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.storage.SessionState;
import io.fluxmq.api.storage.WillMessage;
import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.mqtt.broker.MqttBroker;
import io.fluxmq.mqtt.publish.Outgoing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/**
 * One client's session (section 4.1): what outlives a connection. Its subscriptions are in the
 * router for as long as the session lives, connected or not; a persistent session (expiry above 0)
 * mirrors them, its inflight exchanges, its offline queue and its will in the state store.
 *
 * <p><b>Threads.</b> {@link #deliver} runs on publishers' threads; the owner field, the
 * subscription snapshot and the expiry are volatile and replaced whole; the owner changes under
 * the {@link SessionRegistry}'s lock for the client id. Everything that is runtime state of a
 * connection (inflight, packet ids) lives in the owning connection, not here.
 */
public final class Session {
    private final MqttBroker broker;
    private final String clientId;
    private final SessionSubscriber subscriber;
    private final OfflineQueue offline;
    private volatile SessionOwner owner;
    private volatile long expirySeconds;
    private volatile int protocolLevel;
    private volatile long disconnectedAtMillis;
    private volatile Map<TopicFilter, Subscription> subscriptions = Map.of();
    private volatile WillMessage will;
    private volatile List<RetainedWatch> retainedWatches = List.of();
    private ScheduledFuture<?> willTimer;
    private WillMessage pendingWill;
    private ScheduledFuture<?> expiryTimer;

    Session(MqttBroker broker, String clientId) {
        this.broker = broker;
        this.clientId = clientId;
        this.subscriber = new SessionSubscriber(this);
        this.offline = new OfflineQueue(broker, clientId, this::owner);
    }

    public String clientId() {
        return clientId;
    }

    public Subscriber subscriber() {
        return subscriber;
    }

    /** The id of this session in the router (for no-local). */
    public String subscriberId() {
        return subscriber.id();
    }

    public OfflineQueue offline() {
        return offline;
    }

    public SessionOwner owner() {
        return owner;
    }

    void owner(SessionOwner newOwner) {
        owner = newOwner;
    }

    public long expirySeconds() {
        return expirySeconds;
    }

    /** Whether the session outlives its connection and is mirrored in the state store. */
    public boolean isPersistent() {
        return expirySeconds > 0;
    }

    public void expirySeconds(long seconds) {
        expirySeconds = seconds;
    }

    public void protocolLevel(int level) {
        protocolLevel = level;
    }

    long disconnectedAtMillis() {
        return disconnectedAtMillis;
    }

    void disconnectedAtMillis(long millis) {
        disconnectedAtMillis = millis;
    }

    public boolean isExpired(long nowMillis) {
        return owner == null && state(disconnectedAtMillis).isExpired(nowMillis);
    }

    /** The record to save: connected ({@code disconnectedAt} 0) or since when it is not. */
    public SessionState state(long disconnectedAt) {
        return new SessionState(clientId, "mqtt", protocolLevel, expirySeconds, disconnectedAt);
    }

    public Map<TopicFilter, Subscription> subscriptions() {
        return subscriptions;
    }

    /** <b>Thread:</b> the owner's event loop (or the loader before any owner). */
    public void addSubscription(Subscription s) {
        Map<TopicFilter, Subscription> copy = new LinkedHashMap<>(subscriptions);
        copy.put(s.filter(), s);
        subscriptions = Map.copyOf(copy);
    }

    public void removeSubscription(TopicFilter filter) {
        Map<TopicFilter, Subscription> copy = new LinkedHashMap<>(subscriptions);
        if (copy.remove(filter) != null) {
            subscriptions = Map.copyOf(copy);
        }
    }

    /** Ends every subscription and empties the offline counters: a clean start or the end of the session. */
    public void clear() {
        broker.router().unsubscribeAll(subscriberId());
        subscriptions = Map.of();
        offline.reset();
    }

    /**
     * Starts recording which retained topics reach this subscription by routing, before it is
     * added to the router; see {@link RetainedWatch}. <b>Thread:</b> the owner's event loop.
     */
    public synchronized RetainedWatch watch(Subscription subscription) {
        RetainedWatch w = new RetainedWatch(subscription);
        List<RetainedWatch> copy = new ArrayList<>(retainedWatches);
        copy.add(w);
        retainedWatches = List.copyOf(copy);
        return w;
    }

    /** The retained messages of the watched subscription were sent. */
    public synchronized void unwatch(RetainedWatch w) {
        List<RetainedWatch> copy = new ArrayList<>(retainedWatches);
        copy.remove(w);
        retainedWatches = List.copyOf(copy);
    }

    public WillMessage will() {
        return will;
    }

    public void will(WillMessage w) {
        will = w;
    }

    synchronized void willTimer(ScheduledFuture<?> timer) {
        if (willTimer != null) {
            willTimer.cancel(false);
        }
        willTimer = timer;
    }

    /** A will waiting for its delay after the connection was lost. */
    synchronized void pendingWill(WillMessage w, ScheduledFuture<?> timer) {
        willTimer(timer);
        pendingWill = w;
    }

    /** Takes the waiting will, if any, cancelling its timer. */
    synchronized WillMessage takePendingWill() {
        willTimer(null);
        WillMessage w = pendingWill;
        pendingWill = null;
        return w;
    }

    synchronized void expiryTimer(ScheduledFuture<?> timer) {
        if (expiryTimer != null) {
            expiryTimer.cancel(false);
        }
        expiryTimer = timer;
    }

    /**
     * Routes one matched message. <b>Thread:</b> the publisher's. A connected session without
     * backlog hands it to its connection; otherwise a persistent session, or a connected one
     * still draining its backlog, queues it in the store.
     * QoS 0 messages are not queued for a disconnected session (section 4.1 leaves it open).
     */
    void deliver(Message message, Subscription subscription) {
        for (RetainedWatch w : retainedWatches) {
            w.routed(message, subscription);
        }
        if (message.isExpired(System.currentTimeMillis())) {
            broker.dropped(clientId, message.topic().value(), "expired");
            return;
        }
        SessionOwner o = owner;
        QoS qos = message.qos().min(subscription.options().maxQos());
        if (o != null) {
            // Behind a backlog a message queues after it, also in a session that now ends with its
            // connection (resumed by a CONNECT without Session Expiry): order is kept (section 4.6).
            if (qos == QoS.AT_MOST_ONCE || !offline.hasBacklog()
                    || offline.enqueueBehindBacklog(Outgoing.of(message, subscription)) == null) {
                o.deliver(message, subscription);
            }
            return;
        }
        if (qos == QoS.AT_MOST_ONCE || !isPersistent()) {
            broker.dropped(clientId, message.topic().value(), "no connection and no persistent session");
            return;
        }
        offline.enqueue(Outgoing.of(message, subscription));
    }

    /**
     * A message the owner could not send because it let go of the session meanwhile: routed again
     * to wherever the session is now. <b>Thread:</b> any.
     */
    public void redeliver(Outgoing outgoing) {
        redeliver(List.of(outgoing));
    }

    /**
     * Messages the owner let go of with the session, unsent or not acknowledged: a persistent
     * session queues them again; a session that ends with its connection hands those of shared
     * subscriptions to another member of the group (section 4.8.2) and drops the others. A broker
     * that stops hands nothing over: the other members' connections are closing too.
     * <b>Thread:</b> any.
     */
    public void redeliver(List<Outgoing> outgoing) {
        List<Outgoing> toGroup = new ArrayList<>();
        for (Outgoing o : outgoing) {
            boolean qos0 = o.message().qos() == QoS.AT_MOST_ONCE;
            if (!qos0 && isPersistent()) {
                offline.enqueue(o);
            } else if (!qos0 && o.shared() != null && !broker.isStopping()) {
                toGroup.add(o);
            } else {
                broker.dropped(clientId, o.message().topic().value(), "connection closed");
            }
        }
        if (!toGroup.isEmpty()) {
            broker.sessions().handOverShared(this, toGroup);
        }
    }

    /** Whether a subscription of this session is a shared one. */
    boolean hasSharedSubscriptions() {
        for (TopicFilter f : subscriptions.keySet()) {
            if (f.isShared()) {
                return true;
            }
        }
        return false;
    }

    /** Subscriptions as a list, for logs and tests. */
    public List<Subscription> subscriptionList() {
        return List.copyOf(subscriptions.values());
    }
}
