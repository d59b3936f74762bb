package io.fluxmq.amqp091.channel;

import io.fluxmq.amqp091.broker.DeclaredQueue;
import io.fluxmq.amqp091.codec.Basic;
import io.fluxmq.api.queue.ConsumerSpec;
import io.fluxmq.api.queue.Delivery;
import io.fluxmq.api.queue.Queue;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * basic.get on the queue manager's push consumers: a get attaches a consumer to the queue (one per
 * queue and no-ack mode, kept while gets find messages), gives it one credit and answers with the
 * delivery (get-ok), or with get-empty when none comes in time: soon when the queue reports no
 * message ready, after a longer wait when it reports some. An empty get detaches the consumer, so
 * no credit is left that would take a message away from the queue's other consumers.
 */
final class Gets {
    /** How long a get waits when the queue reports messages ready, and when it reports none. */
    private static final long READY_WAIT_MILLIS = 1_000;
    private static final long EMPTY_WAIT_MILLIS = 20;

    private final AmqpChannel channel;
    private final Consumers consumers;
    private final Map<String, Getter> getters = new HashMap<>();

    Gets(AmqpChannel channel, Consumers consumers) {
        this.channel = channel;
        this.consumers = consumers;
    }

    private static final class Getter {
        final String key;
        final ChannelConsumer consumer;
        CompletableFuture<Delivery> waiting;

        Getter(String key, ChannelConsumer consumer) {
            this.key = key;
            this.consumer = consumer;
        }
    }

    void get(Basic.Get g) {
        CompletableFuture<Void> requeued = consumers.requeued();
        if (!requeued.isDone()) {
            channel.async(requeued, v -> get(g)); // a message this channel gave back is to be found
            return;
        }
        String name = channel.queueOrLast(g.queue(), g.classId(), g.methodId());
        Queue queue = consumers.readable(name, g.classId(), g.methodId());
        DeclaredQueue declared = channel.context().virtualHost().declared(name);
        if (declared != null) {
            declared.used();
        }
        String key = name + (g.noAck() ? "\0no-ack" : "");
        Getter getter = getters.computeIfAbsent(key, k -> attach(k, name, queue, g.noAck()));
        long ready = QueueMethods.ready(queue.stats());
        long wait = ready > 0 ? READY_WAIT_MILLIS : EMPTY_WAIT_MILLIS;
        CompletableFuture<Delivery> next = new CompletableFuture<>();
        getter.waiting = next;
        getter.consumer.queueConsumer.addCredit(1);
        ScheduledFuture<?> timeout = channel.context().eventLoop().schedule(() -> next.complete(null), wait,
                TimeUnit.MILLISECONDS);
        channel.async(next, d -> {
            timeout.cancel(false);
            getter.waiting = null;
            if (d == null) {
                getters.remove(getter.key);
                getter.consumer.close(); // takes the unused credit back
                channel.reply(new Basic.GetEmpty());
            } else {
                long left = Math.max(0, ready - 1); // as far as the queue knew before this delivery
                consumers.send(getter.consumer, d, (tag, address) -> new Basic.GetOk(tag, d.deliveryCount() > 1,
                        address.exchange(), address.routingKey(), left));
            }
        });
    }

    private Getter attach(String key, String name, Queue queue, boolean noAck) {
        ConnectionContext ctx = channel.context();
        String tag = "amq.get-" + (noAck ? "no-ack-" : "") + name;
        ChannelConsumer consumer = new ChannelConsumer(channel, tag, name, queue.config().name(), noAck, 0);
        consumer.getter = true;
        String id = "amqp091:" + ctx.id() + ":" + channel.number() + ":" + tag;
        consumer.queueConsumer = ctx.broker().queues().subscribe(queue.config().name(),
                new ConsumerSpec(id, Consumers.GROUP, null, null), consumer);
        return new Getter(key, consumer);
    }

    /** A delivery to a getter, on the event loop; one that came too late went back with the detach. */
    void arrived(ChannelConsumer consumer, Delivery d) {
        for (Getter g : getters.values()) {
            if (g.consumer == consumer && g.waiting != null && g.waiting.complete(d)) {
                return;
            }
        }
    }

    /** The channel ends: the getters detach. */
    void release() {
        for (Getter g : getters.values()) {
            g.consumer.close();
        }
        getters.clear();
    }
}
