package io.fluxmq.amqp091.channel;

import io.fluxmq.amqp091.broker.VirtualHost;
import io.fluxmq.amqp091.codec.AmqpException;
import io.fluxmq.amqp091.codec.Basic;
import io.fluxmq.amqp091.codec.BodyFrame;
import io.fluxmq.amqp091.codec.Channel;
import io.fluxmq.amqp091.codec.Confirm;
import io.fluxmq.amqp091.codec.Frame;
import io.fluxmq.amqp091.codec.FrameWriter;
import io.fluxmq.amqp091.codec.HeaderFrame;
import io.fluxmq.amqp091.codec.Method;
import io.fluxmq.amqp091.codec.MethodFrame;
import io.fluxmq.amqp091.codec.ReplyCode;
import io.fluxmq.amqp091.codec.Tx;
import io.fluxmq.api.queue.Delivery;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AMQP channel: its methods in the order they came, the content of publishes, consumers,
 * publisher confirms and transactions. A method the queue manager answers later (queue.declare,
 * delete, purge, tx.commit) holds back the channel's following frames until it is done, so replies
 * keep the order of requests. A channel error closes only this channel (channel.close with the
 * reply code); the connection stays.
 *
 * <p><b>Thread:</b> the connection's event loop.
 */
public final class AmqpChannel {
    private static final Logger LOG = LoggerFactory.getLogger(AmqpChannel.class);

    private final ConnectionContext ctx;
    private final int number;
    private final ContentAssembly content;
    private final Consumers consumers = new Consumers(this);
    private final Gets gets = new Gets(this, consumers);
    private final QueueMethods queueMethods = new QueueMethods(this);
    private final ExchangeMethods exchangeMethods = new ExchangeMethods(this);
    private final Confirms confirms = new Confirms();
    private final ArrayDeque<Frame> held = new ArrayDeque<>();
    private Transaction tx;
    private boolean waiting;
    private boolean closing;
    /** The client's channel.close crossed ours: the number may be opened again without its close-ok. */
    private boolean crossed;
    private boolean released;
    private String lastQueue;

    public AmqpChannel(ConnectionContext ctx, int number) {
        this.ctx = ctx;
        this.number = number;
        this.content = new ContentAssembly(ctx.broker().settings().maxMessageSize());
    }

    ConnectionContext context() {
        return ctx;
    }

    int number() {
        return number;
    }

    /**
     * Whether the channel is closing and the client closed it too: a client that does not confirm
     * the server's close then (the specification lets both sides consider it closed) may reopen the
     * number.
     */
    public boolean closedByBoth() {
        return closing && crossed;
    }

    /** Handles one frame of this channel; a channel error comes back as an {@link AmqpException}. */
    public void handle(Frame frame) {
        if (closing) {
            if (frame instanceof MethodFrame m && m.method() instanceof Channel.CloseOk) {
                ctx.channelClosed(number);
            } else if (frame instanceof MethodFrame m && m.method() instanceof Channel.Close) {
                // both sides closed at once: each confirms the other's, and the channel is free once
                // the client's close-ok for ours has come too
                reply(new Channel.CloseOk());
                crossed = true;
            } else if (frame instanceof BodyFrame b) {
                b.content().release();
            }
            return;
        }
        if (waiting) {
            held.addLast(frame);
            return;
        }
        process(frame);
    }

    private void process(Frame frame) {
        if (frame instanceof HeaderFrame h) {
            published(content.header(h));
        } else if (frame instanceof BodyFrame b) {
            published(content.body(b));
        } else if (frame instanceof MethodFrame m) {
            if (content.inProgress()) {
                throw new AmqpException(ReplyCode.UNEXPECTED_FRAME, "expected content header for class 60, got '"
                        + m.method().name() + "'", m.method().classId(), m.method().methodId());
            }
            method(m.method());
        }
    }

    private void method(Method method) {
        if (method instanceof Basic.Publish p) {
            content.start(p);
        } else if (method instanceof Basic.Ack a) {
            settleLater(() -> consumers.ack(a));
        } else if (method instanceof Basic.Nack n) {
            settleLater(() -> consumers.nack(n.deliveryTag(), n.multiple(), n.requeue(), n.classId(), n.methodId()));
        } else if (method instanceof Basic.Reject r) {
            settleLater(() -> consumers.nack(r.deliveryTag(), false, r.requeue(), r.classId(), r.methodId()));
        } else if (method instanceof Basic.Consume c) {
            consumers.consume(c);
        } else if (method instanceof Basic.Cancel c) {
            consumers.cancel(c);
        } else if (method instanceof Basic.Qos q) {
            consumers.qos(q);
        } else if (method instanceof Basic.Recover r) {
            consumers.recover(r.requeue(), r.classId(), r.methodId());
            reply(new Basic.RecoverOk());
        } else if (method instanceof Basic.RecoverAsync r) {
            consumers.recover(r.requeue(), r.classId(), r.methodId());
        } else if (method instanceof Basic.Get g) {
            gets.get(g);
        } else if (method instanceof io.fluxmq.amqp091.codec.Queue.Declare d) {
            queueMethods.declare(d);
        } else if (method instanceof io.fluxmq.amqp091.codec.Queue.Bind b) {
            queueMethods.bind(b);
        } else if (method instanceof io.fluxmq.amqp091.codec.Queue.Unbind u) {
            queueMethods.unbind(u);
        } else if (method instanceof io.fluxmq.amqp091.codec.Queue.Purge p) {
            queueMethods.purge(p);
        } else if (method instanceof io.fluxmq.amqp091.codec.Queue.Delete d) {
            queueMethods.delete(d);
        } else if (method instanceof io.fluxmq.amqp091.codec.Exchange.Declare d) {
            exchangeMethods.declare(d);
        } else if (method instanceof io.fluxmq.amqp091.codec.Exchange.Delete d) {
            exchangeMethods.delete(d);
        } else if (method instanceof io.fluxmq.amqp091.codec.Exchange.Bind b) {
            exchangeMethods.bind(b);
        } else if (method instanceof io.fluxmq.amqp091.codec.Exchange.Unbind u) {
            exchangeMethods.unbind(u);
        } else if (method instanceof Channel.Flow f) {
            consumers.flow(f.active());
            reply(new Channel.FlowOk(f.active()));
        } else if (method instanceof Channel.Close) {
            release("the client closed the channel");
            reply(new Channel.CloseOk());
            ctx.channelClosed(number);
        } else if (method instanceof Confirm.Select s) {
            if (tx != null) {
                throw new AmqpException(ReplyCode.PRECONDITION_FAILED, "cannot switch from tx to confirm mode",
                        s.classId(), s.methodId());
            }
            confirms.enable();
            if (!s.noWait()) {
                reply(new Confirm.SelectOk());
            }
        } else if (method instanceof Tx.Select s) {
            if (confirms.enabled()) {
                throw new AmqpException(ReplyCode.PRECONDITION_FAILED, "cannot switch from confirm to tx mode",
                        s.classId(), s.methodId());
            }
            if (tx == null) {
                tx = new Transaction();
            }
            reply(new Tx.SelectOk());
        } else if (method instanceof Tx.Commit c) {
            requireTx(c);
            async(tx.commit(this), ok -> reply(new Tx.CommitOk()));
        } else if (method instanceof Tx.Rollback r) {
            requireTx(r);
            tx.rollback();
            reply(new Tx.RollbackOk());
        } else {
            throw new AmqpException(ReplyCode.COMMAND_INVALID, "'" + method.name() + "' is not a method a client sends "
                    + "on a channel", method.classId(), method.methodId());
        }
    }

    private void requireTx(Method m) {
        if (tx == null) {
            throw new AmqpException(ReplyCode.PRECONDITION_FAILED, "channel is not transactional", m.classId(),
                    m.methodId());
        }
    }

    /** A nack or reject: at once, or at commit in a transaction. */
    private void settleLater(Runnable settlement) {
        if (tx != null) {
            tx.settle(settlement);
        } else {
            settlement.run();
        }
    }

    // ---- publishing

    private void published(ContentAssembly.Published p) {
        if (p == null) {
            return;
        }
        p = consumers.withReplyAddress(p);
        if (tx != null) {
            tx.publish(p);
            return;
        }
        publish(p, confirms.enabled() ? confirms.track() : null);
    }

    /** Routes and stores a message; with a confirm entry, confirms it when its queues have it. */
    CompletionStage<Boolean> publish(ContentAssembly.Published p, long[] confirm) {
        Publisher.Outcome outcome = Publisher.publish(ctx, p);
        if (!outcome.routed() && p.method().mandatory()) {
            Basic.Publish m = p.method();
            ByteBuf out = ctx.alloc().buffer(p.body().length + 128);
            FrameWriter.writeContent(out, number, new Basic.Return(ReplyCode.NO_ROUTE, "NO_ROUTE", m.exchange(),
                    m.routingKey()), p.properties(), Unpooled.wrappedBuffer(p.body()), ctx.frameMax());
            ctx.send(out);
        }
        ctx.publishStarted(outcome.inMemory());
        outcome.stored().whenComplete((ok, failure) -> {
            Runnable settled = () -> {
                ctx.publishSettled();
                if (confirm != null && !released) {
                    confirms.settle(confirm, ok != null && ok, this::reply);
                }
            };
            if (ctx.eventLoop().inEventLoop()) {
                settled.run(); // no task for a publish its queues took at once
            } else {
                ctx.eventLoop().execute(settled);
            }
        });
        return outcome.stored();
    }

    // ---- consumers

    void deliver(ChannelConsumer consumer, Delivery d) {
        if (released) {
            return;
        }
        if (consumer.getter) {
            gets.arrived(consumer, d);
        } else {
            consumers.deliver(consumer, d);
        }
    }

    void cancelledByServer(ChannelConsumer consumer, String reason) {
        if (!released) {
            LOG.debug("AMQP channel {} of connection {}: consumer '{}' cancelled: {}", number, ctx.id(), consumer.tag,
                    reason);
            consumers.cancelledByServer(consumer);
        }
    }

    /** A consumer became the active one of its single-active-consumer queue. */
    void activated(ChannelConsumer consumer) {
        if (!released) {
            consumers.writable();
        }
    }

    /** The connection can take more writes. */
    public void writable() {
        if (!released) {
            consumers.writable();
        }
    }

    // ---- for the method handlers

    void reply(Method method) {
        ByteBuf out = ctx.alloc().buffer();
        FrameWriter.writeMethod(out, number, method);
        ctx.send(out);
    }

    void lastQueue(String name) {
        lastQueue = name;
    }

    /** The queue a method names, or for an empty name the channel's last declared queue. */
    String queueOrLast(String queue, int classId, int methodId) {
        if (!queue.isEmpty()) {
            return queue;
        }
        if (lastQueue == null) {
            throw new AmqpException(ReplyCode.NOT_FOUND, "no previously declared queue", classId, methodId);
        }
        return lastQueue;
    }

    /**
     * Runs {@code then} on the event loop once the stage completes, holding back this channel's
     * frames until then. A failure closes the channel with the error's code.
     */
    <T> void async(CompletionStage<T> stage, Consumer<T> then) {
        waiting = true;
        stage.whenComplete((value, failure) -> ctx.eventLoop().execute(() -> {
            waiting = false;
            if (released) {
                return;
            }
            try {
                if (failure != null) {
                    throw asAmqp(failure);
                }
                then.accept(value);
            } catch (AmqpException e) {
                fail(e);
                return;
            }
            drain();
        }));
    }

    private static AmqpException asAmqp(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof AmqpException e) {
            return e;
        }
        return new AmqpException(ReplyCode.PRECONDITION_FAILED, String.valueOf(cause.getMessage()));
    }

    private void drain() {
        while (!waiting && !closing && !held.isEmpty()) {
            Frame next = held.pollFirst();
            try {
                process(next);
            } catch (AmqpException e) {
                if (next instanceof BodyFrame b && b.content().refCnt() > 0) {
                    b.content().release();
                }
                fail(e);
            }
        }
    }

    private void fail(AmqpException e) {
        if (e.connectionLevel()) {
            ctx.fail(e);
        } else {
            close(e);
        }
    }

    // ---- the end

    /** Closes the channel for a channel error: channel.close, then nothing until the client's close-ok. */
    public void close(AmqpException e) {
        if (closing) {
            return;
        }
        LOG.debug("AMQP channel {} of connection {} closed by the server: {}", number, ctx.id(), e.getMessage());
        release("channel error " + e.replyCode());
        closing = true;
        reply(new Channel.Close(e.replyCode(), ReplyCode.name(e.replyCode()) + " - " + e.text(), e.classId(),
                e.methodId()));
    }

    /** Ends what the channel holds: consumers detach (their unacknowledged messages go back), held frames go. */
    public void release(String why) {
        if (released) {
            return;
        }
        released = true;
        content.reset();
        consumers.release();
        gets.release();
        for (Frame f : held) {
            if (f instanceof BodyFrame b && b.content().refCnt() > 0) {
                b.content().release();
            }
        }
        held.clear();
        if (tx != null) {
            tx.rollback();
        }
    }

    /** Deletes the exclusive queues of a connection that ended. */
    public static void deleteExclusiveQueues(ConnectionContext ctx) {
        VirtualHost host = ctx.virtualHost();
        for (String queue : host.exclusiveQueuesOf(ctx.id())) {
            QueueMethods.deleteQueue(ctx, queue);
        }
    }
}
