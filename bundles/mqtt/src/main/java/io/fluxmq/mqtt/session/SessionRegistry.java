package io.fluxmq.mqtt.session;

import io.fluxmq.mqtt.broker.MqttBroker;
import io.fluxmq.mqtt.publish.Outgoing;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The node's MQTT sessions by client identifier. Ownership changes (a connection claims or
 * releases a session, a session expires) happen under the map's lock for that client id, so a
 * takeover and an expiry never cross.
 */
public final class SessionRegistry {
    private final MqttBroker broker;
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final SharedHandover sharedHandover;

    public SessionRegistry(MqttBroker broker) {
        this.broker = broker;
        this.sharedHandover = new SharedHandover(broker, this);
    }

    /**
     * What a connecting client found.
     *
     * @param session the session, now owned by the caller
     * @param existed whether it is an existing, unexpired session (candidate for Session Present)
     * @param previousOwnerGone completes when a previous connection has let go of it
     */
    public record Claim(Session session, boolean existed, CompletionStage<Void> previousOwnerGone) {
    }

    /**
     * Makes {@code owner} the session's owner, creating the session if needed. A connection that
     * held it is told to go (MQTT-3.1.4-3). <b>Thread:</b> the new owner's event loop.
     */
    public Claim claim(String clientId, SessionOwner owner) {
        long now = System.currentTimeMillis();
        SessionOwner[] previous = new SessionOwner[1];
        boolean[] existed = new boolean[1];
        Session session = sessions.compute(clientId, (id, s) -> {
            if (s == null) {
                s = new Session(broker, id);
            } else {
                previous[0] = s.owner();
                existed[0] = previous[0] != null || !s.isExpired(now);
            }
            s.owner(owner);
            s.expiryTimer(null);
            return s;
        });
        CompletionStage<Void> gone = previous[0] == null ? CompletableFuture.completedFuture(null) : previous[0].takeOver();
        return new Claim(session, existed[0], gone);
    }

    /**
     * The owner lets go of the session. <b>Thread:</b> the owner's event loop.
     *
     * @return true when it still owned it (no takeover happened)
     */
    public boolean release(Session session, SessionOwner owner) {
        boolean[] owned = new boolean[1];
        sessions.computeIfPresent(session.clientId(), (id, s) -> {
            if (s == session && s.owner() == owner) {
                owned[0] = true;
                s.owner(null);
                s.disconnectedAtMillis(System.currentTimeMillis());
            }
            return s;
        });
        return owned[0];
    }

    /** Ends a session nobody owns, now (clean session at disconnect) or when its expiry timer fires. */
    public boolean endIfUnowned(Session session, boolean onlyIfExpired) {
        boolean[] ended = new boolean[1];
        long now = System.currentTimeMillis();
        sessions.computeIfPresent(session.clientId(), (id, s) -> {
            if (s == session && s.owner() == null && (!onlyIfExpired || s.isExpired(now))) {
                ended[0] = true;
                return null;
            }
            return s;
        });
        if (ended[0]) {
            session.clear();
            StoreFailures.logged(broker.store().deleteSession(session.clientId()), "delete the session of client '"
                    + session.clientId() + "'");
            broker.wills().sessionEnded(session);
        }
        return ended[0];
    }

    /** Starts the expiry clock of a released persistent session. */
    public void scheduleExpiry(Session session) {
        long expiry = session.expirySeconds();
        if (expiry >= io.fluxmq.api.storage.SessionState.NEVER_EXPIRES) {
            return;
        }
        long delayMillis = Math.max(0, session.disconnectedAtMillis() + expiry * 1000 - System.currentTimeMillis());
        session.expiryTimer(broker.timer().schedule(() -> expire(session), delayMillis + 1, TimeUnit.MILLISECONDS));
    }

    /**
     * Ends an expired session. A member of shared subscriptions first reads what it holds of them
     * from the store, to hand it to the other members once the session has ended; read before, not
     * after, so that the session's deletion from the store is never late (a client may be starting
     * a new session with the same identifier).
     */
    private void expire(Session session) {
        if (!session.hasSharedSubscriptions()) {
            endIfUnowned(session, true);
            return;
        }
        sharedHandover.storedFor(session).whenComplete((held, failure) -> {
            if (failure != null) {
                StoreFailures.log("read the unacknowledged messages of expired client '" + session.clientId() + "'",
                        failure);
            }
            if (endIfUnowned(session, true) && held != null && !held.isEmpty()) {
                sharedHandover.handOver(session, held);
            }
        });
    }

    /**
     * Hands messages of shared subscriptions that a session let go of unacknowledged, as it ended,
     * to other members of their groups; see {@link SharedHandover}. <b>Thread:</b> any.
     */
    void handOverShared(Session leaving, List<Outgoing> messages) {
        sharedHandover.handOver(leaving, messages);
    }

    /** Adds a session read from the state store at start-up. */
    Session restore(String clientId) {
        return sessions.computeIfAbsent(clientId, id -> new Session(broker, id));
    }

    public Session get(String clientId) {
        return sessions.get(clientId);
    }

    public Collection<Session> all() {
        return List.copyOf(sessions.values());
    }

    public int size() {
        return sessions.size();
    }

    /** Forgets every session without touching the store (the bundle stops; the store keeps them). */
    public void detachAll() {
        for (Session s : sessions.values()) {
            s.expiryTimer(null);
            s.willTimer(null);
            broker.router().unsubscribeAll(s.subscriberId());
        }
        sessions.clear();
    }
}
