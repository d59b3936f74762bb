package io.fluxmq.amqp091.codec;

import java.util.List;
import java.util.Map;

/** The methods of the {@code basic} class (class id 60). */
public final class Basic {
    public static final int CLASS_ID = 60;

    private Basic() {
    }

    /** {@code basic.qos}. */
    public record Qos(long prefetchSize, int prefetchCount, boolean global) implements Method {
        public static final int METHOD_ID = 10;
    }

    /** {@code basic.qos-ok}. */
    public record QosOk() implements Method {
        public static final int METHOD_ID = 11;
    }

    /** {@code basic.consume}. */
    public record Consume(String queue, String consumerTag, boolean noLocal, boolean noAck,
            boolean exclusive, boolean noWait, Map<String, Object> arguments) implements Method {
        public static final int METHOD_ID = 20;
    }

    /** {@code basic.consume-ok}. */
    public record ConsumeOk(String consumerTag) implements Method {
        public static final int METHOD_ID = 21;
    }

    /** {@code basic.cancel}. */
    public record Cancel(String consumerTag, boolean noWait) implements Method {
        public static final int METHOD_ID = 30;
    }

    /** {@code basic.cancel-ok}. */
    public record CancelOk(String consumerTag) implements Method {
        public static final int METHOD_ID = 31;
    }

    /** {@code basic.publish}; content follows. */
    public record Publish(String exchange, String routingKey, boolean mandatory, boolean immediate) implements Method {
        public static final int METHOD_ID = 40;

        @Override
        public boolean hasContent() {
            return true;
        }
    }

    /** {@code basic.return}; content follows. */
    public record Return(int replyCode, String replyText, String exchange, String routingKey) implements Method {
        public static final int METHOD_ID = 50;

        @Override
        public boolean hasContent() {
            return true;
        }
    }

    /** {@code basic.deliver}; content follows. */
    public record Deliver(String consumerTag, long deliveryTag, boolean redelivered,
            String exchange, String routingKey) implements Method {
        public static final int METHOD_ID = 60;

        @Override
        public boolean hasContent() {
            return true;
        }
    }

    /** {@code basic.get}. */
    public record Get(String queue, boolean noAck) implements Method {
        public static final int METHOD_ID = 70;
    }

    /** {@code basic.get-ok}; content follows. */
    public record GetOk(long deliveryTag, boolean redelivered, String exchange, String routingKey,
            long messageCount) implements Method {
        public static final int METHOD_ID = 71;

        @Override
        public boolean hasContent() {
            return true;
        }
    }

    /** {@code basic.get-empty}. */
    public record GetEmpty() implements Method {
        public static final int METHOD_ID = 72;
    }

    /** {@code basic.ack}. */
    public record Ack(long deliveryTag, boolean multiple) implements Method {
        public static final int METHOD_ID = 80;
    }

    /** {@code basic.reject}. */
    public record Reject(long deliveryTag, boolean requeue) implements Method {
        public static final int METHOD_ID = 90;
    }

    /** {@code basic.recover-async} (deprecated). */
    public record RecoverAsync(boolean requeue) implements Method {
        public static final int METHOD_ID = 100;
    }

    /** {@code basic.recover}. */
    public record Recover(boolean requeue) implements Method {
        public static final int METHOD_ID = 110;
    }

    /** {@code basic.recover-ok}. */
    public record RecoverOk() implements Method {
        public static final int METHOD_ID = 111;
    }

    /** {@code basic.nack} (RabbitMQ extension). */
    public record Nack(long deliveryTag, boolean multiple, boolean requeue) implements Method {
        public static final int METHOD_ID = 120;
    }

    static final List<MethodType<?>> TYPES = List.of(
            MethodType.of(CLASS_ID, Qos.METHOD_ID, Qos.class,
                    r -> new Qos(r.longInt(), r.shortInt(), r.bit()),
                    (m, w) -> w.longInt(m.prefetchSize()).shortInt(m.prefetchCount()).bit(m.global())),
            MethodType.empty(CLASS_ID, QosOk.METHOD_ID, QosOk.class, new QosOk()),
            MethodType.of(CLASS_ID, Consume.METHOD_ID, Consume.class,
                    r -> {
                        r.shortInt(); // reserved
                        String queue = r.shortStr();
                        String consumerTag = r.shortStr();
                        boolean noLocal = r.bit();
                        boolean noAck = r.bit();
                        boolean exclusive = r.bit();
                        boolean noWait = r.bit();
                        Map<String, Object> arguments = r.table();
                        return new Consume(queue, consumerTag, noLocal, noAck, exclusive, noWait, arguments);
                    },
                    (m, w) -> w.shortInt(0).shortStr(m.queue()).shortStr(m.consumerTag()).bit(m.noLocal())
                            .bit(m.noAck()).bit(m.exclusive()).bit(m.noWait()).table(m.arguments())),
            MethodType.of(CLASS_ID, ConsumeOk.METHOD_ID, ConsumeOk.class,
                    r -> new ConsumeOk(r.shortStr()),
                    (m, w) -> w.shortStr(m.consumerTag())),
            MethodType.of(CLASS_ID, Cancel.METHOD_ID, Cancel.class,
                    r -> new Cancel(r.shortStr(), r.bit()),
                    (m, w) -> w.shortStr(m.consumerTag()).bit(m.noWait())),
            MethodType.of(CLASS_ID, CancelOk.METHOD_ID, CancelOk.class,
                    r -> new CancelOk(r.shortStr()),
                    (m, w) -> w.shortStr(m.consumerTag())),
            MethodType.of(CLASS_ID, Publish.METHOD_ID, Publish.class,
                    r -> {
                        r.shortInt(); // reserved
                        String exchange = r.shortStr();
                        String routingKey = r.shortStr();
                        boolean mandatory = r.bit();
                        boolean immediate = r.bit();
                        return new Publish(exchange, routingKey, mandatory, immediate);
                    },
                    (m, w) -> w.shortInt(0).shortStr(m.exchange()).shortStr(m.routingKey()).bit(m.mandatory())
                            .bit(m.immediate())),
            MethodType.of(CLASS_ID, Return.METHOD_ID, Return.class,
                    r -> new Return(r.shortInt(), r.shortStr(), r.shortStr(), r.shortStr()),
                    (m, w) -> w.shortInt(m.replyCode()).shortStr(m.replyText()).shortStr(m.exchange())
                            .shortStr(m.routingKey())),
            MethodType.of(CLASS_ID, Deliver.METHOD_ID, Deliver.class,
                    r -> new Deliver(r.shortStr(), r.longLong(), r.bit(), r.shortStr(), r.shortStr()),
                    (m, w) -> w.shortStr(m.consumerTag()).longLong(m.deliveryTag()).bit(m.redelivered())
                            .shortStr(m.exchange()).shortStr(m.routingKey())),
            MethodType.of(CLASS_ID, Get.METHOD_ID, Get.class,
                    r -> {
                        r.shortInt(); // reserved
                        String queue = r.shortStr();
                        boolean noAck = r.bit();
                        return new Get(queue, noAck);
                    },
                    (m, w) -> w.shortInt(0).shortStr(m.queue()).bit(m.noAck())),
            MethodType.of(CLASS_ID, GetOk.METHOD_ID, GetOk.class,
                    r -> new GetOk(r.longLong(), r.bit(), r.shortStr(), r.shortStr(), r.longInt()),
                    (m, w) -> w.longLong(m.deliveryTag()).bit(m.redelivered()).shortStr(m.exchange())
                            .shortStr(m.routingKey()).longInt(m.messageCount())),
            MethodType.of(CLASS_ID, GetEmpty.METHOD_ID, GetEmpty.class,
                    r -> {
                        r.shortStr(); // reserved
                        return new GetEmpty();
                    },
                    (m, w) -> w.shortStr("")),
            MethodType.of(CLASS_ID, Ack.METHOD_ID, Ack.class,
                    r -> new Ack(r.longLong(), r.bit()),
                    (m, w) -> w.longLong(m.deliveryTag()).bit(m.multiple())),
            MethodType.of(CLASS_ID, Reject.METHOD_ID, Reject.class,
                    r -> new Reject(r.longLong(), r.bit()),
                    (m, w) -> w.longLong(m.deliveryTag()).bit(m.requeue())),
            MethodType.of(CLASS_ID, RecoverAsync.METHOD_ID, RecoverAsync.class,
                    r -> new RecoverAsync(r.bit()),
                    (m, w) -> w.bit(m.requeue())),
            MethodType.of(CLASS_ID, Recover.METHOD_ID, Recover.class,
                    r -> new Recover(r.bit()),
                    (m, w) -> w.bit(m.requeue())),
            MethodType.empty(CLASS_ID, RecoverOk.METHOD_ID, RecoverOk.class, new RecoverOk()),
            MethodType.of(CLASS_ID, Nack.METHOD_ID, Nack.class,
                    r -> new Nack(r.longLong(), r.bit(), r.bit()),
                    (m, w) -> w.longLong(m.deliveryTag()).bit(m.multiple()).bit(m.requeue())));
}
