package io.fluxmq.amqp091.channel;

import io.fluxmq.amqp091.broker.DeclaredQueue;
import io.fluxmq.amqp091.broker.DirectReplies;
import io.fluxmq.amqp091.broker.QueueArguments;
import io.fluxmq.amqp091.broker.VirtualHost;
import io.fluxmq.amqp091.codec.AmqpException;
import io.fluxmq.amqp091.codec.Basic;
import io.fluxmq.amqp091.codec.BasicProperties;
import io.fluxmq.amqp091.codec.FieldTables;
import io.fluxmq.amqp091.codec.FrameWriter;
import io.fluxmq.amqp091.codec.Method;
import io.fluxmq.amqp091.codec.ReplyCode;
import io.fluxmq.amqp091.mapping.DeliveryAddress;
import io.fluxmq.amqp091.mapping.MessageMapping;
import io.fluxmq.api.message.Message;
import io.fluxmq.api.queue.ConsumerSpec;
import io.fluxmq.api.queue.Delivery;
import io.fluxmq.api.queue.Queue;
import io.fluxmq.api.queue.QueueManager;
import io.fluxmq.api.security.Authorizer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The consumers of one channel: basic.consume and cancel, the deliveries to them, their
 * settlement (ack, nack, reject, recover), basic.qos and channel.flow. Consumers of one queue share
 * its consumer group "default" with MQTT consumers of that queue, so each message goes to one of
 * them; on a stream every consumer reads the whole stream from its own offset.
 */
final class Consumers {
    /** The consumer group AMQP consumers share with MQTT's $queue subscribers. */
    static final String GROUP = "default";
    private static final String SINGLE_ACTIVE = "x-single-active-consumer";

    private final AmqpChannel channel;
    private final Map<String, ChannelConsumer> byTag = new LinkedHashMap<>();
    private final Unacked unacked = new Unacked();
    private final Set<CompletableFuture<?>> requeues = new HashSet<>();
    /** Direct reply-to: the reply consumer's tag, its token and its address, or null. */
    private String replyTag;
    private String replyToken;
    private String replyAddress;
    /** basic.qos global=false: each new consumer's limit. */
    private int prefetch;
    /**
     * basic.qos global=true: RabbitMQ shares it among the channel's consumers; here it bounds each
     * consumer (exact for the usual one consumer per channel), together with the per-consumer limit.
     */
    private int channelPrefetch;
    private boolean flowActive = true;

    Consumers(AmqpChannel channel) {
        this.channel = channel;
    }

    private ConnectionContext ctx() {
        return channel.context();
    }

    void qos(Basic.Qos q) {
        if (q.prefetchSize() != 0) {
            throw new AmqpException(ReplyCode.NOT_IMPLEMENTED, "prefetch_size!=0 (" + q.prefetchSize() + ")",
                    q.classId(), q.methodId());
        }
        if (q.global()) {
            channelPrefetch = q.prefetchCount();
        } else {
            prefetch = q.prefetchCount();
        }
        channel.reply(new Basic.QosOk());
    }

    /**
     * The queue a consume or get names, once this connection may read it.
     *
     * @throws AmqpException NOT_FOUND, RESOURCE_LOCKED (another connection's exclusive queue) or ACCESS_REFUSED
     */
    Queue readable(String name, int classId, int methodId) {
        VirtualHost host = ctx().virtualHost();
        String queueName = host.queueName(name);
        QueueManager manager = ctx().broker().queues();
        Queue queue = manager == null ? null : manager.queue(queueName).orElse(null);
        if (queue == null) {
            throw new AmqpException(ReplyCode.NOT_FOUND, "no queue '" + name + "' in vhost '" + host.name() + "'",
                    classId, methodId);
        }
        DeclaredQueue declared = host.declared(name);
        if (declared != null && declared.exclusive() && declared.owner() != ctx().id()) {
            throw new AmqpException(ReplyCode.RESOURCE_LOCKED, "cannot obtain exclusive access to locked queue '"
                    + name + "' in vhost '" + host.name() + "'", classId, methodId);
        }
        if (!ctx().broker().allowed(ctx().principal(), Authorizer.Action.CONSUME, queueName)) {
            throw new AmqpException(ReplyCode.ACCESS_REFUSED, "access to queue '" + name + "' refused for user '"
                    + ctx().principal().username() + "'", classId, methodId);
        }
        return queue;
    }

    void consume(Basic.Consume c) {
        if (c.queue().equals(DirectReplies.QUEUE)) {
            consumeReplies(c);
            return;
        }
        VirtualHost host = ctx().virtualHost();
        String name = channel.queueOrLast(c.queue(), c.classId(), c.methodId());
        String queueName = host.queueName(name);
        Queue queue = readable(name, c.classId(), c.methodId());
        QueueManager manager = ctx().broker().queues();
        String tag = c.consumerTag().isEmpty() ? "amq.ctag-" + QueueMethods.random() : c.consumerTag();
        if (byTag.containsKey(tag)) {
            throw new AmqpException(ReplyCode.NOT_ALLOWED, "attempt to reuse consumer tag '" + tag + "'",
                    c.classId(), c.methodId());
        }
        boolean stream = queue.config().type().equals(QueueArguments.STREAM);
        String cursor = stream ? cursor(c.arguments()) : null;
        host.addConsumer(name, c.exclusive());
        ChannelConsumer consumer = new ChannelConsumer(channel, tag, name, queueName, c.noAck(),
                prefetch == 0 ? channelPrefetch : channelPrefetch == 0 ? prefetch : Math.min(prefetch, channelPrefetch));
        byTag.put(tag, consumer);
        if (!c.noWait()) {
            channel.reply(new Basic.ConsumeOk(tag));
        }
        String id = "amqp091:" + ctx().id() + ":" + channel.number() + ":" + tag;
        consumer.queueConsumer = manager.subscribe(queueName, new ConsumerSpec(id, stream ? id : GROUP, null, cursor),
                consumer);
        int initial = consumer.prefetch > 0 ? consumer.prefetch : ctx().broker().settings().creditWindow();
        DeclaredQueue declared = host.declared(name);
        if (declared != null && Boolean.TRUE.equals(FieldTables.bool(declared.arguments(), SINGLE_ACTIVE))) {
            consumer.inLine = true;
            consumer.standby = !host.standInLine(name, consumer);
        }
        if (flowActive && !consumer.standby) {
            consumer.queueConsumer.addCredit(initial);
        } else {
            consumer.owed = initial;
        }
    }

    /** x-stream-offset: first, last, next, an offset or a timestamp. */
    private static String cursor(Map<String, Object> args) {
        Object offset = args == null ? null : args.get("x-stream-offset");
        if (offset == null) {
            return "latest";
        }
        if (offset instanceof Number n) {
            return Long.toString(n.longValue());
        }
        if (offset instanceof Instant i) {
            return i.toString();
        }
        if (offset instanceof Date d) {
            return d.toInstant().toString();
        }
        return switch (offset.toString()) {
            case "first" -> "earliest";
            case "last", "next" -> "latest";
            default -> throw new AmqpException(ReplyCode.PRECONDITION_FAILED, "invalid x-stream-offset '" + offset
                    + "'", Basic.CLASS_ID, Basic.Consume.METHOD_ID);
        };
    }

    /** Direct reply-to: the channel's reply consumer, fed by replies published to its address. */
    private void consumeReplies(Basic.Consume c) {
        if (!c.noAck()) {
            throw new AmqpException(ReplyCode.PRECONDITION_FAILED, "reply consumer cannot acknowledge", c.classId(),
                    c.methodId());
        }
        if (replyTag != null) {
            throw new AmqpException(ReplyCode.PRECONDITION_FAILED, "reply consumer already set", c.classId(),
                    c.methodId());
        }
        replyTag = c.consumerTag().isEmpty() ? "amq.ctag-" + QueueMethods.random() : c.consumerTag();
        replyToken = QueueMethods.random();
        replyAddress = ctx().broker().directReplies().register(replyToken, (key, properties, body) -> {
            ctx().eventLoop().execute(() -> {
                if (replyTag != null) {
                    ByteBuf out = ctx().alloc().buffer(body.length + 128);
                    FrameWriter.writeContent(out, channel.number(), new Basic.Deliver(replyTag, unacked.nextTag(),
                            false, "", key), properties, Unpooled.wrappedBuffer(body), ctx().frameMax());
                    ctx().send(out);
                }
            });
            return true;
        });
        if (!c.noWait()) {
            channel.reply(new Basic.ConsumeOk(replyTag));
        }
    }

    private void endReplies() {
        if (replyToken != null) {
            ctx().broker().directReplies().unregister(replyToken);
            replyTag = null;
            replyToken = null;
            replyAddress = null;
        }
    }

    /** A request with reply-to {@code amq.rabbitmq.reply-to} gets this channel's reply address instead. */
    ContentAssembly.Published withReplyAddress(ContentAssembly.Published p) {
        BasicProperties props = p.properties();
        if (!DirectReplies.QUEUE.equals(props.replyTo())) {
            return p;
        }
        if (replyAddress == null) {
            throw new AmqpException(ReplyCode.PRECONDITION_FAILED, "fast reply consumer does not exist",
                    Basic.CLASS_ID, Basic.Publish.METHOD_ID);
        }
        BasicProperties addressed = new BasicProperties(props.contentType(), props.contentEncoding(),
                props.headers(), props.deliveryMode(), props.priority(), props.correlationId(), replyAddress,
                props.expiration(), props.messageId(), props.timestamp(), props.type(), props.userId(),
                props.appId(), props.clusterId());
        return new ContentAssembly.Published(p.method(), addressed, p.body());
    }

    void cancel(Basic.Cancel c) {
        if (c.consumerTag().equals(replyTag)) {
            endReplies();
        }
        ChannelConsumer consumer = byTag.remove(c.consumerTag());
        if (consumer != null) {
            end(consumer);
        }
        if (!c.noWait()) {
            channel.reply(new Basic.CancelOk(c.consumerTag()));
        }
    }

    /** The queue was deleted: the client is told with basic.cancel (consumer_cancel_notify). */
    void cancelledByServer(ChannelConsumer consumer) {
        if (byTag.remove(consumer.tag, consumer)) {
            consumer.closed = true;
            leaveLine(consumer);
            ctx().virtualHost().removeConsumer(consumer.queue);
            channel.reply(new Basic.Cancel(consumer.tag, true));
        }
    }

    /**
     * Ends a consumer. What it held went back to the queue with it; its delivery tags stay valid,
     * so that a client acknowledging after basic.cancel (as Spring's containers do) is not refused:
     * such settlements change nothing.
     */
    private void end(ChannelConsumer consumer) {
        consumer.close();
        leaveLine(consumer);
        if (ctx().virtualHost().removeConsumer(consumer.queue)) {
            QueueMethods.deleteQueue(ctx(), consumer.queue); // auto-delete: its last consumer went
        }
    }

    private void leaveLine(ChannelConsumer consumer) {
        if (consumer.inLine) {
            consumer.inLine = false;
            ctx().virtualHost().leaveLine(consumer.queue, consumer);
        }
    }

    void deliver(ChannelConsumer consumer, Delivery d) {
        if (consumer.closed) {
            return; // the queue has it back since the consumer detached
        }
        send(consumer, d, (tag, address) -> new Basic.Deliver(consumer.tag, tag, d.deliveryCount() > 1,
                address.exchange(), address.routingKey()));
        if (consumer.prefetch == 0) {
            consumer.earn(flowActive && ctx().writable());
        }
    }

    /** How a delivery is announced: basic.deliver, or basic.get-ok. */
    interface Announcement {
        Method method(long deliveryTag, DeliveryAddress address);
    }

    /** Writes a delivery with its content; it awaits settlement unless the consumer is no-ack. */
    void send(ChannelConsumer consumer, Delivery d, Announcement announcement) {
        long tag = unacked.nextTag();
        Message m = d.message();
        DeliveryAddress address = DeliveryAddress.of(m, consumer.queueName, consumer.queue);
        BasicProperties properties = MessageMapping.toProperties(m, System.currentTimeMillis());
        ByteBuf out = ctx().alloc().buffer(m.payloadSize() + 128 + address.routingKey().length());
        FrameWriter.writeContent(out, channel.number(), announcement.method(tag, address), properties,
                Unpooled.wrappedBuffer(m.payload()), ctx().frameMax());
        ctx().send(out);
        if (consumer.noAck) {
            consumer.queueConsumer.ack(d.offset());
        } else {
            unacked.add(new Unacked.Entry(tag, consumer, d));
        }
    }

    void ack(Basic.Ack a) {
        for (Unacked.Entry e : unacked.take(a.deliveryTag(), a.multiple(), a.classId(), a.methodId())) {
            if (!e.consumer().closed) {
                e.consumer().queueConsumer.ack(e.offset());
                settled(e);
            }
        }
    }

    void nack(long tag, boolean multiple, boolean requeue, int classId, int methodId) {
        for (Unacked.Entry e : unacked.take(tag, multiple, classId, methodId)) {
            settle(e, requeue);
        }
    }

    void recover(boolean requeue, int classId, int methodId) {
        if (!requeue) {
            throw new AmqpException(ReplyCode.NOT_IMPLEMENTED, "requeue=false", classId, methodId);
        }
        for (Unacked.Entry e : unacked.takeAll()) {
            settle(e, true);
        }
    }

    /** Settles a delivery that is not acknowledged: back to the queue, dead-lettered, or dropped. */
    private void settle(Unacked.Entry e, boolean requeue) {
        if (e.consumer().closed) {
            return; // it went back to the queue when its consumer ended
        }
        DeclaredQueue declared = requeue ? null : ctx().virtualHost().declared(e.consumer().queue);
        if (declared != null && DeadLetters.configured(declared)) {
            DeadLetters.deadLetter(ctx(), declared, e.consumer().queueName, e.delivery(), "rejected")
                    .whenComplete((v, f) -> e.consumer().queueConsumer.ack(e.offset()));
            settled(e);
            return;
        }
        if (requeue) {
            CompletableFuture<?> back = e.consumer().queueConsumer.nack(e.offset()).toCompletableFuture();
            if (!back.isDone()) {
                requeues.add(back);
                back.whenComplete((v, f) -> ctx().eventLoop().execute(() -> requeues.remove(back)));
            }
        } else {
            e.consumer().queueConsumer.ack(e.offset());
        }
        settled(e);
    }

    private void settled(Unacked.Entry e) {
        if (e.consumer().prefetch > 0) {
            e.consumer().earn(flowActive);
        }
    }

    /** Completes once the messages this channel requeued are back in their queues (basic.get waits for it). */
    CompletableFuture<Void> requeued() {
        return CompletableFuture.allOf(requeues.toArray(CompletableFuture[]::new));
    }

    void flow(boolean active) {
        flowActive = active;
        if (active) {
            writable();
        }
    }

    /** The connection can take more: consumers get the credit they earned meanwhile. */
    void writable() {
        if (!flowActive) {
            return;
        }
        for (ChannelConsumer c : byTag.values()) {
            c.resume();
        }
    }

    /** The channel ends: consumers detach, and what they held goes back to their queues. */
    void release() {
        endReplies();
        List<ChannelConsumer> all = new ArrayList<>(byTag.values());
        byTag.clear();
        unacked.takeAll();
        for (ChannelConsumer c : all) {
            end(c);
        }
    }
}
