package io.fluxmq.amqp091.broker;

import io.fluxmq.amqp091.codec.FieldTables;
import io.fluxmq.amqp091.exchange.Binding;
import io.fluxmq.amqp091.exchange.Exchange;
import io.fluxmq.amqp091.exchange.ExchangeType;
import io.fluxmq.api.storage.StateStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The durable definitions of one virtual host, kept in the state store so that they survive a
 * restart and follow a change of storage backend: durable exchanges, durable queues that are not
 * exclusive, and the bindings between durable ends. Each record is a field table in its wire form.
 */
final class Definitions {
    private final StateStore store;
    private final String exchanges;
    private final String queues;
    private final String bindings;

    /** @param store where they are kept, or null to keep nothing */
    Definitions(StateStore store, String virtualHost) {
        this.store = store;
        String prefix = "amqp091/" + virtualHost + "/";
        this.exchanges = prefix + "exchanges";
        this.queues = prefix + "queues";
        this.bindings = prefix + "bindings";
    }

    /** What {@link #load} found. */
    record Loaded(List<Exchange> exchanges, List<StoredQueue> queues, List<StoredBinding> bindings) {
        static final Loaded NONE = new Loaded(List.of(), List.of(), List.of());
    }

    record StoredQueue(String name, boolean autoDelete, Map<String, Object> arguments) {
    }

    record StoredBinding(String source, Binding binding) {
    }

    CompletionStage<Void> saveExchange(Exchange e) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("type", e.type().wireName());
        t.put("auto-delete", e.autoDelete());
        t.put("internal", e.internal());
        t.put("arguments", e.arguments());
        return put(exchanges, e.name(), t);
    }

    CompletionStage<Void> deleteExchange(String name) {
        return remove(exchanges, name);
    }

    CompletionStage<Void> saveQueue(DeclaredQueue q) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("auto-delete", q.autoDelete());
        t.put("arguments", q.arguments());
        return put(queues, q.name(), t);
    }

    CompletionStage<Void> deleteQueue(String name) {
        return remove(queues, name);
    }

    CompletionStage<Void> saveBinding(String source, Binding b) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("source", source);
        t.put("destination", b.destination());
        t.put("to-exchange", b.toExchange());
        t.put("routing-key", b.routingKey());
        t.put("arguments", b.arguments());
        return put(bindings, bindingKey(source, b), t);
    }

    CompletionStage<Void> deleteBinding(String source, Binding b) {
        return remove(bindings, bindingKey(source, b));
    }

    /** Removes the records of every binding to or from this queue or exchange. */
    CompletionStage<Void> deleteBindingsOf(String name, boolean exchange) {
        if (store == null) {
            return CompletableFuture.completedFuture(null);
        }
        return store.loadDefinitions(bindings).thenCompose(all -> {
            List<CompletableFuture<Void>> removed = new ArrayList<>();
            for (Map.Entry<String, byte[]> e : all.entrySet()) {
                StoredBinding b = binding(FieldTables.fromBytes(e.getValue()));
                boolean to = b.binding().destination().equals(name) && b.binding().toExchange() == exchange;
                if (to || exchange && b.source().equals(name)) {
                    removed.add(store.removeDefinition(bindings, e.getKey()).toCompletableFuture());
                }
            }
            return CompletableFuture.allOf(removed.toArray(CompletableFuture[]::new));
        });
    }

    CompletionStage<Loaded> load() {
        if (store == null) {
            return CompletableFuture.completedFuture(Loaded.NONE);
        }
        CompletableFuture<Map<String, byte[]>> e = store.loadDefinitions(exchanges).toCompletableFuture();
        CompletableFuture<Map<String, byte[]>> q = store.loadDefinitions(queues).toCompletableFuture();
        CompletableFuture<Map<String, byte[]>> b = store.loadDefinitions(bindings).toCompletableFuture();
        return CompletableFuture.allOf(e, q, b).thenApply(v -> {
            List<Exchange> xs = new ArrayList<>();
            e.join().forEach((name, bytes) -> {
                Map<String, Object> t = FieldTables.fromBytes(bytes);
                ExchangeType type = ExchangeType.of(String.valueOf(t.get("type")));
                if (type != null) {
                    xs.add(Exchange.of(name, type, true, Boolean.TRUE.equals(t.get("auto-delete")),
                            Boolean.TRUE.equals(t.get("internal")), map(t.get("arguments"))));
                }
            });
            List<StoredQueue> qs = new ArrayList<>();
            q.join().forEach((name, bytes) -> {
                Map<String, Object> t = FieldTables.fromBytes(bytes);
                qs.add(new StoredQueue(name, Boolean.TRUE.equals(t.get("auto-delete")), map(t.get("arguments"))));
            });
            List<StoredBinding> bs = new ArrayList<>();
            b.join().values().forEach(bytes -> bs.add(binding(FieldTables.fromBytes(bytes))));
            return new Loaded(xs, qs, bs);
        });
    }

    private static StoredBinding binding(Map<String, Object> t) {
        return new StoredBinding(String.valueOf(t.get("source")), new Binding(String.valueOf(t.get("destination")),
                Boolean.TRUE.equals(t.get("to-exchange")), String.valueOf(t.get("routing-key")),
                map(t.get("arguments"))));
    }

    /** Unique per binding: the ends, the key and the arguments (in their wire form). */
    private static String bindingKey(String source, Binding b) {
        return (b.toExchange() ? "e:" : "q:") + b.destination() + "\n" + source + "\n" + b.routingKey() + "\n"
                + java.util.Base64.getEncoder().encodeToString(FieldTables.toBytes(new java.util.TreeMap<>(b.arguments())));
    }

    private CompletionStage<Void> put(String namespace, String key, Map<String, Object> table) {
        return store == null ? CompletableFuture.completedFuture(null)
                : store.putDefinition(namespace, key, FieldTables.toBytes(table));
    }

    private CompletionStage<Void> remove(String namespace, String key) {
        return store == null ? CompletableFuture.completedFuture(null) : store.removeDefinition(namespace, key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
