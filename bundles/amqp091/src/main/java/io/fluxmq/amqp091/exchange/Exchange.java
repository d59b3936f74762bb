package io.fluxmq.amqp091.exchange;

import io.fluxmq.amqp091.mapping.TopicPattern;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A declared exchange and its bindings. Thread-safe: bindings change rarely and are read on every
 * publish, so they are copied on write.
 *
 * @param alternateExchange where messages go that no binding takes ({@code alternate-exchange}), or null
 */
public record Exchange(String name, ExchangeType type, boolean durable, boolean autoDelete, boolean internal,
        Map<String, Object> arguments, String alternateExchange, List<Binding> bindings,
        Map<String, TopicPattern> patterns) {

    public Exchange {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        arguments = arguments == null ? Map.of() : arguments;
    }

    public static Exchange of(String name, ExchangeType type, boolean durable, boolean autoDelete, boolean internal,
            Map<String, Object> arguments) {
        Object alternate = arguments == null ? null : arguments.get("alternate-exchange");
        return new Exchange(name, type, durable, autoDelete, internal, arguments,
                alternate == null ? null : alternate.toString(), new CopyOnWriteArrayList<>(), new ConcurrentHashMap<>());
    }

    /** Whether a redeclaration with these values names the same exchange (the arguments are not compared). */
    public boolean equivalent(ExchangeType otherType, boolean otherDurable, boolean otherAutoDelete,
            boolean otherInternal) {
        return type == otherType && durable == otherDurable && autoDelete == otherAutoDelete
                && internal == otherInternal;
    }

    /** Adds the binding unless an equal one exists; whether it was added. */
    public boolean bind(Binding b) {
        if (bindings.contains(b)) {
            return false;
        }
        if (type == ExchangeType.TOPIC) {
            patterns.computeIfAbsent(b.routingKey(), TopicPattern::new);
        }
        bindings.add(b);
        return true;
    }

    public boolean unbind(Binding b) {
        return bindings.remove(b);
    }

    /** Removes every binding to this queue or exchange. */
    public void unbindAll(String destination, boolean toExchange) {
        bindings.removeIf(b -> b.destination().equals(destination) && b.toExchange() == toExchange);
    }

    /** The bindings that take a message with this key and headers, in binding order. */
    void matching(String routingKey, Map<String, Object> headers, java.util.function.Consumer<Binding> into) {
        for (Binding b : bindings) {
            TopicPattern pattern = type == ExchangeType.TOPIC ? patterns.get(b.routingKey()) : null;
            if (b.takes(type, routingKey, headers, pattern)) {
                into.accept(b);
            }
        }
    }
}
