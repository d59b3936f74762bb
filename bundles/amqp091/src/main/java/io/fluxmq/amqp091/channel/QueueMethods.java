package io.fluxmq.amqp091.channel;

import io.fluxmq.amqp091.broker.DeclaredQueue;
import io.fluxmq.amqp091.broker.DirectReplies;
import io.fluxmq.amqp091.broker.QueueArguments;
import io.fluxmq.amqp091.broker.VirtualHost;
import io.fluxmq.amqp091.codec.AmqpException;
import io.fluxmq.amqp091.codec.Queue;
import io.fluxmq.amqp091.codec.ReplyCode;
import io.fluxmq.amqp091.exchange.Binding;
import io.fluxmq.amqp091.exchange.Exchange;
import io.fluxmq.amqp091.exchange.Exchanges;
import io.fluxmq.api.queue.QueueConfig;
import io.fluxmq.api.queue.QueueManager;
import io.fluxmq.api.queue.QueueStats;
import io.fluxmq.api.security.Authorizer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** queue.declare, bind, unbind, purge and delete on one channel. */
final class QueueMethods {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AmqpChannel channel;

    QueueMethods(AmqpChannel channel) {
        this.channel = channel;
    }

    private ConnectionContext ctx() {
        return channel.context();
    }

    private VirtualHost host() {
        return ctx().virtualHost();
    }

    private QueueManager manager() {
        QueueManager m = ctx().broker().queues();
        if (m == null) {
            throw new AmqpException(ReplyCode.INTERNAL_ERROR, "the queue manager is not available");
        }
        return m;
    }

    void declare(Queue.Declare d) {
        String name = d.queue().isEmpty() ? "amq.gen-" + random() : d.queue();
        String queueName = host().queueName(name);
        Map<String, Object> args = d.arguments() == null ? Map.of() : d.arguments();
        if (d.passive() && name.equals(DirectReplies.QUEUE)) {
            replyUnlessNoWait(d.noWait(), new Queue.DeclareOk(name, 0, 0)); // direct reply-to is there
            return;
        }
        if (d.passive()) {
            io.fluxmq.api.queue.Queue q = existing(name, d.classId(), d.methodId());
            DeclaredQueue known = host().declared(name);
            checkOwner(known, d.classId(), d.methodId());
            if (known != null) {
                known.used();
            }
            channel.lastQueue(name);
            replyUnlessNoWait(d.noWait(), declareOk(name, q.stats()));
            return;
        }
        if (!d.queue().isEmpty() && d.queue().startsWith("amq.")) {
            throw new AmqpException(ReplyCode.ACCESS_REFUSED, "queue name '" + name + "' contains reserved prefix "
                    + "'amq.*'", d.classId(), d.methodId());
        }
        if (name.indexOf('/') >= 0 || name.indexOf('+') >= 0 || name.indexOf('#') >= 0) {
            throw new AmqpException(ReplyCode.PRECONDITION_FAILED, "queue name '" + name + "' cannot hold '/', '+' "
                    + "or '#' here: FluxMQ shares queue names with MQTT's $queue/<name> topics", d.classId(),
                    d.methodId());
        }
        manage(queueName, d.classId(), d.methodId());
        DeclaredQueue known = host().declared(name);
        if (known != null) {
            checkOwner(known, d.classId(), d.methodId());
            if (known.declared() && known.durable() != d.durable()) {
                throw new AmqpException(ReplyCode.PRECONDITION_FAILED, "inequivalent arg 'durable' for queue '"
                        + name + "' in vhost '" + host().name() + "': received '" + d.durable() + "' but current is '"
                        + known.durable() + "'", d.classId(), d.methodId());
            }
            String differing = known.declared() ? QueueArguments.differing(known.arguments(), args) : null;
            if (differing != null) {
                throw new AmqpException(ReplyCode.PRECONDITION_FAILED, "inequivalent arg '" + differing
                        + "' for queue '" + name + "' in vhost '" + host().name() + "': received "
                        + args.get(differing) + " but current is " + known.arguments().get(differing), d.classId(),
                        d.methodId());
            }
        }
        QueueConfig config = QueueArguments.config(queueName, d.durable(), d.exclusive(), args);
        channel.async(manager().declare(config), q -> {
            DeclaredQueue declared = host().record(name, d.durable(), d.exclusive(), d.autoDelete(), args,
                    d.exclusive() ? ctx().id() : 0);
            declared.used();
            channel.lastQueue(name);
            Queue.DeclareOk ok = declareOk(name, q.stats());
            channel.async(host().queueDeclared(declared), v -> replyUnlessNoWait(d.noWait(), ok));
        });
    }

    void bind(Queue.Bind b) {
        String name = channel.queueOrLast(b.queue(), b.classId(), b.methodId());
        existing(name, b.classId(), b.methodId());
        Exchange exchange = exchange(b.exchange(), b.classId(), b.methodId());
        if (exchange.name().equals(Exchanges.DEFAULT)) {
            throw new AmqpException(ReplyCode.ACCESS_REFUSED, "operation not permitted on the default exchange",
                    b.classId(), b.methodId());
        }
        manage(host().queueName(name), b.classId(), b.methodId());
        Binding binding = new Binding(name, false, b.routingKey(), b.arguments());
        if (exchange.name().equals(Exchanges.TOPIC)) {
            host().topicBindings().bind(host().queueName(name), b.routingKey());
        } else {
            exchange.bind(binding);
        }
        channel.async(host().bound(exchange, binding), v -> replyUnlessNoWait(b.noWait(), new Queue.BindOk()));
    }

    void unbind(Queue.Unbind u) {
        String name = channel.queueOrLast(u.queue(), u.classId(), u.methodId());
        Exchange exchange = exchange(u.exchange(), u.classId(), u.methodId());
        if (exchange.name().equals(Exchanges.DEFAULT)) {
            throw new AmqpException(ReplyCode.ACCESS_REFUSED, "operation not permitted on the default exchange",
                    u.classId(), u.methodId());
        }
        Binding binding = new Binding(name, false, u.routingKey(), u.arguments());
        if (exchange.name().equals(Exchanges.TOPIC)) {
            host().topicBindings().unbind(host().queueName(name), u.routingKey());
        } else {
            exchange.unbind(binding);
        }
        channel.async(host().unbound(exchange, binding), v -> channel.reply(new Queue.UnbindOk()));
    }

    void purge(Queue.Purge p) {
        String name = channel.queueOrLast(p.queue(), p.classId(), p.methodId());
        io.fluxmq.api.queue.Queue q = existing(name, p.classId(), p.methodId());
        checkOwner(host().declared(name), p.classId(), p.methodId());
        manage(host().queueName(name), p.classId(), p.methodId());
        channel.async(q.purge(), n -> replyUnlessNoWait(p.noWait(), new Queue.PurgeOk(n)));
    }

    void delete(Queue.Delete d) {
        String name = channel.queueOrLast(d.queue(), d.classId(), d.methodId());
        String queueName = host().queueName(name);
        io.fluxmq.api.queue.Queue q = manager().queue(queueName).orElse(null);
        if (q == null) {
            replyUnlessNoWait(d.noWait(), new Queue.DeleteOk(0)); // deleting what is gone succeeds (RabbitMQ 3.x+)
            return;
        }
        checkOwner(host().declared(name), d.classId(), d.methodId());
        manage(queueName, d.classId(), d.methodId());
        QueueStats stats = q.stats();
        if (d.ifUnused() && stats.consumers() > 0) {
            throw new AmqpException(ReplyCode.PRECONDITION_FAILED, "queue '" + name + "' in vhost '" + host().name()
                    + "' in use", d.classId(), d.methodId());
        }
        if (d.ifEmpty() && stats.depth() > 0) {
            throw new AmqpException(ReplyCode.PRECONDITION_FAILED, "queue '" + name + "' in vhost '" + host().name()
                    + "' not empty", d.classId(), d.methodId());
        }
        channel.async(deleteQueue(ctx(), name), n -> replyUnlessNoWait(d.noWait(), new Queue.DeleteOk(n)));
    }

    /** Deletes the queue with its bindings; completes with the messages it held (0 when it was gone). */
    static CompletionStage<Long> deleteQueue(ConnectionContext ctx, String name) {
        return ctx.virtualHost().deleteQueue(name);
    }

    private io.fluxmq.api.queue.Queue existing(String name, int classId, int methodId) {
        return manager().queue(host().queueName(name)).orElseThrow(() -> new AmqpException(ReplyCode.NOT_FOUND,
                "no queue '" + name + "' in vhost '" + host().name() + "'", classId, methodId));
    }

    private Exchange exchange(String name, int classId, int methodId) {
        Exchange e = host().exchanges().get(name);
        if (e == null) {
            throw new AmqpException(ReplyCode.NOT_FOUND, "no exchange '" + name + "' in vhost '" + host().name()
                    + "'", classId, methodId);
        }
        return e;
    }

    private void checkOwner(DeclaredQueue q, int classId, int methodId) {
        if (q != null && q.exclusive() && q.owner() != ctx().id()) {
            throw locked(q.name(), classId, methodId);
        }
    }

    private AmqpException locked(String name, int classId, int methodId) {
        return new AmqpException(ReplyCode.RESOURCE_LOCKED, "cannot obtain exclusive access to locked queue '"
                + name + "' in vhost '" + host().name() + "'. It could be originally declared on another "
                + "connection or the exclusive property value does not match that of the original declaration.",
                classId, methodId);
    }

    private void manage(String resource, int classId, int methodId) {
        if (!ctx().broker().allowed(ctx().principal(), Authorizer.Action.MANAGE, resource)) {
            throw new AmqpException(ReplyCode.ACCESS_REFUSED, "access to queue '" + resource + "' refused for user '"
                    + ctx().principal().username() + "'", classId, methodId);
        }
    }

    private void replyUnlessNoWait(boolean noWait, io.fluxmq.amqp091.codec.Method ok) {
        if (!noWait) {
            channel.reply(ok);
        }
    }

    private static Queue.DeclareOk declareOk(String name, QueueStats stats) {
        return new Queue.DeclareOk(name, ready(stats), stats.consumers());
    }

    /** The messages ready for AMQP consumers: what their group has still to get, or all before it exists. */
    static long ready(QueueStats stats) {
        for (QueueStats.GroupStats g : stats.groups()) {
            if (g.group().equals(Consumers.GROUP)) {
                return g.lag();
            }
        }
        return stats.depth();
    }

    static String random() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
