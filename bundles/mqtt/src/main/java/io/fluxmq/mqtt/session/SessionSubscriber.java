package io.fluxmq.mqtt.session;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.router.Subscriber;
import io.fluxmq.api.router.Subscription;

/**
 * What the router knows of an MQTT session. It stays subscribed while the session lives, connected
 * or not: a connected session hands messages to its connection's event loop, a disconnected
 * persistent one appends them to its offline queue in the state store.
 */
final class SessionSubscriber implements Subscriber {
    /** Prefix of MQTT subscriber ids in the router, shared with other protocols. */
    static final String ID_PREFIX = "mqtt:";

    private final Session session;
    private final String id;

    SessionSubscriber(Session session) {
        this.session = session;
        this.id = ID_PREFIX + session.clientId();
    }

    @Override
    public String id() {
        return id;
    }

    /** <b>Thread:</b> the publisher's; never blocks. */
    @Override
    public void deliver(Message message, Subscription subscription) {
        session.deliver(message, subscription);
    }
}
