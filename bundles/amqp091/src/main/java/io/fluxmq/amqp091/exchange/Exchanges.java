package io.fluxmq.amqp091.exchange;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exchanges of one virtual host: the default exchange, the predeclared {@code amq.*} ones and
 * those clients declare. {@code amq.topic} is the node's topic router, shared with MQTT: its
 * bindings to queues live there ({@link TopicBindings}), not here. Thread-safe.
 */
public final class Exchanges {
    /** The default exchange's name: every queue is bound to it by its own name. */
    public static final String DEFAULT = "";
    public static final String TOPIC = "amq.topic";
    private static final int MAX_HOPS = 16;

    private final Map<String, Exchange> exchanges = new ConcurrentHashMap<>();

    public Exchanges() {
        predeclare(DEFAULT, ExchangeType.DIRECT);
        predeclare("amq.direct", ExchangeType.DIRECT);
        predeclare("amq.fanout", ExchangeType.FANOUT);
        predeclare(TOPIC, ExchangeType.TOPIC);
        predeclare("amq.headers", ExchangeType.HEADERS);
        predeclare("amq.match", ExchangeType.HEADERS);
    }

    private void predeclare(String name, ExchangeType type) {
        exchanges.put(name, Exchange.of(name, type, true, false, false, Map.of()));
    }

    /** Whether the name is reserved for the broker's own exchanges (declaring one is refused). */
    public static boolean reserved(String name) {
        return name.isEmpty() || name.startsWith("amq.");
    }

    public Exchange get(String name) {
        return exchanges.get(name);
    }

    /** Adds the exchange unless one of its name exists; returns the one that stands. */
    public Exchange declare(Exchange exchange) {
        Exchange existing = exchanges.putIfAbsent(exchange.name(), exchange);
        return existing != null ? existing : exchange;
    }

    /** Removes the exchange and every binding that has it as destination. */
    public boolean delete(String name) {
        if (exchanges.remove(name) == null) {
            return false;
        }
        for (Exchange e : exchanges.values()) {
            e.unbindAll(name, true);
        }
        return true;
    }

    /** Whether any exchange binds to this exchange, or it binds anywhere (exchange.delete if-unused). */
    public boolean inUse(Exchange exchange) {
        if (!exchange.bindings().isEmpty()) {
            return true;
        }
        for (Exchange e : exchanges.values()) {
            for (Binding b : e.bindings()) {
                if (b.toExchange() && b.destination().equals(exchange.name())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Removes every binding to the queue from every exchange (the queue was deleted). */
    public void unbindQueue(String queue) {
        for (Exchange e : exchanges.values()) {
            e.unbindAll(queue, false);
        }
    }

    /**
     * The queues a message published to {@code exchange} with this key and headers reaches,
     * following exchange-to-exchange bindings and alternate exchanges. The default exchange names
     * the queue by the key; whether such a queue exists is the caller's to check.
     */
    public Route route(Exchange exchange, String routingKey, Map<String, Object> headers) {
        Set<String> queues = new LinkedHashSet<>();
        boolean[] toRouter = {false};
        route(exchange, routingKey, headers, queues, toRouter, new LinkedHashSet<>(), 0);
        return new Route(queues, toRouter[0]);
    }

    private void route(Exchange exchange, String key, Map<String, Object> headers, Set<String> queues,
            boolean[] toRouter, Set<String> visited, int hops) {
        if (!visited.add(exchange.name()) || hops > MAX_HOPS) {
            return; // a cycle of exchange bindings: each exchange routes a message once
        }
        if (exchange.name().equals(DEFAULT)) {
            queues.add(key);
            return;
        }
        int before = queues.size();
        boolean routerBefore = toRouter[0];
        if (exchange.name().equals(TOPIC)) {
            toRouter[0] = true;
        }
        exchange.matching(key, headers, b -> {
            if (!b.toExchange()) {
                queues.add(b.destination());
            } else {
                Exchange next = exchanges.get(b.destination());
                if (next != null) {
                    route(next, key, headers, queues, toRouter, visited, hops + 1);
                }
            }
        });
        boolean routed = queues.size() > before || toRouter[0] && !routerBefore;
        if (!routed && exchange.alternateExchange() != null) {
            Exchange alternate = exchanges.get(exchange.alternateExchange());
            if (alternate != null) {
                route(alternate, key, headers, queues, toRouter, visited, hops + 1);
            }
        }
    }
}
