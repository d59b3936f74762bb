package io.fluxmq.api.router;

import io.fluxmq.api.message.Message;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Something that receives routed messages: an MQTT session, an AMQP queue binding, a cluster
 * link. Implemented by protocol bundles.
 */
@ConsumerType
public interface Subscriber {
    /**
     * A stable identifier, unique among subscribers (for an MQTT session, its client identifier
     * prefixed by the protocol). Used for no-local, shared-group membership and unsubscribe.
     */
    String id();

    /**
     * Delivers one message matched by one of this subscriber's subscriptions.
     *
     * <p><b>Thread:</b> the publisher's thread, often a Netty event loop of another connection.
     * Must not block: hand the message to the subscriber's own executor or event loop.
     *
     * <p><b>Ownership:</b> the message is immutable and shared with every other subscriber;
     * keep a reference as long as needed, never modify what its accessors expose. QoS
     * downgrade and retain-as-published are left to the subscriber, which knows its protocol.
     *
     * @param message the message as published
     * @param subscription the subscription that matched; when several of this subscriber's
     *        subscriptions match, this is called once per matching subscription unless the
     *        router documents otherwise
     */
    void deliver(Message message, Subscription subscription);
}
