package io.fluxmq.core.queue;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.queue.ConsumerSpec;
import io.fluxmq.api.queue.DeliveryHandler;
import io.fluxmq.api.queue.Queue;
import io.fluxmq.api.queue.QueueConfig;
import io.fluxmq.api.queue.QueueConsumer;
import io.fluxmq.api.queue.QueueContext;
import io.fluxmq.api.queue.QueueManager;
import io.fluxmq.api.queue.QueueType;
import io.fluxmq.api.router.MessageRouter;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.router.SubscriptionOptions;
import io.fluxmq.api.storage.LogStore;
import io.fluxmq.api.storage.StateStore;
import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.core.queue.ManagedQueue.Origin;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's {@link QueueManager}: opens the configured queues with the {@link QueueType}
 * services present, creates ephemeral queues for unknown {@code $queue/} names and durable
 * dead-letter queues on demand, routes publishes to queues and captures the ordinary topics that
 * queues bind.
 *
 * <p><b>Threads.</b> {@link #publish} and {@link #subscribe} run on the caller's thread and take
 * no lock on the way of a message (a lookup in a concurrent map); creating, reopening and
 * closing queues happens under one lock, on the caller's thread or DS's. Queue types run their
 * dispatch on serial executors over a small shared pool ({@code fluxmq-queue-N}) and their timers
 * on one scheduler thread ({@code fluxmq-queue-timer}).
 *
 * <p><b>Reopening.</b> A queue whose configuration changes, or whose type's bundle is updated,
 * is closed and opened again; consumers attached through the manager are re-attached to the new
 * instance with the credit they had, so protocol adapters do not notice. While a type is missing,
 * its queues refuse publishes and their consumers receive nothing.
 */
@Component(name = QueueManagerService.PID, service = QueueManager.class, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = QueueManagerService.Config.class)
public final class QueueManagerService implements QueueManager {
    static final String PID = "io.fluxmq.core.queues";
    private static final Logger LOG = LoggerFactory.getLogger("io.fluxmq.core.queue");
    private static final String EPHEMERAL = "ephemeral";
    private static final String DURABLE = "durable";

    @ObjectClassDefinition(name = "FluxMQ queue manager", description = "Routes $queue/ publishes and captured"
            + " topics to queues and creates ephemeral and dead-letter queues on demand. Queues themselves are"
            + " factory configurations of io.fluxmq.queue.")
    @interface Config {
        @AttributeDefinition(name = "Ephemeral queue grace period (seconds)", description = "An ephemeral queue"
                + " created by a publish or subscribe to an unknown name is removed this long after its last consumer"
                + " leaves.", min = "0")
        long ephemeral_grace_seconds() default 30;

        @AttributeDefinition(name = "Dispatch threads", description = "Threads shared by every queue's dispatch;"
                + " read at start.", min = "1")
        int dispatch_threads() default 2;

        @AttributeDefinition(name = "Log store", description = "LDAP filter selecting the LogStore; the default is"
                + " the store of the backend chosen in io.fluxmq.storage.")
        String logs_target() default StateStore.SELECTED_FILTER;
    }

    private final Object lock = new Object();
    private final Map<String, QueueType> types = new HashMap<>();
    private final Map<QueueDefinition, QueueConfig> definitions = new HashMap<>();
    private final ConcurrentHashMap<String, ManagedQueue> queues = new ConcurrentHashMap<>();
    /** Bindings on $queue/ topics (one queue capturing another's publishes), scanned on publish. */
    private volatile List<QueueBinding> queueBindings = List.of();

    private final LogStore logs;
    private final MessageRouter router;
    private final ExecutorService pool;
    private final ScheduledExecutorService scheduler;
    /** Declares and deletes queues off the callers' threads (they are often event loops). */
    private final ExecutorService admin;
    private final QueueContext context;
    private volatile long graceSeconds;
    private boolean active;

    @Activate
    public QueueManagerService(@Reference(name = "logs") LogStore logs, @Reference MessageRouter router,
            Config config) {
        this(logs, router, config.ephemeral_grace_seconds(), config.dispatch_threads());
    }

    QueueManagerService(LogStore logs, MessageRouter router, long graceSeconds, int dispatchThreads) {
        this.logs = logs;
        this.router = router;
        this.graceSeconds = graceSeconds;
        this.pool = Executors.newFixedThreadPool(dispatchThreads, threads("fluxmq-queue-"));
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, threads("fluxmq-queue-timer"));
        timer.setRemoveOnCancelPolicy(true);
        this.scheduler = timer;
        this.admin = Executors.newSingleThreadExecutor(threads("fluxmq-queue-admin"));
        this.context = new Context();
    }

    @Activate
    void activate() {
        synchronized (lock) {
            active = true;
            for (QueueConfig config : definitions.values()) {
                define(config);
            }
        }
        LOG.info("QUEUE-0001 queue manager started: {} queue(s) configured, types {}", definitions.size(), types.keySet());
    }

    @Modified
    void modified(Config config) {
        graceSeconds = config.ephemeral_grace_seconds();
    }

    @Deactivate
    void deactivate() {
        synchronized (lock) {
            active = false;
            for (ManagedQueue q : queues.values()) {
                close(q);
            }
            queues.clear();
        }
        scheduler.shutdownNow();
        admin.shutdown();
        pool.shutdown();
    }

    // ---- the queue types and definitions (DS)

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addType(QueueType type) {
        synchronized (lock) {
            types.put(type.name(), type);
            if (active) {
                for (ManagedQueue q : queues.values()) {
                    if (q.instance == null && q.config.type().equals(type.name())) {
                        open(q);
                    }
                }
            }
        }
    }

    void removeType(QueueType type) {
        synchronized (lock) {
            if (types.get(type.name()) != type) {
                return;
            }
            types.remove(type.name());
            for (ManagedQueue q : queues.values()) {
                if (q.config.type().equals(type.name()) && q.instance != null) {
                    close(q);
                    LOG.info("QUEUE-1002 queue '{}' is closed until a '{}' queue type is available again", q.name,
                            type.name());
                }
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDefinition(QueueDefinition definition) {
        synchronized (lock) {
            QueueConfig config = definition.config();
            for (QueueConfig other : definitions.values()) {
                if (other.name().equals(config.name())) {
                    LOG.error("QUEUE-1005 two configurations define queue '{}'; the second is ignored", config.name());
                    return;
                }
            }
            definitions.put(definition, config);
            if (active) {
                define(config);
            }
        }
    }

    void removeDefinition(QueueDefinition definition) {
        synchronized (lock) {
            QueueConfig config = definitions.remove(definition);
            if (config == null) {
                return;
            }
            ManagedQueue q = queues.get(config.name());
            if (q == null || q.origin != Origin.CONFIGURED) {
                return;
            }
            close(q);
            if (q.consumers.isEmpty()) {
                queues.remove(q.name);
                LOG.info("QUEUE-0003 queue '{}' removed (its data stays in the log store)", q.name);
            } else {
                LOG.warn("QUEUE-1006 the configuration of queue '{}' was removed while {} consumer(s) are attached; they"
                        + " receive nothing until it is configured again", q.name, q.consumers.size());
            }
        }
    }

    /** Opens (or reopens with a new configuration) a configured queue. Under the lock. */
    private void define(QueueConfig config) {
        ManagedQueue q = queues.get(config.name());
        if (q == null) {
            q = new ManagedQueue(config, Origin.CONFIGURED);
            queues.put(q.name, q);
        } else {
            close(q);
            q.config = config;
            q.origin = Origin.CONFIGURED;
            cancelRemoval(q);
        }
        open(q);
        if (config.type().equals(DURABLE) && !queues.containsKey(config.deadLetterTarget())) {
            // Eagerly, so that after a restart its consumers find the durable queue, not a new ephemeral one.
            ManagedQueue dlq = new ManagedQueue(QueueConfig.defaults(config.deadLetterTarget(), DURABLE), Origin.DEAD_LETTER);
            queues.put(dlq.name, dlq);
            open(dlq);
        }
    }

    // ---- opening and closing instances (under the lock)

    private void open(ManagedQueue q) {
        QueueType type = types.get(q.config.type());
        if (type == null) {
            LOG.info("QUEUE-1002 queue '{}' waits for a '{}' queue type", q.name, q.config.type());
            return;
        }
        if (q.origin == Origin.CONFIGURED && !definitions.containsValue(q.config)) {
            return; // configuration removed while consumers stay attached
        }
        Queue instance;
        try {
            instance = type.create(q.config, context);
        } catch (RuntimeException e) {
            LOG.error("QUEUE-1003 queue '{}' could not be opened by its '{}' type", q.name, q.config.type(), e);
            return;
        }
        q.instance = instance;
        for (ManagedConsumer c : q.consumers) {
            c.attachTo(instance);
        }
        List<QueueBinding> onQueues = new ArrayList<>();
        for (TopicFilter binding : q.config.bindings()) {
            if (binding.filter().startsWith(QUEUE_PREFIX)) {
                onQueues.add(new QueueBinding(binding, q));
            } else {
                router.subscribe(q, new Subscription(binding, SubscriptionOptions.DEFAULT));
            }
        }
        if (!onQueues.isEmpty()) {
            List<QueueBinding> all = new ArrayList<>(queueBindings);
            all.addAll(onQueues);
            queueBindings = List.copyOf(all);
        }
        LOG.info("QUEUE-0002 queue '{}' ({}, {}) is open", q.name, q.config.type(), q.origin.name().toLowerCase());
    }

    private void close(ManagedQueue q) {
        Queue instance = q.instance;
        if (instance == null) {
            return;
        }
        router.unsubscribeAll(q.id());
        List<QueueBinding> remaining = new ArrayList<>();
        for (QueueBinding b : queueBindings) {
            if (b.queue() != q) {
                remaining.add(b);
            }
        }
        queueBindings = List.copyOf(remaining);
        q.instance = null;
        for (ManagedConsumer c : q.consumers) {
            c.detach();
        }
        try {
            instance.close();
        } catch (RuntimeException e) {
            LOG.warn("QUEUE-1007 queue '{}' failed to close cleanly", q.name, e);
        }
    }

    /** The queue of that name, created as {@code type} with default limits when unknown. */
    private ManagedQueue queueOrCreate(String name, String type, Origin origin) {
        ManagedQueue q = queues.get(name);
        if (q != null) {
            return q;
        }
        synchronized (lock) {
            q = queues.get(name);
            if (q == null) {
                q = new ManagedQueue(QueueConfig.defaults(name, type), origin);
                queues.put(name, q);
                if (active) {
                    open(q);
                }
            }
            return q;
        }
    }

    // ---- QueueManager

    @Override
    public Optional<Queue> queue(String name) {
        ManagedQueue q = queues.get(name);
        return q == null ? Optional.empty() : Optional.ofNullable(q.instance);
    }

    @Override
    public Collection<Queue> queues() {
        List<Queue> open = new ArrayList<>();
        for (ManagedQueue q : queues.values()) {
            Queue instance = q.instance;
            if (instance != null) {
                open.add(instance);
            }
        }
        return open;
    }

    @Override
    public CompletionStage<Integer> publish(Message message) {
        QueueAddress address = QueueAddress.parse(message.topic().value());
        List<ManagedQueue> targets = new ArrayList<>(2);
        if (address != null) {
            targets.add(queueOrCreate(address.queue(), EPHEMERAL, Origin.AUTOMATIC));
        }
        for (QueueBinding b : queueBindings) {
            if (!targets.contains(b.queue()) && b.filter().matches(message.topic())) {
                targets.add(b.queue());
            }
        }
        if (targets.isEmpty()) {
            return CompletableFuture.completedFuture(0);
        }
        if (targets.size() == 1) {
            return targets.get(0).append(message).thenApply(offset -> 1);
        }
        CompletableFuture<?>[] appends = new CompletableFuture<?>[targets.size()];
        for (int i = 0; i < appends.length; i++) {
            appends[i] = targets.get(i).append(message).toCompletableFuture();
        }
        return CompletableFuture.allOf(appends).thenApply(done -> appends.length);
    }

    @Override
    public QueueConsumer subscribe(String queue, ConsumerSpec spec, DeliveryHandler handler) {
        ManagedQueue q = queueOrCreate(queue, EPHEMERAL, Origin.AUTOMATIC);
        ManagedConsumer consumer = new ManagedConsumer(spec, handler, c -> consumerLeft(q, c));
        synchronized (lock) {
            cancelRemoval(q);
            q.consumers.add(consumer);
            Queue instance = q.instance;
            if (instance != null) {
                consumer.attachTo(instance);
            }
        }
        return consumer;
    }

    @Override
    public CompletionStage<Queue> declare(QueueConfig config) {
        return CompletableFuture.supplyAsync(() -> {
            synchronized (lock) {
                ManagedQueue q = queues.get(config.name());
                if (q == null) {
                    q = new ManagedQueue(config, Origin.DECLARED);
                    queues.put(q.name, q);
                    if (active) {
                        open(q);
                    }
                } else {
                    cancelRemoval(q);
                }
                Queue instance = q.instance;
                if (instance == null) {
                    if (q.origin == Origin.DECLARED && q.consumers.isEmpty()) {
                        queues.remove(q.name, q);
                    }
                    throw new IllegalStateException("queue '" + q.name + "' cannot be opened: no '" + q.config.type()
                            + "' queue type is installed");
                }
                return instance;
            }
        }, admin);
    }

    @Override
    public CompletionStage<Long> delete(String name) {
        return CompletableFuture.supplyAsync(() -> {
            List<ManagedConsumer> ended;
            long depth;
            synchronized (lock) {
                ManagedQueue q = queues.get(name);
                if (q == null) {
                    throw new NoSuchElementException("no queue '" + name + "'");
                }
                if (q.origin == Origin.CONFIGURED) {
                    throw new IllegalStateException("queue '" + name + "' is defined by a configuration; remove that"
                            + " to delete it");
                }
                Queue instance = q.instance;
                depth = instance == null ? 0 : instance.stats().depth();
                queues.remove(name, q);
                cancelRemoval(q);
                close(q);
                ended = List.copyOf(q.consumers);
                q.consumers.clear();
            }
            for (ManagedConsumer c : ended) {
                c.queueDeleted("queue '" + name + "' was deleted");
            }
            logs.deleteLog(name).toCompletableFuture().join();
            LOG.info("QUEUE-0005 queue '{}' deleted with {} message(s)", name, depth);
            return depth;
        }, admin);
    }

    /** What queue types get; for tests. */
    QueueContext context() {
        return context;
    }

    /** Messages of the queue's captured topics that could not be appended, or -1 for an unknown queue. */
    public long uncaptured(String queue) {
        ManagedQueue q = queues.get(queue);
        return q == null ? -1 : q.uncaptured.get();
    }

    private void consumerLeft(ManagedQueue q, ManagedConsumer consumer) {
        synchronized (lock) {
            q.consumers.remove(consumer);
            if (q.origin == Origin.AUTOMATIC && q.consumers.isEmpty() && active && queues.get(q.name) == q) {
                cancelRemoval(q);
                q.removal = scheduler.schedule(() -> removeIfUnused(q), graceSeconds, TimeUnit.SECONDS);
            }
        }
    }

    private void removeIfUnused(ManagedQueue q) {
        synchronized (lock) {
            if (q.origin == Origin.AUTOMATIC && q.consumers.isEmpty() && queues.remove(q.name, q)) {
                close(q);
                LOG.info("QUEUE-0004 ephemeral queue '{}' removed {} s after its last consumer left", q.name, graceSeconds);
            }
        }
    }

    private static void cancelRemoval(ManagedQueue q) {
        if (q.removal != null) {
            q.removal.cancel(false);
            q.removal = null;
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix.endsWith("-") ? prefix + n.incrementAndGet() : prefix);
            t.setDaemon(true);
            return t;
        };
    }

    /** A binding of {@code queue} on $queue/ topics. */
    private record QueueBinding(TopicFilter filter, ManagedQueue queue) {
    }

    /** What every queue type gets. */
    private final class Context implements QueueContext {
        @Override
        public LogStore logStore() {
            return logs;
        }

        @Override
        public ScheduledExecutorService scheduler() {
            return scheduler;
        }

        @Override
        public Executor serialExecutor(String name) {
            return new SerialExecutor(name, pool);
        }

        @Override
        public CompletionStage<Long> deadLetter(String targetQueue, Message message) {
            return queueOrCreate(targetQueue, DURABLE, Origin.DEAD_LETTER).append(message);
        }
    }
}
