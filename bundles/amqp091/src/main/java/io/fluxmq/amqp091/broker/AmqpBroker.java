package io.fluxmq.amqp091.broker;

import io.fluxmq.amqp091.codec.FrameDecoder;
import io.fluxmq.amqp091.connection.AmqpConnection;
import io.fluxmq.amqp091.connection.HeaderHandler;
import io.fluxmq.api.queue.QueueManager;
import io.fluxmq.api.router.MessageRouter;
import io.fluxmq.api.security.Authenticator;
import io.fluxmq.api.security.Authorizer;
import io.fluxmq.api.security.ClientPrincipal;
import io.fluxmq.api.storage.StateStore;
import io.fluxmq.api.transport.ConnectionInfo;
import io.fluxmq.api.transport.ProtocolHandler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.WriteBufferWaterMark;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AMQP 0.9.1 server of one node, as the listeners' {@link ProtocolHandler}: its settings,
 * the services it works with and its virtual hosts. Every connection a listener hands over becomes an {@link AmqpConnection}.
 */
public final class AmqpBroker implements ProtocolHandler {
    public static final String PROTOCOL = "amqp091";
    private static final Logger LOG = LoggerFactory.getLogger(AmqpBroker.class);

    private final AmqpSettings settings;
    private final MessageRouter router;
    private final Supplier<QueueManager> queues;
    private final Supplier<Authenticator> authenticator;
    private final Supplier<List<Authorizer>> authorizers;
    private final Map<String, VirtualHost> virtualHosts = new LinkedHashMap<>();
    private final AtomicLong connectionIds = new AtomicLong();
    private final WriteBufferWaterMark waterMark;
    private final MemoryAlarm memoryAlarm;
    private final DirectReplies directReplies = new DirectReplies();
    /** Queue expiry (x-expires) and the memory alarm's check for its end. */
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fluxmq-amqp-timer");
        t.setDaemon(true);
        return t;
    });

    /** @param store where durable exchanges, queues and bindings are kept, or null to keep none */
    public AmqpBroker(AmqpSettings settings, MessageRouter router, Supplier<QueueManager> queues,
            Supplier<Authenticator> authenticator, Supplier<List<Authorizer>> authorizers, StateStore store) {
        this.settings = settings;
        this.router = router;
        this.queues = queues;
        this.authenticator = authenticator;
        this.authorizers = authorizers;
        for (String name : settings.virtualHosts()) {
            virtualHosts.put(name, new VirtualHost(name, router, queues, timer, store));
        }
        this.memoryAlarm = new MemoryAlarm(settings.memoryHighWatermark(), timer);
        int high = settings.writeBufferHighWaterMark();
        this.waterMark = new WriteBufferWaterMark(high / 2, high);
        LOG.info("AMQP-0001 AMQP 0.9.1 server ready: virtual hosts {}, frame max {}, channel max {}, heartbeat {} s",
                virtualHosts.keySet(), settings.frameMax(), settings.channelMax(), settings.heartbeatSeconds());
    }

    /**
     * Restores the durable definitions of every virtual host; completes when their queues are open.
     * Connections may come meanwhile.
     */
    public CompletionStage<Void> start() {
        memoryAlarm.start();
        List<CompletableFuture<Void>> restored = new ArrayList<>();
        for (VirtualHost host : virtualHosts.values()) {
            restored.add(host.restore().toCompletableFuture().exceptionally(failure -> {
                LOG.error("AMQP-2002 vhost '{}': the durable exchanges, queues and bindings could not be restored",
                        host.name(), failure);
                return null;
            }));
        }
        return CompletableFuture.allOf(restored.toArray(CompletableFuture[]::new));
    }

    /** Stops the timers; connections are ended by the listeners through {@link #shutdown}. */
    public void stop() {
        memoryAlarm.stop();
        timer.shutdownNow();
    }

    public DirectReplies directReplies() {
        return directReplies;
    }

    public MemoryAlarm memoryAlarm() {
        return memoryAlarm;
    }

    public AmqpSettings settings() {
        return settings;
    }

    public MessageRouter router() {
        return router;
    }

    /** The queue manager, or null while it is absent. */
    public QueueManager queues() {
        return queues.get();
    }

    public Authenticator authenticator() {
        return authenticator.get();
    }

    /** Whether any authorizer is registered (else everything is allowed and nothing need be asked). */
    public boolean authorizes() {
        return !authorizers.get().isEmpty();
    }

    /** Whether every authorizer lets the principal do this. */
    public boolean allowed(ClientPrincipal principal, Authorizer.Action action, String resource) {
        for (Authorizer a : authorizers.get()) {
            if (!a.isAllowed(principal, action, resource)) {
                return false;
            }
        }
        return true;
    }

    /** The virtual host of this name, or null. */
    public VirtualHost virtualHost(String name) {
        return virtualHosts.get(name);
    }

    public long nextConnectionId() {
        return connectionIds.incrementAndGet();
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public int detectionLength() {
        return 8;
    }

    @Override
    public boolean detect(ByteBuf head) {
        return HeaderHandler.isHeader(head);
    }

    /** The header to answer an AMQP peer that asked for another version, or null when it is no AMQP peer. */
    @Override
    public byte[] headerReply(ByteBuf head) {
        return HeaderHandler.isAmqp(head) && !(head.readableBytes() >= 8 && HeaderHandler.isHeader(head))
                ? HeaderHandler.supportedHeader() : null;
    }

    @Override
    public void initialize(Channel channel, ConnectionInfo info) {
        channel.config().setWriteBufferWaterMark(waterMark);
        AmqpConnection connection = new AmqpConnection(this, channel, info);
        channel.pipeline().addLast("amqp-header", new HeaderHandler(() -> {
            channel.pipeline().addLast("amqp-frames", new FrameDecoder(settings.frameMax()));
            channel.pipeline().addLast("amqp", connection);
            connection.start();
        }));
    }

    /** Tells each connection's client that the server closes it (320 CONNECTION_FORCED) and closes it. */
    @Override
    public CompletionStage<Void> shutdown(Collection<Channel> channels, boolean handlerStopping) {
        String why = handlerStopping ? "the AMQP server is stopping" : "the listener is stopping";
        List<CompletableFuture<Void>> closed = new ArrayList<>();
        for (Channel channel : channels) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            channel.closeFuture().addListener(f -> done.complete(null));
            closed.add(done);
            AmqpConnection c = channel.pipeline().get(AmqpConnection.class);
            if (c != null) {
                c.closeForShutdown(why);
            } else {
                channel.close();
            }
        }
        return CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new));
    }
}
