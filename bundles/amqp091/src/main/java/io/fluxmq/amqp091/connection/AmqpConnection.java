package io.fluxmq.amqp091.connection;

import io.fluxmq.amqp091.broker.AmqpBroker;
import io.fluxmq.amqp091.broker.MemoryAlarm;
import io.fluxmq.amqp091.broker.VirtualHost;
import io.fluxmq.amqp091.channel.AmqpChannel;
import io.fluxmq.amqp091.channel.ConnectionContext;
import io.fluxmq.amqp091.codec.AmqpException;
import io.fluxmq.amqp091.codec.BodyFrame;
import io.fluxmq.amqp091.codec.Connection;
import io.fluxmq.amqp091.codec.Frame;
import io.fluxmq.amqp091.codec.FrameDecoder;
import io.fluxmq.amqp091.codec.FrameWriter;
import io.fluxmq.amqp091.codec.HeartbeatFrame;
import io.fluxmq.amqp091.codec.Method;
import io.fluxmq.amqp091.codec.MethodFrame;
import io.fluxmq.amqp091.codec.ReplyCode;
import io.fluxmq.api.security.ClientPrincipal;
import io.fluxmq.api.transport.ConnectionInfo;
import io.fluxmq.api.transport.GracefulClose;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.DecoderException;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import io.fluxmq.api.queue.Queue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AMQP 0.9.1 connection: the handshake on channel 0 ({@link Handshake}), then methods and
 * content dispatched to its channels, heartbeats, and the close in both directions. Errors end the
 * channel or the connection with the reply code the specification names; nothing here outlives
 * the connection but what its channels handed to the queue manager.
 *
 * <p><b>Thread:</b> the channel's event loop, for everything.
 */
public final class AmqpConnection extends ChannelInboundHandlerAdapter implements ConnectionContext,
        MemoryAlarm.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(AmqpConnection.class);
    /** How long the server waits for the client's connection.close-ok before the transport takes over. */
    private static final long CLOSE_OK_WAIT_MILLIS = 3_000;

    enum State { AWAITING_HEADER, HANDSHAKE, OPEN, CLOSING, CLOSED }

    private final AmqpBroker broker;
    private final Channel channel;
    private final ConnectionInfo info;
    private final long id;
    private final Handshake handshake;
    private final IntObjectHashMap<AmqpChannel> channels = new IntObjectHashMap<>();
    private final Heartbeats heartbeats;
    private final QueueFlow flow;
    private State state = State.AWAITING_HEADER;
    private VirtualHost virtualHost;
    private ClientPrincipal principal;
    private int channelMax;
    private long frameMax;
    private ScheduledFuture<?> handshakeTimeout;
    private ScheduledFuture<?> closeTimeout;

    private boolean flushPending;
    private int unsettledPublishes;
    private boolean readPaused;
    private boolean released;
    /** Whether the client announced the connection.blocked capability. */
    private boolean blockedCapability;
    private boolean alarmed;
    private boolean blockedSent;
    private boolean publishes;
    /** Frames read while the memory alarm holds this publishing connection. */
    private final ArrayDeque<Frame> held = new ArrayDeque<>();

    public AmqpConnection(AmqpBroker broker, Channel channel, ConnectionInfo info) {
        this.broker = broker;
        this.channel = channel;
        this.info = info;
        this.id = broker.nextConnectionId();
        this.handshake = new Handshake(this, broker, info);
        this.heartbeats = new Heartbeats(this);
        this.flow = new QueueFlow(this, broker.settings().queueFlowDepth());
        this.handshakeTimeout = channel.eventLoop().schedule(this::handshakeTimedOut,
                broker.settings().handshakeTimeoutMillis(), TimeUnit.MILLISECONDS);
    }

    /** The protocol header was accepted: the server opens the handshake. */
    public void start() {
        state = State.HANDSHAKE;
        writeMethod(0, handshake.start(channel));
        flush();
    }

    // ---- ConnectionContext

    @Override
    public AmqpBroker broker() {
        return broker;
    }

    @Override
    public VirtualHost virtualHost() {
        return virtualHost;
    }

    @Override
    public ClientPrincipal principal() {
        return principal;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public long frameMax() {
        return frameMax;
    }

    @Override
    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    @Override
    public ByteBufAllocator alloc() {
        return channel.alloc();
    }

    @Override
    public void send(ByteBuf frames) {
        if (state == State.CLOSED || !channel.isActive()) {
            frames.release();
            return;
        }
        heartbeats.wrote();
        channel.write(frames, channel.voidPromise());
        if (!flushPending) {
            flushPending = true;
            channel.eventLoop().execute(this::flush);
        }
    }

    @Override
    public boolean writable() {
        return channel.isWritable();
    }

    @Override
    public void publishStarted(List<Queue> inMemory) {
        if (!publishes) {
            publishes = true;
            updateAutoRead(); // a publisher while the memory alarm is raised is read no more
        }
        if (++unsettledPublishes >= broker.settings().maxUnconfirmedPublishes() && !readPaused) {
            readPaused = true;
            updateAutoRead();
        }
        flow.published(inMemory);
    }

    /** The memory alarm: a publishing connection is read no more, the client told if it can be. */
    @Override
    public void memoryAlarm(boolean raised) {
        channel.eventLoop().execute(() -> {
            if (state != State.OPEN) {
                return;
            }
            alarmed = raised;
            updateAutoRead(); // before the client is told, so that nothing it sends after is read
            while (!alarmed && !held.isEmpty() && state == State.OPEN) {
                handle(held.pollFirst());
            }
            if (raised && blockedCapability) {
                blockedSent = true;
                writeMethod(0, new Connection.Blocked("low on memory"));
            } else if (!raised && blockedSent) {
                blockedSent = false;
                writeMethod(0, new Connection.Unblocked());
            }
        });
    }

    @Override
    public void publishSettled() {
        if (--unsettledPublishes <= broker.settings().maxUnconfirmedPublishes() / 2 && readPaused) {
            readPaused = false;
            updateAutoRead();
        }
    }

    /** Whether the server reads from the client now. */
    boolean reading() {
        return channel.config().isAutoRead();
    }

    /** Reads from the client unless its publishes wait for their queues or fill an in-memory queue. */
    void updateAutoRead() {
        boolean read = !readPaused && !flow.blocked() && !(alarmed && publishes);
        if (channel.config().isAutoRead() != read) {
            channel.config().setAutoRead(read);
        }
    }

    @Override
    public void channelClosed(int number) {
        channels.remove(number);
    }

    @Override
    public void fail(AmqpException error) {
        close(error.replyCode(), error.text(), error.classId(), error.methodId());
    }

    // ---- Netty

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        heartbeats.read();
        Frame frame = (Frame) msg;
        if (alarmed && publishes && state == State.OPEN) {
            held.addLast(frame); // read before the pause took effect: handled once the alarm ends
            return;
        }
        handle(frame);
    }

    private void handle(Frame frame) {
        try {
            dispatch(frame);
        } catch (AmqpException e) {
            release(frame);
            if (e.connectionLevel() || frame.channel() == 0) {
                fail(e);
            } else {
                AmqpChannel ch = channels.get(frame.channel());
                if (ch != null) {
                    ch.close(e);
                }
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (channel.isWritable()) {
            for (AmqpChannel ch : new ArrayList<>(channels.values())) {
                ch.writable();
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ended("the connection closed");
        state = State.CLOSED;
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof AmqpException e) {
            LOG.debug("AMQP connection {} from {}: {}", id, info.remote(), e.getMessage());
            fail(e);
        } else if (c instanceof IOException) {
            LOG.debug("AMQP connection {} from {}: {}", id, info.remote(), c.toString());
            channel.close();
        } else {
            LOG.warn("AMQP-2001 AMQP connection {} from {} failed: {}", id, info.remote(), c.toString(), c);
            close(ReplyCode.INTERNAL_ERROR, "internal error: " + c, 0, 0);
        }
    }

    // ---- frames

    private void dispatch(Frame frame) {
        if (state == State.CLOSING || state == State.CLOSED) {
            release(frame);
            if (state == State.CLOSING && frame instanceof MethodFrame m && frame.channel() == 0
                    && (m.method() instanceof Connection.CloseOk || m.method() instanceof Connection.Close)) {
                // the client has read our close (or closes too): the socket may go now (section 4.2.2)
                state = State.CLOSED;
                closeTimeout.cancel(false);
                channel.close();
            }
            return; // after connection.close only close-ok matters
        }
        if (frame instanceof HeartbeatFrame) {
            return;
        }
        int number = frame.channel();
        if (number == 0) {
            if (!(frame instanceof MethodFrame m)) {
                throw new AmqpException(ReplyCode.UNEXPECTED_FRAME, "content frame on channel 0");
            }
            onConnectionMethod(m.method());
            return;
        }
        if (state != State.OPEN) {
            throw new AmqpException(ReplyCode.CHANNEL_ERROR, "frame on channel " + number
                    + " before the connection is open");
        }
        if (number > channelMax) {
            throw new AmqpException(ReplyCode.CHANNEL_ERROR, "channel " + number + " is above channel-max "
                    + channelMax);
        }
        AmqpChannel ch = channels.get(number);
        if (frame instanceof MethodFrame m && m.method() instanceof io.fluxmq.amqp091.codec.Channel.Open) {
            if (ch != null && !ch.closedByBoth()) {
                throw new AmqpException(ReplyCode.CHANNEL_ERROR, "second 'channel.open' seen on channel " + number,
                        m.method().classId(), m.method().methodId());
            }
            channels.put(number, new AmqpChannel(this, number));
            writeMethod(number, new io.fluxmq.amqp091.codec.Channel.OpenOk());
            return;
        }
        if (ch == null) {
            int[] ids = frame instanceof MethodFrame m ? new int[] {m.method().classId(), m.method().methodId()}
                    : new int[] {0, 0};
            throw new AmqpException(ReplyCode.CHANNEL_ERROR, "expected 'channel.open' on channel " + number, ids[0],
                    ids[1]);
        }
        ch.handle(frame);
    }

    private void onConnectionMethod(Method method) {
        if (state == State.HANDSHAKE) {
            handshake.handle(method);
            return;
        }
        if (method instanceof Connection.Close) {
            closedByClient();
        } else if (method instanceof Connection.UpdateSecret) {
            writeMethod(0, new Connection.UpdateSecretOk());
        } else if (method instanceof Connection.Blocked || method instanceof Connection.Unblocked) {
            LOG.debug("AMQP connection {}: the client sent {}", id, method.name());
        } else {
            throw new AmqpException(ReplyCode.COMMAND_INVALID, "unexpected '" + method.name() + "' on channel 0",
                    method.classId(), method.methodId());
        }
    }

    // ---- from the handshake

    void tuned(int negotiatedChannelMax, long negotiatedFrameMax, int heartbeatSeconds) {
        channelMax = negotiatedChannelMax;
        frameMax = negotiatedFrameMax;
        FrameDecoder decoder = channel.pipeline().get(FrameDecoder.class);
        if (decoder != null) {
            decoder.maxFrameSize(negotiatedFrameMax);
        }
        heartbeats.start(heartbeatSeconds);
    }

    void opened(VirtualHost host, ClientPrincipal who, boolean supportsBlocked) {
        virtualHost = host;
        principal = who;
        blockedCapability = supportsBlocked;
        state = State.OPEN;
        handshakeTimeout.cancel(false);
        broker.memoryAlarm().listen(this);
        if (broker.memoryAlarm().raised()) {
            memoryAlarm(true);
        }
        LOG.debug("AMQP connection {} from {} open: user '{}', vhost '{}'", id, info.remote(), who.username(),
                host.name());
    }

    ChannelFuture writeMethod(int number, Method method) {
        ByteBuf out = channel.alloc().buffer();
        FrameWriter.writeMethod(out, number, method);
        heartbeats.wrote();
        return channel.writeAndFlush(out);
    }

    void writeHeartbeat() {
        ByteBuf out = channel.alloc().buffer(8);
        FrameWriter.writeHeartbeat(out);
        channel.writeAndFlush(out, channel.voidPromise());
    }

    /** No frame came from the client for two heartbeat intervals: it is gone (section 4.2.7). */
    void heartbeatMissed(int seconds) {
        LOG.info("AMQP-1001 AMQP connection {} from {} closed: no heartbeat from the client for {} s", id,
                info.remote(), seconds);
        ended("missed heartbeats");
        state = State.CLOSED;
        channel.close();
    }

    /**
     * Ends the connection with connection.close. The socket closes when the client's close-ok comes
     * (after a frame error the decoder still finds it); when none comes in time, the transport
     * closes it once the client closed its side or its grace period ends.
     */
    void close(int code, String text, int classId, int methodId) {
        if (state == State.CLOSING || state == State.CLOSED) {
            return;
        }
        if (code != ReplyCode.CONNECTION_FORCED) {
            LOG.debug("AMQP connection {} from {} closed by the server: {} {}", id, info.remote(), code, text);
        }
        ended("the server closed the connection");
        state = State.CLOSING;
        ChannelFuture written = writeMethod(0, new Connection.Close(code, text, classId, methodId));
        closeTimeout = channel.eventLoop().schedule(() -> closeNow(written), CLOSE_OK_WAIT_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    private void closeNow(ChannelFuture lastFrame) {
        state = State.CLOSED;
        GracefulClose.after(lastFrame);
    }

    /** The client sent connection.close: close-ok, then the client closes its side. */
    void closedByClient() {
        ended("the client closed the connection");
        state = State.CLOSED;
        GracefulClose.after(writeMethod(0, new Connection.CloseOk()));
    }

    /** The broker or listener stops: the client is told why (320) and the connection closes. */
    public void closeForShutdown(String why) {
        channel.eventLoop().execute(() -> {
            if (state == State.OPEN || state == State.HANDSHAKE) {
                close(ReplyCode.CONNECTION_FORCED, "CONNECTION_FORCED - " + why, 0, 0);
            } else {
                channel.close();
            }
        });
    }

    private void handshakeTimedOut() {
        if (state != State.OPEN && state != State.CLOSED && state != State.CLOSING) {
            LOG.info("AMQP-1002 AMQP connection {} from {} closed: no connection.open within {} ms", id,
                    info.remote(), broker.settings().handshakeTimeoutMillis());
            ended("handshake timeout");
            state = State.CLOSED;
            channel.close();
        }
    }

    /** Releases the channels' consumers and what the connection owns; runs once. */
    private void ended(String why) {
        if (released) {
            return;
        }
        released = true;
        handshakeTimeout.cancel(false);
        heartbeats.stop();
        flow.stop();
        held.forEach(AmqpConnection::release);
        held.clear();
        broker.memoryAlarm().unlisten(this);
        for (AmqpChannel ch : new ArrayList<>(channels.values())) {
            ch.release(why);
        }
        channels.clear();
        if (virtualHost != null) {
            AmqpChannel.deleteExclusiveQueues(this);
        }
    }

    private void flush() {
        flushPending = false;
        channel.flush();
    }

    private static void release(Frame frame) {
        if (frame instanceof BodyFrame b && b.content().refCnt() > 0) {
            b.content().release();
        }
    }
}
