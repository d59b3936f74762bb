package io.fluxmq.amqp091.broker;

import io.fluxmq.amqp091.codec.AmqpException;
import io.fluxmq.amqp091.codec.FieldTables;
import io.fluxmq.amqp091.codec.Queue;
import io.fluxmq.amqp091.codec.ReplyCode;
import io.fluxmq.api.queue.OverflowPolicy;
import io.fluxmq.api.queue.QueueConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The queue manager configuration of a queue.declare: its type from the flags and
 * {@code x-queue-type}, its limits from the arguments. A delivery stays with its consumer until it
 * is settled or the consumer goes (no visibility timeout), and a requeued message is due at once.
 * Arguments FluxMQ cannot honour are refused with 406 PRECONDITION_FAILED rather than ignored.
 */
public final class QueueArguments {
    public static final String EPHEMERAL = "ephemeral";
    public static final String DURABLE = "durable";
    public static final String STREAM = "stream";
    /** Arguments that are hints for RabbitMQ's own implementation and change nothing here. */
    private static final Set<String> HINTS = Set.of("x-queue-mode", "x-queue-master-locator",
            "x-queue-leader-locator", "x-quorum-initial-group-size", "x-quorum-target-group-size",
            "x-stream-max-segment-size-bytes", "x-initial-cluster-size", "x-queue-version");

    private QueueArguments() {
    }

    public static QueueConfig config(String queueName, boolean durable, boolean exclusive, Map<String, Object> args) {
        String type = type(durable, exclusive, args);
        QueueConfig d = QueueConfig.defaults(queueName, type);
        long maxDepth = 0;
        // RabbitMQ drops the head at x-max-length; without one the only bound is the queue type's own
        // (in-memory queues), where a publish is refused (nacked) rather than a confirmed message dropped
        OverflowPolicy overflow = args.containsKey("x-max-length") ? OverflowPolicy.DROP_OLDEST
                : OverflowPolicy.REJECT_NEW;
        Duration ttl = Duration.ZERO;
        int maxDeliveries = 0;
        QueueConfig.Retention retention = d.retention();
        for (Map.Entry<String, Object> e : args.entrySet()) {
            String name = e.getKey();
            switch (name) {
                case "x-queue-type" -> {
                    // read above
                }
                case "x-max-length" -> maxDepth = nonNegative(args, name);
                case "x-overflow" -> overflow = overflow(String.valueOf(e.getValue()));
                case "x-message-ttl" -> ttl = Duration.ofMillis(nonNegative(args, name));
                case "x-expires" -> {
                    if (nonNegative(args, name) == 0) {
                        throw refused("invalid arg 'x-expires': must be positive");
                    }
                }
                case "x-delivery-limit" -> maxDeliveries = (int) Math.min(Integer.MAX_VALUE, nonNegative(args, name));
                case "x-max-length-bytes" -> {
                    if (!type.equals(STREAM)) {
                        throw refused(name + " is only supported by stream queues");
                    }
                    retention = new QueueConfig.Retention(retention.maxAge(), nonNegative(args, name),
                            retention.maxMessages());
                }
                case "x-dead-letter-exchange", "x-dead-letter-routing-key" -> {
                    if (!(e.getValue() instanceof String)) {
                        throw refused("invalid arg '" + name + "': " + e.getValue());
                    }
                }
                case "x-single-active-consumer" -> {
                    if (FieldTables.bool(args, name) == null) {
                        throw refused("invalid arg 'x-single-active-consumer': " + e.getValue());
                    }
                }
                default -> {
                    if (!HINTS.contains(name)) {
                        throw refused("queue argument '" + name + "' is not supported");
                    }
                }
            }
        }
        if (args.containsKey("x-dead-letter-exchange") && (!ttl.isZero() || maxDepth > 0)) {
            throw refused("x-dead-letter-exchange works with rejected messages only: messages that expire "
                    + "(x-message-ttl) or overflow (x-max-length) are not dead-lettered");
        }
        if (type.equals(STREAM) && maxDepth > 0) {
            retention = new QueueConfig.Retention(retention.maxAge(), retention.maxBytes(), maxDepth);
            maxDepth = 0;
        }
        return new QueueConfig(queueName, type, List.of(), retention, maxDepth, overflow, ttl, Duration.ZERO,
                maxDeliveries, new QueueConfig.Backoff(Duration.ZERO, 1.0, Duration.ZERO), null, Duration.ZERO);
    }

    /**
     * The first argument that makes a redeclaration differ from the declaration (RabbitMQ's
     * "inequivalent arg"), or null; placement hints do not count, numbers compare by value.
     */
    public static String differing(Map<String, Object> declared, Map<String, Object> again) {
        Set<String> names = new java.util.TreeSet<>(declared.keySet());
        names.addAll(again.keySet());
        for (String name : names) {
            if (!HINTS.contains(name) && !sameValue(declared.get(name), again.get(name))) {
                return name;
            }
        }
        return null;
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.longValue() == y.longValue() && x.doubleValue() == y.doubleValue();
        }
        return java.util.Objects.equals(a == null ? null : a.toString(), b == null ? null : b.toString());
    }

    static String type(boolean durable, boolean exclusive, Map<String, Object> args) {
        String requested = FieldTables.string(args, "x-queue-type");
        if (requested == null || requested.equals("classic")) {
            return durable && !exclusive ? DURABLE : EPHEMERAL;
        }
        if (requested.equals("quorum") || requested.equals(STREAM)) {
            if (!durable || exclusive) {
                throw refused("invalid property '" + (exclusive ? "exclusive" : "non-durable") + "' for queue type "
                        + requested);
            }
            return requested.equals(STREAM) ? STREAM : DURABLE;
        }
        throw refused("unknown queue type '" + requested + "'");
    }

    private static OverflowPolicy overflow(String value) {
        return switch (value) {
            case "drop-head" -> OverflowPolicy.DROP_OLDEST;
            case "reject-publish" -> OverflowPolicy.REJECT_NEW;
            default -> throw refused("x-overflow '" + value + "' is not supported (drop-head, reject-publish)");
        };
    }

    private static long nonNegative(Map<String, Object> args, String name) {
        Long v = FieldTables.integer(args, name);
        if (v == null || v < 0) {
            throw refused("invalid arg '" + name + "': " + args.get(name));
        }
        return v;
    }

    private static AmqpException refused(String text) {
        return new AmqpException(ReplyCode.PRECONDITION_FAILED, text, Queue.CLASS_ID, Queue.Declare.METHOD_ID);
    }
}
