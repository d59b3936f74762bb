package io.fluxmq.amqp091.broker;

import io.fluxmq.amqp091.codec.BasicProperties;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RabbitMQ's direct reply-to: a client consumes from the pseudo-queue {@value #QUEUE} (no-ack) and
 * publishes requests with that reply-to; the server names the reply address
 * {@code amq.rabbitmq.reply-to.<token>}, and a reply published to the default exchange with that
 * routing key goes straight to the requesting channel's consumer, through no queue.
 */
public final class DirectReplies {
    public static final String QUEUE = "amq.rabbitmq.reply-to";
    private static final String PREFIX = QUEUE + ".";

    /** Where a reply goes. <b>Thread:</b> any; the receiver hops to its event loop. */
    public interface Receiver {
        /** @return whether the receiver was still there to take it */
        boolean reply(String routingKey, BasicProperties properties, byte[] body);
    }

    private final Map<String, Receiver> receivers = new ConcurrentHashMap<>();

    /** Registers a reply consumer; returns its reply address. */
    public String register(String token, Receiver receiver) {
        receivers.put(token, receiver);
        return PREFIX + token;
    }

    public void unregister(String token) {
        receivers.remove(token);
    }

    /** Whether a routing key is a reply address. */
    public static boolean isReplyAddress(String routingKey) {
        return routingKey.startsWith(PREFIX);
    }

    /** Delivers a reply; false when no channel waits at that address. */
    public boolean deliver(String routingKey, BasicProperties properties, byte[] body) {
        Receiver r = receivers.get(routingKey.substring(PREFIX.length()));
        return r != null && r.reply(routingKey, properties, body);
    }
}
