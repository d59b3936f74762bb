package io.fluxmq.amqp091.channel;

import io.fluxmq.amqp091.broker.VirtualHost;
import io.fluxmq.amqp091.codec.AmqpException;
import io.fluxmq.amqp091.codec.ReplyCode;
import io.fluxmq.amqp091.exchange.Binding;
import io.fluxmq.amqp091.exchange.Exchange;
import io.fluxmq.amqp091.exchange.ExchangeType;
import io.fluxmq.amqp091.exchange.Exchanges;
import io.fluxmq.api.security.Authorizer;
import java.util.concurrent.CompletionStage;

/** exchange.declare, delete, bind and unbind on one channel. */
final class ExchangeMethods {
    private final AmqpChannel channel;

    ExchangeMethods(AmqpChannel channel) {
        this.channel = channel;
    }

    private VirtualHost host() {
        return channel.context().virtualHost();
    }

    void declare(io.fluxmq.amqp091.codec.Exchange.Declare d) {
        Exchanges exchanges = host().exchanges();
        Exchange existing = exchanges.get(d.exchange());
        if (d.passive()) {
            if (existing == null) {
                throw notFound(d.exchange(), d.classId(), d.methodId());
            }
            replyUnlessNoWait(d.noWait(), new io.fluxmq.amqp091.codec.Exchange.DeclareOk());
            return;
        }
        ExchangeType type = ExchangeType.of(d.type());
        if (type == null) {
            throw new AmqpException(ReplyCode.COMMAND_INVALID, "unknown exchange type '" + d.type() + "'",
                    d.classId(), d.methodId());
        }
        if (existing == null && Exchanges.reserved(d.exchange())) {
            throw new AmqpException(ReplyCode.ACCESS_REFUSED, "exchange name '" + d.exchange()
                    + "' contains reserved prefix 'amq.*'", d.classId(), d.methodId());
        }
        manage(d.exchange(), d.classId(), d.methodId());
        Exchange standing = existing != null ? existing : exchanges.declare(Exchange.of(d.exchange(), type,
                d.durable(), d.autoDelete(), d.internal(), d.arguments()));
        if (!standing.equivalent(type, d.durable(), d.autoDelete(), d.internal())) {
            throw new AmqpException(ReplyCode.PRECONDITION_FAILED, "inequivalent arg for exchange '" + d.exchange()
                    + "' in vhost '" + host().name() + "': declared as " + standing.type().wireName() + ", durable "
                    + standing.durable() + ", auto-delete " + standing.autoDelete() + ", internal "
                    + standing.internal(), d.classId(), d.methodId());
        }
        stored(existing == null ? host().exchangeDeclared(standing) : null, d.noWait(),
                new io.fluxmq.amqp091.codec.Exchange.DeclareOk());
    }

    void delete(io.fluxmq.amqp091.codec.Exchange.Delete d) {
        Exchanges exchanges = host().exchanges();
        Exchange e = exchanges.get(d.exchange());
        if (e != null) {
            if (Exchanges.reserved(d.exchange())) {
                throw new AmqpException(ReplyCode.ACCESS_REFUSED, "operation not permitted on exchange '"
                        + d.exchange() + "'", d.classId(), d.methodId());
            }
            manage(d.exchange(), d.classId(), d.methodId());
            if (d.ifUnused() && exchanges.inUse(e)) {
                throw new AmqpException(ReplyCode.PRECONDITION_FAILED, "exchange '" + d.exchange() + "' in vhost '"
                        + host().name() + "' in use", d.classId(), d.methodId());
            }
            exchanges.delete(d.exchange());
            stored(host().exchangeDeleted(d.exchange()), d.noWait(), new io.fluxmq.amqp091.codec.Exchange.DeleteOk());
            return;
        }
        replyUnlessNoWait(d.noWait(), new io.fluxmq.amqp091.codec.Exchange.DeleteOk());
    }

    void bind(io.fluxmq.amqp091.codec.Exchange.Bind b) {
        Exchange source = existing(b.source(), b.classId(), b.methodId());
        Exchange destination = existing(b.destination(), b.classId(), b.methodId());
        if (source.name().equals(Exchanges.DEFAULT) || destination.name().equals(Exchanges.DEFAULT)) {
            throw new AmqpException(ReplyCode.ACCESS_REFUSED, "operation not permitted on the default exchange",
                    b.classId(), b.methodId());
        }
        manage(destination.name(), b.classId(), b.methodId());
        Binding binding = new Binding(destination.name(), true, b.routingKey(), b.arguments());
        source.bind(binding);
        stored(host().bound(source, binding), b.noWait(), new io.fluxmq.amqp091.codec.Exchange.BindOk());
    }

    void unbind(io.fluxmq.amqp091.codec.Exchange.Unbind u) {
        Exchange source = host().exchanges().get(u.source());
        if (source != null) {
            manage(u.destination(), u.classId(), u.methodId());
            Binding binding = new Binding(u.destination(), true, u.routingKey(), u.arguments());
            source.unbind(binding);
            CompletionStage<Void> forgotten = host().unbound(source, binding);
            if (source.autoDelete() && source.bindings().isEmpty() && !Exchanges.reserved(source.name())) {
                host().exchanges().delete(source.name());
                forgotten = forgotten.thenCompose(v -> host().exchangeDeleted(source.name()));
            }
            stored(forgotten, u.noWait(), new io.fluxmq.amqp091.codec.Exchange.UnbindOk());
            return;
        }
        replyUnlessNoWait(u.noWait(), new io.fluxmq.amqp091.codec.Exchange.UnbindOk());
    }

    private Exchange existing(String name, int classId, int methodId) {
        Exchange e = host().exchanges().get(name);
        if (e == null) {
            throw notFound(name, classId, methodId);
        }
        return e;
    }

    private AmqpException notFound(String name, int classId, int methodId) {
        return new AmqpException(ReplyCode.NOT_FOUND, "no exchange '" + name + "' in vhost '" + host().name() + "'",
                classId, methodId);
    }

    private void manage(String exchange, int classId, int methodId) {
        ConnectionContext ctx = channel.context();
        if (!ctx.broker().allowed(ctx.principal(), Authorizer.Action.MANAGE, "exchange:" + exchange)) {
            throw new AmqpException(ReplyCode.ACCESS_REFUSED, "access to exchange '" + exchange + "' refused for user '"
                    + ctx.principal().username() + "'", classId, methodId);
        }
    }

    /** Answers once the definition is stored (null: nothing to store). */
    private void stored(CompletionStage<Void> write, boolean noWait, io.fluxmq.amqp091.codec.Method ok) {
        if (write == null) {
            replyUnlessNoWait(noWait, ok);
        } else {
            channel.async(write, v -> replyUnlessNoWait(noWait, ok));
        }
    }

    private void replyUnlessNoWait(boolean noWait, io.fluxmq.amqp091.codec.Method ok) {
        if (!noWait) {
            channel.reply(ok);
        }
    }
}
