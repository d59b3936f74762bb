package io.fluxmq.amqp091.codec;

import java.util.List;
import java.util.Map;

/** The methods of the {@code queue} class (class id 50). */
public final class Queue {
    public static final int CLASS_ID = 50;

    private Queue() {
    }

    /** {@code queue.declare}. */
    public record Declare(String queue, boolean passive, boolean durable, boolean exclusive,
            boolean autoDelete, boolean noWait, Map<String, Object> arguments) implements Method {
        public static final int METHOD_ID = 10;
    }

    /** {@code queue.declare-ok}. */
    public record DeclareOk(String queue, long messageCount, long consumerCount) implements Method {
        public static final int METHOD_ID = 11;
    }

    /** {@code queue.bind}. */
    public record Bind(String queue, String exchange, String routingKey, boolean noWait,
            Map<String, Object> arguments) implements Method {
        public static final int METHOD_ID = 20;
    }

    /** {@code queue.bind-ok}. */
    public record BindOk() implements Method {
        public static final int METHOD_ID = 21;
    }

    /** {@code queue.purge}. */
    public record Purge(String queue, boolean noWait) implements Method {
        public static final int METHOD_ID = 30;
    }

    /** {@code queue.purge-ok}. */
    public record PurgeOk(long messageCount) implements Method {
        public static final int METHOD_ID = 31;
    }

    /** {@code queue.delete}. */
    public record Delete(String queue, boolean ifUnused, boolean ifEmpty, boolean noWait) implements Method {
        public static final int METHOD_ID = 40;
    }

    /** {@code queue.delete-ok}. */
    public record DeleteOk(long messageCount) implements Method {
        public static final int METHOD_ID = 41;
    }

    /** {@code queue.unbind}. */
    public record Unbind(String queue, String exchange, String routingKey,
            Map<String, Object> arguments) implements Method {
        public static final int METHOD_ID = 50;
    }

    /** {@code queue.unbind-ok}. */
    public record UnbindOk() implements Method {
        public static final int METHOD_ID = 51;
    }

    static final List<MethodType<?>> TYPES = List.of(
            MethodType.of(CLASS_ID, Declare.METHOD_ID, Declare.class,
                    r -> {
                        r.shortInt(); // reserved
                        String queue = r.shortStr();
                        boolean passive = r.bit();
                        boolean durable = r.bit();
                        boolean exclusive = r.bit();
                        boolean autoDelete = r.bit();
                        boolean noWait = r.bit();
                        Map<String, Object> arguments = r.table();
                        return new Declare(queue, passive, durable, exclusive, autoDelete, noWait, arguments);
                    },
                    (m, w) -> w.shortInt(0).shortStr(m.queue()).bit(m.passive()).bit(m.durable())
                            .bit(m.exclusive()).bit(m.autoDelete()).bit(m.noWait()).table(m.arguments())),
            MethodType.of(CLASS_ID, DeclareOk.METHOD_ID, DeclareOk.class,
                    r -> new DeclareOk(r.shortStr(), r.longInt(), r.longInt()),
                    (m, w) -> w.shortStr(m.queue()).longInt(m.messageCount()).longInt(m.consumerCount())),
            MethodType.of(CLASS_ID, Bind.METHOD_ID, Bind.class,
                    r -> {
                        r.shortInt(); // reserved
                        String queue = r.shortStr();
                        String exchange = r.shortStr();
                        String routingKey = r.shortStr();
                        boolean noWait = r.bit();
                        Map<String, Object> arguments = r.table();
                        return new Bind(queue, exchange, routingKey, noWait, arguments);
                    },
                    (m, w) -> w.shortInt(0).shortStr(m.queue()).shortStr(m.exchange())
                            .shortStr(m.routingKey()).bit(m.noWait()).table(m.arguments())),
            MethodType.empty(CLASS_ID, BindOk.METHOD_ID, BindOk.class, new BindOk()),
            MethodType.of(CLASS_ID, Purge.METHOD_ID, Purge.class,
                    r -> {
                        r.shortInt(); // reserved
                        String queue = r.shortStr();
                        boolean noWait = r.bit();
                        return new Purge(queue, noWait);
                    },
                    (m, w) -> w.shortInt(0).shortStr(m.queue()).bit(m.noWait())),
            MethodType.of(CLASS_ID, PurgeOk.METHOD_ID, PurgeOk.class,
                    r -> new PurgeOk(r.longInt()),
                    (m, w) -> w.longInt(m.messageCount())),
            MethodType.of(CLASS_ID, Delete.METHOD_ID, Delete.class,
                    r -> {
                        r.shortInt(); // reserved
                        String queue = r.shortStr();
                        boolean ifUnused = r.bit();
                        boolean ifEmpty = r.bit();
                        boolean noWait = r.bit();
                        return new Delete(queue, ifUnused, ifEmpty, noWait);
                    },
                    (m, w) -> w.shortInt(0).shortStr(m.queue()).bit(m.ifUnused()).bit(m.ifEmpty())
                            .bit(m.noWait())),
            MethodType.of(CLASS_ID, DeleteOk.METHOD_ID, DeleteOk.class,
                    r -> new DeleteOk(r.longInt()),
                    (m, w) -> w.longInt(m.messageCount())),
            MethodType.of(CLASS_ID, Unbind.METHOD_ID, Unbind.class,
                    r -> {
                        r.shortInt(); // reserved
                        String queue = r.shortStr();
                        String exchange = r.shortStr();
                        String routingKey = r.shortStr();
                        Map<String, Object> arguments = r.table();
                        return new Unbind(queue, exchange, routingKey, arguments);
                    },
                    (m, w) -> w.shortInt(0).shortStr(m.queue()).shortStr(m.exchange())
                            .shortStr(m.routingKey()).table(m.arguments())),
            MethodType.empty(CLASS_ID, UnbindOk.METHOD_ID, UnbindOk.class, new UnbindOk()));
}
