package io.fluxmq.amqp091.exchange;

import io.fluxmq.amqp091.mapping.TopicPattern;
import java.util.Map;
import java.util.Objects;

/**
 * One binding of an exchange to a queue or to another exchange.
 *
 * @param destination the queue's or the exchange's name
 * @param toExchange whether the destination is an exchange (exchange.bind)
 * @param arguments the binding's arguments (headers exchanges match on them)
 */
public record Binding(String destination, boolean toExchange, String routingKey, Map<String, Object> arguments) {
    public Binding {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(routingKey, "routingKey");
        arguments = arguments == null ? Map.of() : Map.copyOf(withoutNulls(arguments));
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> arguments) {
        if (!arguments.containsValue(null)) {
            return arguments;
        }
        Map<String, Object> copy = new java.util.LinkedHashMap<>(arguments);
        copy.values().removeIf(Objects::isNull);
        return copy;
    }

    /** Whether this binding takes a message with this routing key and these headers. */
    boolean takes(ExchangeType type, String key, Map<String, Object> headers, TopicPattern pattern) {
        return switch (type) {
            case DIRECT -> routingKey.equals(key);
            case FANOUT -> true;
            case TOPIC -> pattern.matches(key);
            case HEADERS -> HeadersMatch.matches(arguments, headers);
        };
    }
}
