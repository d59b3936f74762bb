package io.fluxmq.mqtt.session;

import io.fluxmq.api.storage.WillMessage;
import io.fluxmq.mqtt.broker.MqttBroker;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Will messages (section 3.1.2.5): registered at CONNECT and kept in the state store, deleted by a
 * normal DISCONNECT (MQTT-3.1.2-10), otherwise published when the connection is lost, after the
 * Will Delay Interval or when the session ends, whichever comes first (MQTT-3.1.3-9), unless a
 * new connection resumes the session before that.
 */
public final class Wills {
    private final MqttBroker broker;

    public Wills(MqttBroker broker) {
        this.broker = broker;
    }

    /** The will of a new connection, or null to clear the stored one. */
    public CompletionStage<Void> register(Session s, WillMessage will) {
        s.will(will);
        if (will == null) {
            return StoreFailures.logged(broker.store().removeWill(s.clientId()), "remove the will of client '"
                    + s.clientId() + "'");
        }
        return StoreFailures.logged(broker.store().putWill(will), "store the will of client '" + s.clientId() + "'");
    }

    /** A normal DISCONNECT: the will is discarded (MQTT-3.1.2-10). */
    public void discard(Session s) {
        if (s.will() != null) {
            register(s, null);
        }
    }

    /**
     * The connection ended without a normal DISCONNECT: publish the will now or after its delay.
     *
     * @param sessionEnds whether the session ends with the connection (the will is then due at once)
     */
    public void connectionLost(Session s, boolean sessionEnds) {
        WillMessage will = s.will();
        if (will == null) {
            return;
        }
        s.will(null);
        long delay = sessionEnds ? 0 : Math.min(will.delayIntervalSeconds(), s.expirySeconds());
        schedule(s, will, delay * 1000);
    }

    void schedule(Session s, WillMessage will, long delayMillis) {
        if (delayMillis <= 0) {
            publish(will);
            return;
        }
        s.pendingWill(will, broker.timer().schedule(() -> {
            WillMessage due = s.takePendingWill();
            if (due != null) {
                publish(due);
            }
        }, delayMillis, TimeUnit.MILLISECONDS));
    }

    /**
     * A connection claimed the session: a waiting will is not published when the session is
     * resumed (section 3.1.3.2.2), and is published now when the old session ends instead.
     */
    public void claimed(Session s, boolean resumed) {
        WillMessage pending = s.takePendingWill();
        if (pending != null && !resumed) {
            publish(pending);
        }
    }

    /** The session ended (expiry, clean session): a waiting will is due now. */
    void sessionEnded(Session s) {
        WillMessage pending = s.takePendingWill();
        if (pending != null) {
            publish(pending);
        }
    }

    /** Routes the will (and retains it if asked), then deletes it from the store. <b>Thread:</b> any. */
    public CompletionStage<Void> publish(WillMessage will) {
        broker.stats().messageReceived();
        CompletionStage<Void> retained = broker.publications().publish(will.message(), null).retained();
        return retained.handle((v, e) -> null).thenCompose(v -> StoreFailures.logged(
                broker.store().removeWill(will.clientId()), "remove the published will of client '" + will.clientId() + "'"));
    }
}
