package io.fluxmq.amqp091.codec;

import java.util.List;
import java.util.Map;

/** The methods of the {@code exchange} class (class id 40). */
public final class Exchange {
    public static final int CLASS_ID = 40;

    private Exchange() {
    }

    /** {@code exchange.declare}. */
    public record Declare(String exchange, String type, boolean passive, boolean durable,
            boolean autoDelete, boolean internal, boolean noWait, Map<String, Object> arguments) implements Method {
        public static final int METHOD_ID = 10;
    }

    /** {@code exchange.declare-ok}. */
    public record DeclareOk() implements Method {
        public static final int METHOD_ID = 11;
    }

    /** {@code exchange.delete}. */
    public record Delete(String exchange, boolean ifUnused, boolean noWait) implements Method {
        public static final int METHOD_ID = 20;
    }

    /** {@code exchange.delete-ok}. */
    public record DeleteOk() implements Method {
        public static final int METHOD_ID = 21;
    }

    /** {@code exchange.bind} (RabbitMQ extension): binds an exchange to an exchange. */
    public record Bind(String destination, String source, String routingKey, boolean noWait,
            Map<String, Object> arguments) implements Method {
        public static final int METHOD_ID = 30;
    }

    /** {@code exchange.bind-ok}. */
    public record BindOk() implements Method {
        public static final int METHOD_ID = 31;
    }

    /** {@code exchange.unbind} (RabbitMQ extension). */
    public record Unbind(String destination, String source, String routingKey, boolean noWait,
            Map<String, Object> arguments) implements Method {
        public static final int METHOD_ID = 40;
    }

    /** {@code exchange.unbind-ok}. */
    public record UnbindOk() implements Method {
        public static final int METHOD_ID = 51;
    }

    static final List<MethodType<?>> TYPES = List.of(
            MethodType.of(CLASS_ID, Declare.METHOD_ID, Declare.class,
                    r -> {
                        r.shortInt(); // reserved
                        String exchange = r.shortStr();
                        String type = r.shortStr();
                        boolean passive = r.bit();
                        boolean durable = r.bit();
                        boolean autoDelete = r.bit();
                        boolean internal = r.bit();
                        boolean noWait = r.bit();
                        Map<String, Object> arguments = r.table();
                        return new Declare(exchange, type, passive, durable, autoDelete, internal, noWait, arguments);
                    },
                    (m, w) -> w.shortInt(0).shortStr(m.exchange()).shortStr(m.type()).bit(m.passive())
                            .bit(m.durable()).bit(m.autoDelete()).bit(m.internal()).bit(m.noWait())
                            .table(m.arguments())),
            MethodType.empty(CLASS_ID, DeclareOk.METHOD_ID, DeclareOk.class, new DeclareOk()),
            MethodType.of(CLASS_ID, Delete.METHOD_ID, Delete.class,
                    r -> {
                        r.shortInt(); // reserved
                        String exchange = r.shortStr();
                        boolean ifUnused = r.bit();
                        boolean noWait = r.bit();
                        return new Delete(exchange, ifUnused, noWait);
                    },
                    (m, w) -> w.shortInt(0).shortStr(m.exchange()).bit(m.ifUnused()).bit(m.noWait())),
            MethodType.empty(CLASS_ID, DeleteOk.METHOD_ID, DeleteOk.class, new DeleteOk()),
            MethodType.of(CLASS_ID, Bind.METHOD_ID, Bind.class,
                    r -> {
                        r.shortInt(); // reserved
                        String destination = r.shortStr();
                        String source = r.shortStr();
                        String routingKey = r.shortStr();
                        boolean noWait = r.bit();
                        Map<String, Object> arguments = r.table();
                        return new Bind(destination, source, routingKey, noWait, arguments);
                    },
                    (m, w) -> w.shortInt(0).shortStr(m.destination()).shortStr(m.source())
                            .shortStr(m.routingKey()).bit(m.noWait()).table(m.arguments())),
            MethodType.empty(CLASS_ID, BindOk.METHOD_ID, BindOk.class, new BindOk()),
            MethodType.of(CLASS_ID, Unbind.METHOD_ID, Unbind.class,
                    r -> {
                        r.shortInt(); // reserved
                        String destination = r.shortStr();
                        String source = r.shortStr();
                        String routingKey = r.shortStr();
                        boolean noWait = r.bit();
                        Map<String, Object> arguments = r.table();
                        return new Unbind(destination, source, routingKey, noWait, arguments);
                    },
                    (m, w) -> w.shortInt(0).shortStr(m.destination()).shortStr(m.source())
                            .shortStr(m.routingKey()).bit(m.noWait()).table(m.arguments())),
            MethodType.empty(CLASS_ID, UnbindOk.METHOD_ID, UnbindOk.class, new UnbindOk()));
}
