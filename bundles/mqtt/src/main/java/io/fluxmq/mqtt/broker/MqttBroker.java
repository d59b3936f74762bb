package io.fluxmq.mqtt.broker;

import io.fluxmq.api.queue.QueueManager;
import io.fluxmq.api.router.MessageRouter;
import io.fluxmq.api.router.RetainedMessages;
import io.fluxmq.api.event.BrokerEvents;
import io.fluxmq.api.security.Authenticator;
import io.fluxmq.api.security.Authorizer;
import io.fluxmq.api.storage.StateStore;
import io.fluxmq.api.transport.ConnectionInfo;
import io.fluxmq.api.transport.ProtocolHandler;
import io.fluxmq.mqtt.codec.MqttDecoder;
import io.fluxmq.mqtt.codec.MqttEncoder;
import io.fluxmq.mqtt.connection.CountingFlushHandler;
import io.fluxmq.mqtt.connection.MqttConnection;
import io.fluxmq.mqtt.event.MqttEvents;
import io.fluxmq.mqtt.publish.Publications;
import io.fluxmq.mqtt.security.Authorization;
import io.fluxmq.mqtt.session.SessionLoader;
import io.fluxmq.mqtt.session.SessionRegistry;
import io.fluxmq.mqtt.session.Wills;
import io.fluxmq.mqtt.sys.BrokerStats;
import io.fluxmq.mqtt.sys.SysTopicPublisher;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.WriteBufferWaterMark;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT broker of the node: one instance shared by every MQTT listener (TCP, TLS, WebSocket).
 * Plain Java, so that tests run it without OSGi; {@code MqttBrokerComponent} gives it its
 * services and configuration.
 *
 * <p>It holds what all connections share: settings, the router, retained messages, the state
 * store, the session registry, wills, statistics, and one timer thread for will delays, session
 * expiry and $SYS publishing. Connection work runs on each connection's event loop.
 */
public final class MqttBroker implements ProtocolHandler {
    public static final String PROTOCOL = "mqtt";
    private static final Logger LOG = LoggerFactory.getLogger(MqttBroker.class);
    private static final MqttEncoder ENCODER = new MqttEncoder();
    /** Flushes a connection holds back at most before it writes to its socket. */
    private static final int FLUSHES_HELD = 64;

    private final BrokerSettings settings;
    private final WriteBufferWaterMark writeBufferWaterMark;
    private final TopicLimits topicLimits;
    private final MessageRouter router;
    private final RetainedMessages retained;
    private final StateStore store;
    private final Supplier<Authenticator> authenticator;
    private final Authorization authorization;
    private final MqttEvents events;
    private final BrokerStats stats = new BrokerStats();
    private final SessionRegistry sessions = new SessionRegistry(this);
    private final Wills wills = new Wills(this);
    private final Publications publications = new Publications(this);
    private final Set<MqttConnection> connections = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    private final SysTopicPublisher sys;
    private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();
    private volatile boolean stopping;
    private volatile Supplier<QueueManager> queues = () -> null;

    /** A broker without authorizers and events. */
    public MqttBroker(BrokerSettings settings, MessageRouter router, RetainedMessages retained, StateStore store,
            Supplier<Authenticator> authenticator) {
        this(settings, router, retained, store, authenticator, List::of, () -> null);
    }

    /**
     * The suppliers are read whenever the service is needed, so services may come and go.
     *
     * @param authenticator the current authenticator, or null when none is registered
     * @param authorizers the current authorizers, all of which must allow a publish or subscribe
     * @param events where broker events go, or null when no one takes them
     */
    public MqttBroker(BrokerSettings settings, MessageRouter router, RetainedMessages retained, StateStore store,
            Supplier<Authenticator> authenticator, Supplier<List<Authorizer>> authorizers,
            Supplier<BrokerEvents> events) {
        this.settings = Objects.requireNonNull(settings, "settings");
        int high = settings.writeBufferHighWaterMark();
        this.writeBufferWaterMark = new WriteBufferWaterMark(high / 2, high);
        this.topicLimits = TopicLimits.of(settings);
        this.router = Objects.requireNonNull(router, "router");
        this.retained = Objects.requireNonNull(retained, "retained");
        this.store = Objects.requireNonNull(store, "store");
        this.authenticator = authenticator == null ? () -> null : authenticator;
        this.authorization = new Authorization(authorizers, stats);
        this.events = new MqttEvents(events);
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "fluxmq-mqtt-timer");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        this.timer = Executors.unconfigurableScheduledExecutorService(t);
        this.sys = new SysTopicPublisher(this);
    }

    /** Where $queue/ subscriptions and publishes go; the supplier answers null while there is no queue manager. */
    public MqttBroker queues(Supplier<QueueManager> manager) {
        this.queues = Objects.requireNonNull(manager, "manager");
        return this;
    }

    /** The queue manager, or null when none is registered. */
    public QueueManager queues() {
        return queues.get();
    }

    /** Loads the persistent sessions from the store and starts the $SYS publisher. */
    public MqttBroker start() {
        loaded = new SessionLoader(this).load();
        sys.start();
        return this;
    }

    /**
     * Closes every connection and lets go of the sessions without ending them: they stay in the
     * state store for the next instance (a bundle update). Waits at most a few seconds.
     */
    public void stop() {
        stopping = true;
        sys.stop();
        List<CompletableFuture<Void>> detached = new ArrayList<>();
        for (MqttConnection c : connections) {
            detached.add(c.closeForShutdown("the broker is stopping"));
        }
        try {
            CompletableFuture.allOf(detached.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("MQTT-1005 {} connection(s) did not finish saving their session within 5 s of the broker stopping",
                    detached.stream().filter(f -> !f.isDone()).count());
        }
        sessions.detachAll();
        timer.shutdownNow();
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public int detectionLength() {
        return 1;
    }

    /** A CONNECT packet's first byte (MQTT-3.1.0-1: CONNECT comes first, with flags 0). */
    @Override
    public boolean detect(ByteBuf head) {
        return head.getUnsignedByte(head.readerIndex()) == 0x10;
    }

    @Override
    public void initialize(Channel channel, ConnectionInfo info) {
        MqttConnection connection = new MqttConnection(this, channel, info);
        // a client that reads slower than it is sent to becomes unwritable here, not an unbounded buffer
        channel.config().setWriteBufferWaterMark(writeBufferWaterMark);
        channel.pipeline()
                .addLast("mqtt-io", new CountingFlushHandler(stats, FLUSHES_HELD))
                .addLast("mqtt-decoder", MqttDecoder.forServer(settings.maximumPacketSize()))
                .addLast("mqtt-encoder", ENCODER)
                .addLast("mqtt", connection);
    }

    /**
     * A listener takes connections away: their MQTT 5 clients get DISCONNECT 0x8B. When the broker
     * itself is going away, it is stopping from now on, so that these connections keep their
     * sessions and wills in the store for the next instance, as in {@link #stop()}; when only the
     * listener stops, the sessions are released as after a lost connection. <b>Thread:</b> the
     * listener's caller; does not block.
     */
    @Override
    public CompletionStage<Void> shutdown(Collection<Channel> channels, boolean handlerStopping) {
        if (handlerStopping) {
            stopping = true;
        }
        String why = handlerStopping ? "the broker is stopping" : "the listener is stopping";
        List<CompletableFuture<Void>> released = new ArrayList<>();
        for (Channel channel : channels) {
            MqttConnection c = channel.pipeline().get(MqttConnection.class);
            if (c != null) {
                released.add(c.closeForShutdown(why));
            } else {
                channel.close();
            }
        }
        return CompletableFuture.allOf(released.toArray(CompletableFuture[]::new));
    }

    public void connectionOpened(MqttConnection c) {
        connections.add(c);
    }

    public void connectionClosed(MqttConnection c) {
        connections.remove(c);
    }

    public BrokerSettings settings() {
        return settings;
    }

    public TopicLimits topicLimits() {
        return topicLimits;
    }

    public MessageRouter router() {
        return router;
    }

    public RetainedMessages retained() {
        return retained;
    }

    public StateStore store() {
        return store;
    }

    /** Where messages are retained and routed; see {@link Publications}. */
    public Publications publications() {
        return publications;
    }

    /** The current authenticator, or null. */
    public Authenticator authenticator() {
        return authenticator.get();
    }

    public Authorization authorization() {
        return authorization;
    }

    public MqttEvents events() {
        return events;
    }

    /**
     * A message was not delivered: counted in {@code messages/dropped} and published as a
     * {@code MessageDropped} event. <b>Thread:</b> any.
     *
     * @param clientId the client it was for, or the publisher when it was refused from it
     */
    public void dropped(String clientId, String topic, String reason) {
        stats.messageDropped();
        events.dropped(clientId, topic, reason);
    }

    public BrokerStats stats() {
        return stats;
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    public Wills wills() {
        return wills;
    }

    public ScheduledExecutorService timer() {
        return timer;
    }

    /** Completes once the persistent sessions are loaded; CONNECTs wait for it. */
    public CompletableFuture<Void> loaded() {
        return loaded;
    }

    /**
     * True once {@link #stop()} began, or a listener ended the connections because the broker is
     * going away: connections closing then keep their sessions and wills for the next instance.
     */
    public boolean isStopping() {
        return stopping;
    }

    public int connectionCount() {
        return connections.size();
    }
}
