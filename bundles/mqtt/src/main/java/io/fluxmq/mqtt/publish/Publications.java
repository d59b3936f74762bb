package io.fluxmq.mqtt.publish;

import io.fluxmq.api.message.Message;
import io.fluxmq.mqtt.broker.MqttBroker;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where every message the broker publishes (client PUBLISHes, wills, $SYS statistics) is stored
 * as retained when it asks for it (MQTT-3.3.1-5, -6) and routed.
 *
 * <p>A retained message is in the retained index a moment before the router has handed it to the
 * subscribers. A new subscription's look-up of retained messages can fall in that moment and find
 * a message that routing is about to deliver to the same subscription as well. So each retained
 * publication is tracked from before it is stored until routing has returned, and
 * {@link #settled()} lets the look-up wait until the routing of everything it may have found is
 * over; the subscription then knows which topics reached it live and does not send them again.
 *
 * <p><b>Threads:</b> {@link #publish} runs on the publisher's thread (an event loop, the timer)
 * and never blocks; {@link #settled()} on any.
 */
public final class Publications {
    private final MqttBroker broker;
    private final Set<CompletableFuture<Void>> retainedInFlight = ConcurrentHashMap.newKeySet();

    public Publications(MqttBroker broker) {
        this.broker = broker;
    }

    /**
     * What publishing did.
     *
     * @param retained completes when the retained message is durable (at once when none); may fail
     * @param deliveries how many subscriptions the router handed the message to
     */
    public record Published(CompletionStage<Void> retained, int deliveries) {
    }

    /**
     * Stores the message as its topic's retained message if its RETAIN flag is set and retained
     * messages are available, then routes it.
     *
     * @param publisherId the publishing session's subscriber id, for No Local; null for the broker
     */
    public Published publish(Message message, String publisherId) {
        if (!message.retain() || !broker.settings().retainAvailable()) {
            return new Published(CompletableFuture.completedFuture(null), broker.router().route(message, publisherId));
        }
        CompletableFuture<Void> routed = new CompletableFuture<>();
        retainedInFlight.add(routed);
        try {
            CompletionStage<Void> retained = retain(message);
            return new Published(retained, broker.router().route(message, publisherId));
        } finally {
            retainedInFlight.remove(routed);
            routed.complete(null);
        }
    }

    private CompletionStage<Void> retain(Message message) {
        try {
            return broker.retained().retain(message);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Completes once every retained message whose publication had begun when this was called has
     * been routed: whatever a look-up of retained messages made before this call found has reached
     * the subscriptions it was going to reach.
     */
    public CompletableFuture<Void> settled() {
        return CompletableFuture.allOf(retainedInFlight.toArray(CompletableFuture[]::new));
    }
}
