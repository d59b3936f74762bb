package io.fluxmq.mqtt.session;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.topic.TopicName;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The topics of retained messages that reached one new subscription by routing while its
 * retained messages are being looked up and sent (MQTT-3.3.1-9 to -11). The client has the
 * current retained message of such a topic, or a newer one, already: sending what the look-up
 * found for it would deliver a message twice, or an older value after a newer one.
 *
 * <p>Opened by {@link Session#watch} before the subscription enters the router, so that any
 * routing that sees the subscription is recorded; closed by {@link Session#unwatch} once the
 * retained messages are sent. <b>Threads:</b> recorded on publishers' threads, read on the
 * owning connection's event loop.
 */
public final class RetainedWatch {
    private final Subscription subscription;
    private final Set<TopicName> routedLive = ConcurrentHashMap.newKeySet();

    RetainedWatch(Subscription subscription) {
        this.subscription = subscription;
    }

    public Subscription subscription() {
        return subscription;
    }

    /** A message routed through a subscription of the session; only this watch's one counts. */
    void routed(Message message, Subscription through) {
        // identity: a subscription replaced by an equal one is another subscription
        if (through == subscription && message.retain()) {
            routedLive.add(message.topic());
        }
    }

    /** Whether a retained message on this topic reached the subscription live. */
    public boolean routedLive(TopicName topic) {
        return routedLive.contains(topic);
    }
}
