package io.fluxmq.mqtt.session;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.router.Subscription;
import java.util.concurrent.CompletionStage;

/**
 * The connection that holds a session. The session's runtime state (inflight exchanges, packet
 * identifiers, topic aliases) belongs to the owner and is touched only on the owner's event loop.
 */
public interface SessionOwner {
    /**
     * A message for the session. <b>Thread:</b> the publisher's; the owner hands it to its own
     * event loop and never blocks.
     */
    void deliver(Message message, Subscription subscription);

    /** Messages were added to the session's offline queue while this owner holds it. <b>Thread:</b> any. */
    void offlineQueued();

    /**
     * Another connection claimed the session (MQTT-3.1.4-3): disconnect with Session taken over
     * and close. <b>Thread:</b> any.
     *
     * @return completes once this owner has let go of the session's state
     */
    CompletionStage<Void> takeOver();
}
