package io.fluxmq.loadgen.client;

import io.fluxmq.api.message.QoS;
import io.fluxmq.mqtt.codec.MqttDecodeFailure;
import io.fluxmq.mqtt.codec.MqttDecoder;
import io.fluxmq.mqtt.codec.MqttEncoder;
import io.fluxmq.mqtt.codec.packet.ConnAckPacket;
import io.fluxmq.mqtt.codec.packet.ConnectPacket;
import io.fluxmq.mqtt.codec.packet.DisconnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttPacket;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.PingReqPacket;
import io.fluxmq.mqtt.codec.packet.PubAckPacket;
import io.fluxmq.mqtt.codec.packet.PubCompPacket;
import io.fluxmq.mqtt.codec.packet.PubRecPacket;
import io.fluxmq.mqtt.codec.packet.PubRelPacket;
import io.fluxmq.mqtt.codec.packet.PublishPacket;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import io.fluxmq.mqtt.codec.packet.SubAckPacket;
import io.fluxmq.mqtt.codec.packet.SubscribePacket;
import io.fluxmq.mqtt.codec.packet.Subscription;
import io.fluxmq.mqtt.codec.packet.SubscriptionOptions;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One MQTT 3.1.1 or 5.0 client connection of the generator, on the project's codec. It connects,
 * subscribes, acknowledges what it receives (PUBACK, or PUBREC/PUBCOMP at QoS 2) and hands every
 * PUBLISH to its {@link Listener}; sending is left to its owner ({@link #write}, {@link #flush}).
 *
 * <p><b>Threads.</b> Everything but {@link #connect}, {@link #subscribe} and {@link #disconnect}
 * must run on {@link #eventLoop()}. Acknowledgements written while reading are flushed once per
 * read batch.
 */
public final class BenchClient {
    /** A PUBLISH from the broker, on the client's event loop; the packet is released after the call. */
    @FunctionalInterface
    public interface Listener {
        void onPublish(PublishPacket publish);
    }

    /** The end of one of this client's own QoS 1/2 exchanges (PUBACK or PUBCOMP), on its event loop. */
    @FunctionalInterface
    public interface AckListener {
        void acknowledged(int packetId, ReasonCode reason);
    }

    private static final int MAXIMUM_PACKET_SIZE = 1 << 20;

    private final ConnectPacket connect;
    private final Listener listener;
    private final CompletableFuture<BenchClient> connected = new CompletableFuture<>();
    private final Map<Integer, CompletableFuture<SubAckPacket>> subscribing = new HashMap<>();
    private final boolean[] packetIdInUse = new boolean[65536];
    private int lastPacketId;
    private AckListener acks = (id, reason) -> { };
    private Runnable writable = () -> { };
    private Channel channel;
    private volatile boolean closing;
    private volatile String lostReason;

    private BenchClient(ConnectPacket connect, Listener listener) {
        this.connect = connect;
        this.listener = listener;
    }

    /** Opens the connection and completes when the broker has accepted the CONNECT. */
    public static CompletableFuture<BenchClient> connect(ClientLoops loops, InetSocketAddress broker,
            ConnectPacket connect, Listener listener) {
        BenchClient client = new BenchClient(connect, listener);
        loops.bootstrap().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast("decoder", MqttDecoder.forClient(connect.version(), MAXIMUM_PACKET_SIZE))
                        .addLast("encoder", new MqttEncoder(connect.version()));
                if (connect.keepAliveSeconds() > 0) {
                    // ping at half the keep alive, so that a subscriber that only reads is not timed out
                    ch.pipeline().addLast("keepAlive",
                            new IdleStateHandler(0, connect.keepAliveSeconds() * 500L, 0, TimeUnit.MILLISECONDS));
                }
                ch.pipeline().addLast("client", client.new Inbound());
            }
        }).connect(broker).addListener(f -> {
            if (!f.isSuccess()) {
                client.connected.completeExceptionally(f.cause());
            }
        });
        return client.connected;
    }

    public String clientId() {
        return connect.clientId();
    }

    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    public boolean isWritable() {
        return channel.isWritable();
    }

    /** Called on the event loop with the end of each of this client's QoS 1/2 publishes. */
    public void onAcknowledged(AckListener listener) {
        this.acks = listener;
    }

    /** Called on the event loop when the channel can take writes again after it could not. */
    public void onWritable(Runnable action) {
        this.writable = action;
    }

    /** A packet identifier not in use on this connection, until {@link #releasePacketId}. Event loop only. */
    public int nextPacketId() {
        for (int i = 0; i < 65535; i++) {
            lastPacketId = lastPacketId == 65535 ? 1 : lastPacketId + 1;
            if (!packetIdInUse[lastPacketId]) {
                packetIdInUse[lastPacketId] = true;
                return lastPacketId;
            }
        }
        throw new IllegalStateException("all 65535 packet identifiers are in use");
    }

    public void releasePacketId(int id) {
        packetIdInUse[id] = false;
    }

    /** Writes without flushing; the packet (and a PUBLISH's payload) is the pipeline's now. Event loop only. */
    public void write(MqttPacket packet) {
        channel.write(packet, channel.voidPromise());
    }

    public void flush() {
        channel.flush();
    }

    /** Subscribes to one filter and completes with the SUBACK; fails when the broker refuses it. */
    public CompletableFuture<SubAckPacket> subscribe(String filter, QoS qos, MqttProperties properties) {
        CompletableFuture<SubAckPacket> done = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            int id = nextPacketId();
            subscribing.put(id, done);
            channel.writeAndFlush(new SubscribePacket(id,
                    List.of(new Subscription(filter, SubscriptionOptions.ofQos(qos))), properties));
        });
        return done.thenApply(ack -> {
            ReasonCode granted = ack.reasonCodes().get(0);
            if (granted.isError()) {
                throw new IllegalStateException("subscription to " + filter + " refused: " + granted);
            }
            return ack;
        });
    }

    /** Sends DISCONNECT and closes; the close is expected and not counted as a lost connection. */
    public CompletableFuture<Void> disconnect() {
        closing = true;
        CompletableFuture<Void> closed = new CompletableFuture<>();
        channel.eventLoop().execute(() -> channel.writeAndFlush(DisconnectPacket.NORMAL)
                .addListener(f -> channel.close().addListener(c -> closed.complete(null))));
        return closed;
    }

    /** Why the connection ended without {@link #disconnect()}, or null while it is up. */
    public String lostReason() {
        return lostReason;
    }

    private final class Inbound extends ChannelInboundHandlerAdapter {
        private boolean wrote;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            ctx.writeAndFlush(connect);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof PublishPacket p) {
                    received(ctx, p);
                } else if (msg instanceof PubAckPacket a) {
                    packetIdInUse[a.packetId()] = false;
                    acks.acknowledged(a.packetId(), a.reasonCode());
                } else if (msg instanceof PubRecPacket r) {
                    ctx.write(new PubRelPacket(r.packetId()), ctx.voidPromise());
                    wrote = true;
                } else if (msg instanceof PubCompPacket c) {
                    packetIdInUse[c.packetId()] = false;
                    acks.acknowledged(c.packetId(), c.reasonCode());
                } else if (msg instanceof PubRelPacket r) {
                    ctx.write(new PubCompPacket(r.packetId()), ctx.voidPromise());
                    wrote = true;
                } else if (msg instanceof SubAckPacket s) {
                    packetIdInUse[s.packetId()] = false;
                    CompletableFuture<SubAckPacket> f = subscribing.remove(s.packetId());
                    if (f != null) {
                        f.complete(s);
                    }
                } else if (msg instanceof ConnAckPacket c) {
                    if (c.reasonCode().isError()) {
                        connected.completeExceptionally(new IllegalStateException("CONNACK " + c.reasonCode()));
                        ctx.close();
                    } else {
                        connected.complete(BenchClient.this);
                    }
                } else if (msg instanceof DisconnectPacket d) {
                    lostReason = "DISCONNECT from the broker: " + d.reasonCode();
                } else if (msg instanceof MqttDecodeFailure f) {
                    lostReason = "undecodable packet from the broker: " + f.message();
                    ctx.close();
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void received(ChannelHandlerContext ctx, PublishPacket p) {
            listener.onPublish(p);
            if (p.qos() == QoS.AT_LEAST_ONCE) {
                ctx.write(new PubAckPacket(p.packetId()), ctx.voidPromise());
                wrote = true;
            } else if (p.qos() == QoS.EXACTLY_ONCE) {
                ctx.write(new PubRecPacket(p.packetId()), ctx.voidPromise());
                wrote = true;
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (wrote) {
                wrote = false;
                ctx.flush();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                writable.run();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                ctx.writeAndFlush(PingReqPacket.INSTANCE, ctx.voidPromise());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (lostReason == null) {
                lostReason = cause.toString();
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!connected.isDone()) {
                connected.completeExceptionally(new IllegalStateException("connection closed before CONNACK"
                        + (lostReason == null ? "" : ": " + lostReason)));
            }
            if (!closing && lostReason == null) {
                lostReason = "connection closed by the broker";
            }
            subscribing.values().forEach(f -> f.completeExceptionally(new IllegalStateException("connection closed")));
        }
    }
}
