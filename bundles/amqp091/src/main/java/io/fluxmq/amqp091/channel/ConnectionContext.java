package io.fluxmq.amqp091.channel;

import io.fluxmq.amqp091.broker.AmqpBroker;
import io.fluxmq.amqp091.broker.VirtualHost;
import io.fluxmq.amqp091.codec.AmqpException;
import io.fluxmq.api.queue.Queue;
import io.fluxmq.api.security.ClientPrincipal;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import java.util.List;

/**
 * What a channel needs of its connection. Every method is called on the connection's event loop.
 */
public interface ConnectionContext {
    AmqpBroker broker();

    VirtualHost virtualHost();

    ClientPrincipal principal();

    /** Unique on the node, for consumer ids and exclusive queues. */
    long id();

    /** The negotiated frame-max, 0 for none. */
    long frameMax();

    EventLoop eventLoop();

    ByteBufAllocator alloc();

    /** Writes encoded frames; they are flushed before the event loop waits again. */
    void send(ByteBuf frames);

    /** Whether the client reads what is written fast enough for more deliveries. */
    boolean writable();

    /**
     * A publish started waiting for its queues; enough of them stop reading from the client, and so
     * does an in-memory queue it went to that holds too many messages, until that one drained.
     */
    void publishStarted(List<Queue> inMemory);

    /** A publish is done waiting for its queues. */
    void publishSettled();

    /** The client confirmed the channel's close: the number is free again. */
    void channelClosed(int number);

    /** Closes the whole connection with this error (a hard error, or one a channel cannot recover from). */
    void fail(AmqpException error);
}
