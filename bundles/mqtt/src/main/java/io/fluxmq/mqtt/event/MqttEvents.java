package io.fluxmq.mqtt.event;

import io.fluxmq.api.event.BrokerEvent;
import io.fluxmq.api.event.BrokerEvents;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the MQTT broker's {@link BrokerEvent}s through the optional {@link BrokerEvents}
 * service. {@code BrokerEvents.publish} queues and returns (a full queue drops the event and
 * counts it there), so calling this from an event loop never blocks. Nothing is allocated when no
 * service is registered. <b>Thread:</b> any.
 */
public final class MqttEvents {
    private static final Logger LOG = LoggerFactory.getLogger(MqttEvents.class);
    private static final String PROTOCOL = "mqtt";

    private final Supplier<BrokerEvents> events;

    public MqttEvents(Supplier<BrokerEvents> events) {
        this.events = events == null ? () -> null : events;
    }

    public void connected(String clientId, String remoteAddress, String username) {
        BrokerEvents e = events.get();
        if (e != null) {
            publish(e, new BrokerEvent.ClientConnected(now(), clientId, PROTOCOL, remoteAddress, username));
        }
    }

    /** @param reason human-readable, e.g. "client sent DISCONNECT" or "KEEP_ALIVE_TIMEOUT(0x8D): ..." */
    public void disconnected(String clientId, String reason) {
        BrokerEvents e = events.get();
        if (e != null) {
            publish(e, new BrokerEvent.ClientDisconnected(now(), clientId, PROTOCOL, reason));
        }
    }

    public void subscribed(String clientId, String filter) {
        BrokerEvents e = events.get();
        if (e != null) {
            publish(e, new BrokerEvent.Subscribed(now(), clientId, filter));
        }
    }

    public void unsubscribed(String clientId, String filter) {
        BrokerEvents e = events.get();
        if (e != null) {
            publish(e, new BrokerEvent.Unsubscribed(now(), clientId, filter));
        }
    }

    /** @param clientId the client the message was for (or, refused from it, came from) */
    public void dropped(String clientId, String topic, String reason) {
        BrokerEvents e = events.get();
        if (e != null) {
            publish(e, new BrokerEvent.MessageDropped(now(), clientId, topic, reason));
        }
    }

    private static void publish(BrokerEvents events, BrokerEvent event) {
        try {
            events.publish(event);
        } catch (RuntimeException failure) {
            // the contract says it does not throw; a broken implementation must not break MQTT
            LOG.debug("the BrokerEvents service failed on {}: {}", event.type(), failure.toString());
        }
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
