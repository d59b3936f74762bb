package io.fluxmq.amqp091.channel;

import io.fluxmq.amqp091.broker.DirectReplies;
import io.fluxmq.amqp091.broker.QueueArguments;
import io.fluxmq.amqp091.broker.VirtualHost;
import io.fluxmq.amqp091.codec.AmqpException;
import io.fluxmq.amqp091.codec.Basic;
import io.fluxmq.amqp091.codec.ReplyCode;
import io.fluxmq.amqp091.exchange.Exchange;
import io.fluxmq.amqp091.exchange.Exchanges;
import io.fluxmq.amqp091.exchange.Route;
import io.fluxmq.amqp091.exchange.TopicBindings;
import io.fluxmq.amqp091.mapping.MessageMapping;
import io.fluxmq.amqp091.mapping.PropertyNames;
import io.fluxmq.amqp091.mapping.RoutingKeys;
import io.fluxmq.api.message.Message;
import io.fluxmq.api.queue.Queue;
import io.fluxmq.api.queue.QueueManager;
import io.fluxmq.api.security.Authorizer;
import io.fluxmq.api.topic.TopicName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sends a published message where its exchange routes it: appended to the queue manager's queues
 * the bindings chose, and through the topic router when it reached {@code amq.topic}. The topic of
 * the stored message is the routing key with {@code .} and {@code /} swapped (so MQTT sees
 * {@code a.b} as {@code a/b}); a publish to the default exchange is addressed to
 * {@code $queue/<queue>}, as an MQTT publish to the queue would be.
 */
final class Publisher {
    private Publisher() {
    }

    /**
     * What a publish did.
     *
     * @param routed whether any queue or subscriber took it (else basic.return for mandatory)
     * @param stored completes with true once every queue has it, false when one refused it
     * @param inMemory the in-memory (ephemeral) queues it was appended to, for flow control
     */
    record Outcome(boolean routed, CompletableFuture<Boolean> stored, List<Queue> inMemory) {
    }

    static Outcome publish(ConnectionContext ctx, ContentAssembly.Published p) {
        Basic.Publish method = p.method();
        VirtualHost host = ctx.virtualHost();
        String exchangeName = method.exchange().equals("amq.default") ? Exchanges.DEFAULT : method.exchange();
        Exchange exchange = host.exchanges().get(exchangeName);
        if (exchange == null) {
            throw new AmqpException(ReplyCode.NOT_FOUND, "no exchange '" + exchangeName + "' in vhost '"
                    + host.name() + "'", Basic.CLASS_ID, Basic.Publish.METHOD_ID);
        }
        if (exchange.internal()) {
            throw new AmqpException(ReplyCode.ACCESS_REFUSED, "cannot publish to internal exchange '"
                    + exchangeName + "' in vhost '" + host.name() + "'", Basic.CLASS_ID, Basic.Publish.METHOD_ID);
        }
        if (method.immediate()) {
            throw new AmqpException(ReplyCode.NOT_IMPLEMENTED, "immediate=true", Basic.CLASS_ID,
                    Basic.Publish.METHOD_ID);
        }
        if (p.properties().expiration() != null) {
            try {
                MessageMapping.expirySeconds(p.properties().expiration());
            } catch (IllegalArgumentException e) {
                throw new AmqpException(ReplyCode.PRECONDITION_FAILED, e.getMessage(), Basic.CLASS_ID,
                        Basic.Publish.METHOD_ID);
            }
        }
        String key = method.routingKey();
        if (exchangeName.equals(Exchanges.DEFAULT) && DirectReplies.isReplyAddress(key)) {
            boolean delivered = ctx.broker().directReplies().deliver(key, p.properties(), p.body());
            return new Outcome(delivered, CompletableFuture.completedFuture(true), List.of());
        }
        Route route = host.exchanges().route(exchange, key, p.properties().headers());
        boolean byDefault = exchangeName.equals(Exchanges.DEFAULT);
        String topic = byDefault ? null : RoutingKeys.topicOf(key);
        Message shared = topic == null ? null : message(TopicName.of(topic), exchangeName, null, p);
        if (ctx.broker().authorizes()) {
            authorize(ctx, byDefault ? QueueManager.QUEUE_PREFIX + host.queueName(key) : topic != null ? topic : key);
        }

        List<CompletionStage<Long>> appends = new ArrayList<>(route.queues().size() + 1);
        List<Queue> inMemory = List.of();
        boolean routed = false;
        QueueManager queues = ctx.broker().queues();
        for (String queue : route.queues()) {
            String queueName = host.queueName(queue);
            Optional<Queue> q = queues == null ? Optional.empty() : queues.queue(queueName);
            if (q.isEmpty()) {
                continue;
            }
            Message m = shared != null ? shared : message(TopicName.of(QueueManager.QUEUE_PREFIX + queueName),
                    byDefault ? null : exchangeName, byDefault ? null : key, p);
            appends.add(q.get().append(m));
            routed = true;
            if (q.get().config().type().equals(QueueArguments.EPHEMERAL)) {
                inMemory = inMemory.isEmpty() ? List.of(q.get()) : concat(inMemory, q.get());
            }
        }
        if (route.toRouter() && shared != null) {
            TopicBindings.Routed r = TopicBindings.route(ctx.broker().router(), shared, null);
            appends.addAll(r.appends());
            routed |= r.deliveries() > 0;
        }
        return new Outcome(routed, allStored(appends), inMemory);
    }

    private static List<Queue> concat(List<Queue> list, Queue q) {
        List<Queue> more = new ArrayList<>(list);
        more.add(q);
        return more;
    }

    private static Message message(TopicName topic, String exchange, String routingKey,
            ContentAssembly.Published p) {
        Message.Builder b = MessageMapping.toMessage(topic, p.properties(), p.body());
        if (exchange != null && !exchange.equals(Exchanges.TOPIC)) {
            b.userProperty(PropertyNames.EXCHANGE, exchange);
        }
        if (routingKey != null) {
            b.userProperty(PropertyNames.ROUTING_KEY, routingKey);
        }
        return b.build();
    }

    private static void authorize(ConnectionContext ctx, String resource) {
        if (!ctx.broker().allowed(ctx.principal(), Authorizer.Action.PUBLISH, resource)) {
            throw new AmqpException(ReplyCode.ACCESS_REFUSED, "access to '" + resource + "' refused for user '"
                    + ctx.principal().username() + "'", Basic.CLASS_ID, Basic.Publish.METHOD_ID);
        }
    }

    private static CompletableFuture<Boolean> allStored(List<CompletionStage<Long>> appends) {
        if (appends.isEmpty()) {
            return CompletableFuture.completedFuture(true);
        }
        if (appends.size() == 1) {
            return appends.get(0).toCompletableFuture().handle((offset, failure) -> failure == null);
        }
        CompletableFuture<?>[] all = appends.stream().map(CompletionStage::toCompletableFuture)
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(all).handle((v, failure) -> failure == null);
    }
}
