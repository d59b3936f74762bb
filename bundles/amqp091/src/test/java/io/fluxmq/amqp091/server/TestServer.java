package io.fluxmq.amqp091.server;

import com.rabbitmq.client.ConnectionFactory;
import io.fluxmq.amqp091.broker.AmqpBroker;
import io.fluxmq.amqp091.broker.AmqpSettings;
import io.fluxmq.api.queue.QueueManager;
import io.fluxmq.api.queue.QueueType;
import io.fluxmq.api.security.Authenticator;
import io.fluxmq.api.security.Authorizer;
import io.fluxmq.api.storage.LogStore;
import io.fluxmq.api.router.MessageRouter;
import io.fluxmq.core.queue.QueueManagerService;
import io.fluxmq.core.router.TrieMessageRouter;
import io.fluxmq.queue.durable.DurableQueueType;
import io.fluxmq.api.storage.StateStore;
import io.fluxmq.storage.memory.MemoryLogStore;
import io.fluxmq.storage.memory.MemoryStateStore;
import io.fluxmq.transport.tcp.server.EventLoops;
import io.fluxmq.transport.tcp.server.ListenerSettings;
import io.fluxmq.transport.tcp.server.NettyListener;
import io.netty.handler.ssl.SslContext;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The AMQP server without OSGi on a real TCP listener at 127.0.0.1 on an ephemeral port: core's
 * router and queue manager with the ephemeral, durable and stream queue types on the in-memory log store,
 * transport-tcp's listener (detecting the protocol, as a port shared with AMQP 1.0 does). Core's
 * and the queue types' DS entry points are package-private or take their Metatype configuration;
 * the server calls them reflectively, as SCR would.
 */
public final class TestServer implements AutoCloseable {
    public final TrieMessageRouter router = new TrieMessageRouter();
    public final QueueManager queues;
    public final AtomicReference<Authenticator> authenticator = new AtomicReference<>();
    public final List<Authorizer> authorizers = new CopyOnWriteArrayList<>();
    public final AmqpBroker broker;
    private final EventLoops loops = new EventLoops(2);
    private final NettyListener listener;

    public TestServer() {
        this(AmqpSettings.DEFAULTS);
    }

    public TestServer(AmqpSettings settings) {
        this(settings, null);
    }

    /** @param tls the listener's TLS context (AMQPS), or null for plain TCP */
    public TestServer(AmqpSettings settings, SslContext tls) {
        this(settings, tls, new MemoryStateStore(), new MemoryLogStore());
    }

    /** A server on these stores: a new server on the stores of a closed one is that one restarted. */
    public TestServer(StateStore state, LogStore logs) {
        this(AmqpSettings.DEFAULTS, null, state, logs);
    }

    private TestServer(AmqpSettings settings, SslContext tls, StateStore state, LogStore logs) {
        this.queues = queueManager(logs, router);
        this.broker = new AmqpBroker(settings, router, () -> queues, authenticator::get, () -> authorizers, state);
        broker.start().toCompletableFuture().join();
        listener = new NettyListener(new ListenerSettings("amqp-test", new InetSocketAddress("127.0.0.1", 0),
                List.of("amqp091", "amqp10"), tls, 100, 16, 5_000, null), loops,
                p -> p.equals("amqp091") ? broker : null);
        listener.start();
    }

    public int port() {
        return listener.boundAddress().getPort();
    }

    /** A RabbitMQ client factory for this server, guest/guest, no automatic recovery. */
    public ConnectionFactory factory() {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(port());
        f.setAutomaticRecoveryEnabled(false);
        f.setConnectionTimeout(5_000);
        return f;
    }

    @Override
    public void close() {
        listener.close();
        loops.close();
        broker.stop();
        invoke(queues, "deactivate");
    }

    private static QueueManager queueManager(LogStore logs, MessageRouter router) {
        try {
            Constructor<QueueManagerService> c = QueueManagerService.class.getDeclaredConstructor(LogStore.class,
                    MessageRouter.class, long.class, int.class);
            c.setAccessible(true);
            QueueManagerService manager = c.newInstance(logs, router, 0L, 2);
            Method addType = QueueManagerService.class.getDeclaredMethod("addType", QueueType.class);
            addType.setAccessible(true);
            addType.invoke(manager, configured("io.fluxmq.queue.ephemeral.EphemeralQueueType"));
            addType.invoke(manager, configured("io.fluxmq.queue.stream.StreamQueueType"));
            addType.invoke(manager, new DurableQueueType());
            invoke(manager, "activate");
            return manager;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A queue type with its Metatype defaults, as SCR would construct it. */
    private static QueueType configured(String className) throws ReflectiveOperationException {
        Class<?> type = Class.forName(className);
        Class<?> config = Class.forName(className + "$Config");
        Object defaults = Proxy.newProxyInstance(config.getClassLoader(), new Class<?>[] {config},
                (proxy, method, args) -> method.getDefaultValue());
        Constructor<?> c = type.getConstructor(config);
        c.setAccessible(true);
        return (QueueType) c.newInstance(defaults);
    }

    private static void invoke(Object target, String method) {
        try {
            Method m = target.getClass().getDeclaredMethod(method);
            m.setAccessible(true);
            m.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
