package io.fluxmq.amqp091.channel;

import io.fluxmq.amqp091.broker.DeclaredQueue;
import io.fluxmq.amqp091.codec.AmqpException;
import io.fluxmq.amqp091.codec.Basic;
import io.fluxmq.amqp091.codec.BasicProperties;
import io.fluxmq.amqp091.mapping.DeliveryAddress;
import io.fluxmq.amqp091.mapping.MessageMapping;
import io.fluxmq.api.message.Message;
import io.fluxmq.api.queue.Delivery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead-lettering of rejected messages (basic.reject or nack without requeue) for queues declared
 * with {@code x-dead-letter-exchange}: the message is published again to that exchange, with
 * {@code x-dead-letter-routing-key} or its own routing key, carrying an {@code x-death} header
 * that counts its deaths per queue and reason, as RabbitMQ does.
 */
final class DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    static final String EXCHANGE = "x-dead-letter-exchange";
    static final String ROUTING_KEY = "x-dead-letter-routing-key";

    private DeadLetters() {
    }

    static boolean configured(DeclaredQueue q) {
        return q.arguments().get(EXCHANGE) instanceof String;
    }

    /** Publishes the message to the dead-letter exchange; completes when its queues have it (or it went nowhere). */
    static CompletionStage<?> deadLetter(ConnectionContext ctx, DeclaredQueue q, String queueName, Delivery d,
            String reason) {
        Message m = d.message();
        DeliveryAddress address = DeliveryAddress.of(m, queueName, q.name());
        String exchange = (String) q.arguments().get(EXCHANGE);
        Object key = q.arguments().get(ROUTING_KEY);
        String routingKey = key instanceof String k ? k : address.routingKey();
        BasicProperties p = MessageMapping.toProperties(m, System.currentTimeMillis());
        Map<String, Object> headers = death(p.headers(), q.name(), reason, address);
        BasicProperties dead = new BasicProperties(p.contentType(), p.contentEncoding(), headers, p.deliveryMode(),
                p.priority(), p.correlationId(), p.replyTo(), null, p.messageId(), p.timestamp(), p.type(), p.userId(),
                p.appId(), p.clusterId());
        try {
            return Publisher.publish(ctx, new ContentAssembly.Published(new Basic.Publish(exchange, routingKey, false,
                    false), dead, m.payloadBytes())).stored();
        } catch (AmqpException e) {
            LOG.debug("a message rejected from queue '{}' was not dead-lettered: {}", q.name(), e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> death(Map<String, Object> original, String queue, String reason,
            DeliveryAddress address) {
        Map<String, Object> headers = original == null ? new LinkedHashMap<>() : new LinkedHashMap<>(original);
        List<Object> deaths = new ArrayList<>();
        Map<String, Object> entry = null;
        if (headers.get("x-death") instanceof List<?> previous) {
            for (Object o : previous) {
                if (o instanceof Map<?, ?> earlier && queue.equals(String.valueOf(earlier.get("queue")))
                        && reason.equals(String.valueOf(earlier.get("reason")))) {
                    entry = new LinkedHashMap<>((Map<String, Object>) earlier);
                } else {
                    deaths.add(o);
                }
            }
        }
        if (entry == null) {
            entry = new LinkedHashMap<>();
            entry.put("count", 0L);
            entry.put("reason", reason);
            entry.put("queue", queue);
            entry.put("exchange", address.exchange());
            entry.put("routing-keys", List.of(address.routingKey()));
        }
        entry.put("count", ((Number) entry.getOrDefault("count", 0L)).longValue() + 1);
        entry.put("time", Instant.ofEpochSecond(System.currentTimeMillis() / 1000));
        deaths.add(0, entry);
        headers.put("x-death", deaths);
        headers.putIfAbsent("x-first-death-exchange", address.exchange());
        headers.putIfAbsent("x-first-death-queue", queue);
        headers.putIfAbsent("x-first-death-reason", reason);
        return headers;
    }
}
