package io.fluxmq.mqtt.connection;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.security.ClientPrincipal;
import io.fluxmq.api.storage.InflightMessage;
import io.fluxmq.api.transport.ConnectionInfo;
import io.fluxmq.api.transport.GracefulClose;
import io.fluxmq.mqtt.broker.MqttBroker;
import io.fluxmq.mqtt.codec.MqttDecodeFailure;
import io.fluxmq.mqtt.codec.MqttEncoder;
import io.fluxmq.mqtt.codec.packet.ConnectPacket;
import io.fluxmq.mqtt.codec.packet.DisconnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttPacket;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.fluxmq.mqtt.codec.packet.PingRespPacket;
import io.fluxmq.mqtt.codec.packet.PubAckPacket;
import io.fluxmq.mqtt.codec.packet.PubCompPacket;
import io.fluxmq.mqtt.codec.packet.PubRecPacket;
import io.fluxmq.mqtt.codec.packet.PubRelPacket;
import io.fluxmq.mqtt.codec.packet.PublishPacket;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import io.fluxmq.mqtt.codec.packet.SubscribePacket;
import io.fluxmq.mqtt.codec.packet.UnsubscribePacket;
import io.fluxmq.mqtt.publish.OutboundFlow;
import io.fluxmq.mqtt.publish.Outgoing;
import io.fluxmq.mqtt.publish.PublishHandler;
import io.fluxmq.mqtt.publish.StorageWrites;
import io.fluxmq.mqtt.queue.ConnectionQueues;
import io.fluxmq.mqtt.session.Session;
import io.fluxmq.mqtt.session.SessionOwner;
import io.fluxmq.mqtt.subscribe.SubscribeHandler;
import io.fluxmq.mqtt.subscribe.UnsubscribeHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT network connection: its phase, the packets it dispatches to the handlers, and the
 * session it owns once connected. Not sharable; every method runs on the channel's event loop
 * except the {@link SessionOwner} methods, which hop onto it.
 */
public final class MqttConnection extends ChannelInboundHandlerAdapter implements SessionOwner {
    static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);

    enum Phase { AWAITING_CONNECT, CONNECTING, CONNECTED, CLOSED }

    private final MqttBroker broker;
    private final Channel channel;
    private final ConnectionInfo info;
    private final CompletableFuture<Void> released = new CompletableFuture<>();
    private final KeepAliveTimer keepAlive = new KeepAliveTimer(this);
    // what comes while CONNECT is processed; empty from then on: only made when needed (idle RSS)
    private ArrayDeque<MqttPacket> heldWhileConnecting;
    private ArrayDeque<Outgoing> earlyDeliveries;
    private final ConnectHandler connect;
    private final PublishHandler publish;
    private final SubscribeHandler subscribe;
    private final UnsubscribeHandler unsubscribe;
    private ConnectionQueues queues; // only for clients that use $queue/ topics
    private Phase phase = Phase.AWAITING_CONNECT;
    private MqttVersion version;
    private String clientId;
    private ClientPrincipal principal;
    private Session session;
    private ClientLimits client = ClientLimits.DEFAULTS;
    private OutboundFlow outbound;
    private boolean connAckSent;
    private boolean willDiscarded;
    private boolean ended;
    private String closeReason;

    public MqttConnection(MqttBroker broker, Channel channel, ConnectionInfo info) {
        this.broker = broker;
        this.channel = channel;
        this.info = info;
        this.connect = new ConnectHandler(this);
        this.publish = new PublishHandler(this);
        this.subscribe = new SubscribeHandler(this);
        this.unsubscribe = new UnsubscribeHandler(this);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        broker.connectionOpened(this);
        keepAlive.start(broker.settings().connectTimeoutMillis());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        keepAlive.packetRead();
        if (msg instanceof MqttDecodeFailure failure) {
            onDecodeFailure(failure);
        } else if (!(msg instanceof MqttPacket packet) || phase == Phase.CLOSED) {
            ReferenceCountUtil.release(msg);
        } else if (phase == Phase.CONNECTING) {
            if (heldWhileConnecting == null) {
                heldWhileConnecting = new ArrayDeque<>(2);
            }
            heldWhileConnecting.add(packet); // clients may send before CONNACK; handled once connected
        } else {
            dispatch(packet);
        }
    }

    private void dispatch(MqttPacket packet) {
        switch (packet.type()) {
            case CONNECT -> connect.onConnect((ConnectPacket) packet);
            case PUBLISH -> publish.onPublish((PublishPacket) packet);
            case PUBACK -> outbound.onPubAck((PubAckPacket) packet);
            case PUBREC -> outbound.onPubRec((PubRecPacket) packet);
            case PUBREL -> publish.onPubRel((PubRelPacket) packet);
            case PUBCOMP -> outbound.onPubComp((PubCompPacket) packet);
            case SUBSCRIBE -> subscribe.onSubscribe((SubscribePacket) packet);
            case UNSUBSCRIBE -> unsubscribe.onUnsubscribe((UnsubscribePacket) packet);
            case PINGREQ -> send(PingRespPacket.INSTANCE);
            case DISCONNECT -> new DisconnectHandler(this).onDisconnect((DisconnectPacket) packet);
            // AUTH only follows an Authentication Method in CONNECT, which is refused (section 4.12)
            case AUTH -> protocolError(ReasonCode.PROTOCOL_ERROR, "MQTT-4.12.0-7",
                    "AUTH without an authentication exchange");
            // the decoder refuses these already; kept so that a codec change cannot route them
            default -> protocolError(ReasonCode.PROTOCOL_ERROR, "section 2.1.2", packet.type() + " is not sent by clients");
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        keepAlive.readComplete();
        ctx.fireChannelReadComplete();
    }

    /** No packet for 1.5 times the keep alive, or no CONNECT within the CONNECT timeout. */
    void idleTooLong() {
        if (phase == Phase.CLOSED) {
            return; // closing after a last packet: reads stopped on purpose, the transport ends it
        }
        if (phase == Phase.CONNECTED) {
            LOG.debug("MQTT-1002 client '{}' at {} sent nothing for 1.5 times its keep alive; closing", clientId,
                    info.remote());
            disconnect(ReasonCode.KEEP_ALIVE_TIMEOUT, "keep alive timeout"); // MQTT-3.1.2-22
        } else {
            LOG.debug("MQTT-1003 {} did not complete CONNECT in time; closing", info.remote());
            channel.close();
        }
    }

    /** 1.5 times the keep alive without a packet closes the connection (MQTT-3.1.2-22); 0 turns it off. */
    void keepAlive(int seconds) {
        if (!ended) {
            keepAlive.start(seconds * 1500L);
        }
    }

    /**
     * A slow client: while the channel is not writable, QoS 0 messages to it are dropped, QoS 1
     * and 2 wait in its session's bounded queue, and reading from it pauses so that the acks of
     * its own PUBLISHes cannot pile up either. Everything resumes once the client has read enough.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (phase == Phase.CONNECTED) {
            boolean writable = channel.isWritable();
            channel.config().setAutoRead(writable);
            if (writable) {
                outbound.resume();
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection of client '{}' at {} failed: {}", clientId, info.remote(), cause.toString());
        channel.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        broker.connectionClosed(this);
        ended();
        ctx.fireChannelInactive();
    }

    /**
     * Ends the connection after its last packet ({@link GracefulClose}), and lets go of the session
     * now rather than when the channel closes: the transport may wait a grace period for the
     * client to close its side, and a client taking the session over must not wait for that.
     */
    private void closeAfter(io.netty.channel.ChannelFuture lastPacket) {
        GracefulClose.after(lastPacket);
        ended();
    }

    /** The protocol is over: nothing more is processed or sent, the session is released, once. */
    private void ended() {
        phase = Phase.CLOSED;
        if (ended) {
            return;
        }
        ended = true;
        keepAlive.stop();
        if (heldWhileConnecting != null) {
            heldWhileConnecting.forEach(ReferenceCountUtil::release);
            heldWhileConnecting = null;
        }
        releaseSession();
    }

    private void onDecodeFailure(MqttDecodeFailure failure) {
        DecodeFailures.log(failure, info, clientId);
        closing("malformed input: " + failure.reasonCode() + " " + failure.message() + " (" + failure.rule() + ")");
        if (failure.reasonCode() == ReasonCode.PACKET_TOO_LARGE) {
            broker.stats().closedForLimit();
        } else {
            broker.stats().closedForMalformedInput();
        }
        phase = Phase.CLOSED; // a CONNECT still being processed must not answer after this
        Optional<MqttPacket> response = failure.response(connAckSent);
        if (response.isPresent()) {
            closeAfter(channel.writeAndFlush(response.get()));
        } else {
            channel.close();
        }
    }

    // ---- phases, called by the handlers

    void connecting(MqttVersion v) {
        phase = Phase.CONNECTING;
        version = v;
    }

    void authenticated(ClientPrincipal p) {
        principal = p;
    }

    void owns(Session s, String id) {
        session = s;
        clientId = id;
    }

    /**
     * CONNACK was sent: a resumed session's unfinished exchanges are restored and resent
     * (PUBLISH with DUP, or PUBREL) before anything the client sent meanwhile is processed; then
     * what was routed to the session while connecting, then its offline queue.
     *
     * @param inflight the resumed session's stored exchanges, both directions; empty for a new session
     */
    void connected(ClientLimits limits, List<InflightMessage> inflight) {
        client = limits;
        connAckSent = true;
        phase = Phase.CONNECTED;
        outbound = new OutboundFlow(this);
        broker.stats().clientConnected();
        broker.events().connected(clientId, String.valueOf(info.remote()), principal == null ? null : principal.username());
        publish.restore(inflight);
        outbound.resend(inflight);
        while (heldWhileConnecting != null && !heldWhileConnecting.isEmpty() && phase == Phase.CONNECTED) {
            dispatch(heldWhileConnecting.poll());
        }
        if (phase != Phase.CONNECTED) {
            return; // what was routed meanwhile goes back to the session when the connection ends
        }
        heldWhileConnecting = null;
        while (earlyDeliveries != null && !earlyDeliveries.isEmpty()) {
            outbound.send(earlyDeliveries.poll());
        }
        earlyDeliveries = null;
        outbound.drainOffline();
    }

    void discardWill() {
        willDiscarded = true;
        broker.wills().discard(session);
    }

    // ---- SessionOwner: any thread

    @Override
    public void deliver(Message message, Subscription subscription) {
        Outgoing outgoing = Outgoing.of(message, subscription);
        channel.eventLoop().execute(() -> onDelivery(outgoing));
    }

    /** Sends a message to this client (a retained message on subscribe, a routed message). */
    public void onDelivery(Outgoing outgoing) {
        switch (phase) {
            case CONNECTED -> outbound.send(outgoing);
            case CONNECTING -> {
                if (earlyDeliveries == null) {
                    earlyDeliveries = new ArrayDeque<>(2);
                }
                earlyDeliveries.add(outgoing);
            }
            default -> {
                if (session != null) {
                    session.redeliver(outgoing);
                }
            }
        }
    }

    @Override
    public void offlineQueued() {
        channel.eventLoop().execute(() -> {
            if (phase == Phase.CONNECTED && session != null) {
                session.offline().markBacklog();
                outbound.drainOffline();
            }
        });
    }

    @Override
    public CompletionStage<Void> takeOver() {
        channel.eventLoop().execute(() -> {
            LOG.debug("client '{}' at {}: session taken over by a new connection", clientId, info.remote());
            disconnect(ReasonCode.SESSION_TAKEN_OVER, "another connection took the session over");
        });
        return released;
    }

    /**
     * The server ends the connection (the broker or the listener stops): MQTT 5 clients are told
     * why with 0x8B Server shutting down (section 4.13). Whether the session and the will are kept
     * for the next instance or handled as after a lost connection is up to
     * {@link MqttBroker#isStopping()} when the connection is released.
     *
     * @param why the Reason String
     * @return completes when the session is released (and saved, if persistent)
     */
    public CompletableFuture<Void> closeForShutdown(String why) {
        channel.eventLoop().execute(() -> disconnect(ReasonCode.SERVER_SHUTTING_DOWN, why));
        return released;
    }

    // ---- shared by the handlers

    /**
     * Closes the connection on the broker's initiative: MQTT 5 clients get a DISCONNECT with the
     * reason first (section 4.13), 3.1.1 clients only the close.
     */
    public void disconnect(ReasonCode reason, String why) {
        if (!channel.isActive() || phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.CLOSED; // packets decoded from the same read are not processed any more
        closing(reason + ": " + why);
        if (version == MqttVersion.MQTT_5 && connAckSent) {
            MqttProperties props = MqttProperties.builder().reasonString(why).build();
            closeAfter(writeFitted(new DisconnectPacket(reason, props)));
        } else {
            channel.close();
        }
    }

    /**
     * The client broke a protocol rule that the broker checks (the codec checks the others):
     * logged as MQTT-2002, counted, and the connection closed with the reason (MQTT 5).
     *
     * @param rule the normative statement or section, e.g. {@code MQTT-3.3.2-8}
     */
    public void protocolError(ReasonCode reason, String rule, String why) {
        if (phase == Phase.CLOSED) {
            return;
        }
        broker.stats().closedForProtocolError();
        Violations.protocolError(info, clientId, rule, why);
        disconnect(reason, why + " (" + rule + ")");
    }

    /**
     * The client went over a configured limit in a way that ends the connection: logged as
     * MQTT-2003, counted, and closed with the reason (MQTT 5).
     *
     * @param why what was over which limit, naming the configuration property
     */
    public void limitExceeded(ReasonCode reason, String why) {
        if (phase == Phase.CLOSED) {
            return;
        }
        broker.stats().closedForLimit();
        Violations.limitExceeded(info, clientId, why, "closing the connection");
        disconnect(reason, why);
    }

    /** A limit refused one PUBLISH or one filter; the connection stays. Logged as MQTT-2003. */
    public void limitRefused(String why, String outcome) {
        Violations.limitExceeded(info, clientId, why, outcome);
    }

    /** Remembers why the connection ends, for the ClientDisconnected event; the first reason wins. */
    void closing(String why) {
        if (closeReason == null) {
            closeReason = why;
        }
    }

    /** Sends a packet other than PUBLISH, trimmed to the client's maximum packet size (MQTT-3.1.2-24). */
    public void send(MqttPacket packet) {
        writeFitted(packet);
    }

    /**
     * Sends the packet, then closes the connection once the client has read it and closed its
     * side, or the listener's grace period ends; what the client still sends is dropped unread
     * ({@link GracefulClose}: closing at once would reset the connection and lose the packet).
     */
    void sendAndClose(MqttPacket packet) {
        closeAfter(writeFitted(packet));
    }

    private io.netty.channel.ChannelFuture writeFitted(MqttPacket packet) {
        if (client.limitsPacketSize() && version != null) {
            Optional<MqttPacket> fitted = MqttEncoder.fitToMaximumPacketSize(packet, version, client.maximumPacketSize());
            if (fitted.isEmpty()) {
                return channel.newSucceededFuture();
            }
            packet = fitted.get();
        }
        return channel.writeAndFlush(packet);
    }

    /** Sends a PUBLISH; the caller checked its size. Takes the packet's reference. */
    public void sendPublish(PublishPacket packet) {
        channel.writeAndFlush(packet, channel.voidPromise());
    }

    /** Runs {@code then} on this connection's event loop once the stage completes. */
    public <T> void onLoop(CompletionStage<T> stage, BiConsumer<? super T, ? super Throwable> then) {
        stage.whenComplete((v, e) -> channel.eventLoop().execute(() -> then.accept(v, e)));
    }

    public boolean isOpen() {
        return channel.isActive() && phase != Phase.CLOSED;
    }

    public MqttBroker broker() {
        return broker;
    }

    public Channel channel() {
        return channel;
    }

    public ConnectionInfo info() {
        return info;
    }

    public MqttVersion version() {
        return version;
    }

    public boolean isMqtt5() {
        return version == MqttVersion.MQTT_5;
    }

    /** What the CONNECT said the client takes, known before CONNACK so that it fits too (MQTT-3.2.2-19, -20). */
    void limits(ClientLimits limits) {
        client = limits;
    }

    public ClientLimits client() {
        return client;
    }

    /** The flow of messages to the client; null before CONNACK. */
    public OutboundFlow outbound() {
        return outbound;
    }

    /** This connection's queue consumers and queue publishes. */
    public ConnectionQueues queues() {
        if (queues == null) {
            queues = new ConnectionQueues(this);
        }
        return queues;
    }

    public Session session() {
        return session;
    }

    public String clientId() {
        return clientId;
    }

    /** Who the client is, as authentication said; set before CONNACK. */
    public ClientPrincipal principal() {
        return principal;
    }

    /** A Reason String for an ack, unless the client asked for none (MQTT-3.1.2-29). */
    public MqttProperties problem(String reason) {
        return isMqtt5() && client.problemInformation() && reason != null
                ? MqttProperties.builder().reasonString(reason).build() : MqttProperties.EMPTY;
    }

    // ---- end of the connection

    private void releaseSession() {
        Session s = session;
        if (s == null) {
            released.complete(null);
            return;
        }
        if (connAckSent) {
            broker.stats().clientDisconnected();
            broker.events().disconnected(clientId, closeReason != null ? closeReason : "connection lost");
        }
        boolean owned = broker.sessions().release(s, this);
        List<CompletionStage<?>> writes = new ArrayList<>();
        if (outbound != null) {
            writes.add(outbound.detach());
        }
        if (queues != null) {
            queues.closeAll();
        }
        if (earlyDeliveries != null) {
            earlyDeliveries.forEach(s::redeliver);
            earlyDeliveries = null;
        }
        boolean stopping = broker.isStopping();
        if (!willDiscarded && !stopping && connAckSent) {
            broker.wills().connectionLost(s, !s.isPersistent());
        }
        if (owned && s.isPersistent()) {
            writes.add(io.fluxmq.mqtt.session.StoreFailures.logged(
                    broker.store().saveSession(s.state(System.currentTimeMillis())),
                    "save the disconnected session of client '" + clientId + "'"));
            if (!stopping) {
                broker.sessions().scheduleExpiry(s);
            }
        } else if (owned && !stopping) {
            broker.sessions().endIfUnowned(s, false);
        }
        StorageWrites.allOf(writes).whenComplete((v, e) -> released.complete(null));
    }
}
