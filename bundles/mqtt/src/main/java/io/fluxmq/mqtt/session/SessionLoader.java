package io.fluxmq.mqtt.session;

import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.storage.SessionState;
import io.fluxmq.api.storage.StoredMessage;
import io.fluxmq.api.storage.WillMessage;
import io.fluxmq.mqtt.broker.MqttBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the persistent sessions from the state store when the broker starts (the bundle was
 * updated or the node restarted): each unexpired session is subscribed again in the router, so
 * that messages published while its client is away go to its offline queue; its offline counters
 * are recounted, its expiry timer restarted and its will scheduled. Expired sessions are deleted.
 */
public final class SessionLoader {
    private static final Logger LOG = LoggerFactory.getLogger(SessionLoader.class);

    private final MqttBroker broker;
    private final SessionRegistry registry;

    public SessionLoader(MqttBroker broker) {
        this.broker = broker;
        this.registry = broker.sessions();
    }

    /** Completes when every session is in place; never exceptionally (a failure is logged). */
    public CompletableFuture<Void> load() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletionStage<List<SessionState>> sessions;
        try {
            sessions = broker.store().loadSessions();
        } catch (RuntimeException e) {
            sessions = CompletableFuture.failedFuture(e);
        }
        List<Session> restored = new ArrayList<>();
        sessions.thenCompose(states -> {
            restoreSessions(states, restored);
            return broker.store().loadAllSubscriptions();
        }).thenCompose(subscriptions -> {
            resubscribe(restored, subscriptions);
            return recount(restored);
        }).thenCompose(v -> broker.store().loadWills()).thenAccept(this::scheduleWills).whenComplete((v, failure) -> {
            if (failure != null) {
                LOG.error("MQTT-3002 could not load the persistent MQTT sessions from the {} state store; their clients "
                        + "start clean sessions", broker.store().backend(), failure);
            } else if (!restored.isEmpty()) {
                LOG.info("Restored {} persistent MQTT session(s) from the {} state store", restored.size(),
                        broker.store().backend());
            }
            done.complete(null);
        });
        return done;
    }

    private void restoreSessions(List<SessionState> states, List<Session> restored) {
        long now = System.currentTimeMillis();
        for (SessionState state : states) {
            if (!state.protocol().equals(MqttBroker.PROTOCOL)) {
                continue;
            }
            // a session that was connected when the broker stopped was disconnected then
            SessionState s = state.disconnectedAtMillis() == 0 ? new SessionState(state.clientId(), state.protocol(),
                    state.protocolVersion(), state.expiryIntervalSeconds(), now) : state;
            if (s.isExpired(now) || s.expiryIntervalSeconds() == 0) {
                StoreFailures.logged(broker.store().deleteSession(s.clientId()), "delete the expired session of client '"
                        + s.clientId() + "'");
                continue;
            }
            Session session = registry.restore(s.clientId());
            session.expirySeconds(s.expiryIntervalSeconds());
            session.protocolLevel(s.protocolVersion());
            session.disconnectedAtMillis(s.disconnectedAtMillis());
            registry.scheduleExpiry(session);
            restored.add(session);
        }
    }

    private void resubscribe(List<Session> restored, Map<String, List<Subscription>> all) {
        for (Session session : restored) {
            for (Subscription sub : all.getOrDefault(session.clientId(), List.of())) {
                session.addSubscription(sub);
                broker.router().subscribe(session.subscriber(), sub);
            }
        }
    }

    private CompletableFuture<Void> recount(List<Session> restored) {
        List<CompletableFuture<Void>> counts = new ArrayList<>();
        int max = broker.settings().maxOfflineMessages();
        for (Session session : restored) {
            counts.add(broker.store().peekOffline(session.clientId(), max).thenAccept((List<StoredMessage> queued) -> {
                long bytes = 0;
                for (StoredMessage m : queued) {
                    bytes += m.message().payloadSize();
                }
                session.offline().restore(queued.size(), bytes);
            }).toCompletableFuture());
        }
        return CompletableFuture.allOf(counts.toArray(CompletableFuture[]::new));
    }

    /** Wills wait for their delay from the disconnection; a will without a session is due now. */
    private void scheduleWills(List<WillMessage> wills) {
        long now = System.currentTimeMillis();
        for (WillMessage will : wills) {
            Session session = registry.get(will.clientId());
            if (session == null) {
                broker.wills().publish(will);
            } else if (session.owner() == null) {
                long delay = Math.min(will.delayIntervalSeconds(), session.expirySeconds()) * 1000;
                broker.wills().schedule(session, will, delay - (now - session.disconnectedAtMillis()));
            }
        }
    }
}
