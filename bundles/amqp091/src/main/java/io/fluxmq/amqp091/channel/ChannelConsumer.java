package io.fluxmq.amqp091.channel;

import io.fluxmq.amqp091.broker.VirtualHost;
import io.fluxmq.api.queue.Delivery;
import io.fluxmq.api.queue.DeliveryHandler;
import io.fluxmq.api.queue.QueueConsumer;

/**
 * One basic.consume: the queue manager's consumer behind it and the credit it is given. With a
 * prefetch count (and manual acknowledgement) the credit is the prefetch, returned one by one as
 * deliveries are settled; otherwise a window of credit is returned as deliveries are written,
 * while the client reads fast enough.
 */
final class ChannelConsumer implements DeliveryHandler, VirtualHost.Standby {
    final String tag;
    /** The queue's AMQP name and the queue manager's. */
    final String queue;
    final String queueName;
    final boolean noAck;
    /** Credit returned per settlement (prefetch), or 0 when credit follows writes. */
    final int prefetch;
    private final AmqpChannel channel;
    QueueConsumer queueConsumer;
    /** Credit earned while the channel's flow or the connection's writability held it back. */
    int owed;
    boolean closed;
    /** Whether it serves basic.get rather than a basic.consume. */
    boolean getter;
    /** Whether it waits in the line of a single-active-consumer queue (then it holds its credit back). */
    boolean standby;
    /** Whether it stands in such a line at all. */
    boolean inLine;

    ChannelConsumer(AmqpChannel channel, String tag, String queue, String queueName, boolean noAck, int prefetch) {
        this.channel = channel;
        this.tag = tag;
        this.queue = queue;
        this.queueName = queueName;
        this.noAck = noAck;
        this.prefetch = noAck ? 0 : prefetch;
    }

    /** Thread: a queue's dispatch thread; the channel takes it on its event loop. */
    @Override
    public void deliver(Delivery delivery) {
        channel.context().eventLoop().execute(() -> channel.deliver(this, delivery));
    }

    /** The queue was deleted. */
    @Override
    public void cancelled(String reason) {
        channel.context().eventLoop().execute(() -> channel.cancelledByServer(this, reason));
    }

    /** Its turn came in the line of a single-active-consumer queue. */
    @Override
    public void activate() {
        channel.context().eventLoop().execute(() -> {
            standby = false;
            channel.activated(this);
        });
    }

    /** One credit earned: given now, or owed until the channel may take more. */
    void earn(boolean mayDeliver) {
        if (closed) {
            return;
        }
        if (mayDeliver && !standby) {
            queueConsumer.addCredit(1 + owed);
            owed = 0;
        } else {
            owed++;
        }
    }

    /** Gives what was owed, when the channel may take more again. */
    void resume() {
        if (!closed && !standby && owed > 0) {
            queueConsumer.addCredit(owed);
            owed = 0;
        }
    }

    void close() {
        if (!closed) {
            closed = true;
            queueConsumer.close();
        }
    }
}
