package io.fluxmq.core.retained;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.fluxmq.api.message.Message;
import io.fluxmq.api.router.RetainedMessages;
import io.fluxmq.api.storage.StateStore;
import io.fluxmq.api.storage.StorageException;
import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.api.topic.TopicName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * {@link RetainedMessages} kept in memory in a {@link RetainedTopicIndex} and persisted through
 * the {@link StateStore} service bound as "storage".
 *
 * <p><b>Swapping the store.</b> The reference is optional, dynamic and greedy, so that changing
 * {@code storage.target} rebinds it while this service stays registered: a mandatory reference
 * would unregister it, and every protocol using it, for as long as no store matched. Each time a
 * store is bound the index is rebuilt from that store's {@link StateStore#loadRetained()}: the
 * new store is the truth, and moving the data into it beforehand is the storage side's job.
 * Retains made while the load runs win over what it brings. Until the load completes, lookups
 * answer from what is loaded so far. While no store is bound, the last index is still served and
 * {@link #retain} fails with {@link StorageException.Kind#UNAVAILABLE}.
 *
 * <p>Expired messages are left out of answers but stay in memory until their topic is written.
 */
@Component(name = "io.fluxmq.core.retained", service = RetainedMessages.class, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = StoreBackedRetainedMessages.Config.class)
public final class StoreBackedRetainedMessages implements RetainedMessages {
    private static final Logger LOG = LoggerFactory.getLogger("io.fluxmq.core.retained");

    @ObjectClassDefinition(name = "FluxMQ retained messages",
            description = "Keeps the retained message of each topic in memory, indexed by topic, and persists it "
                    + "in the state store.")
    @interface Config {
        @AttributeDefinition(name = "State store",
                description = "LDAP filter selecting the StateStore service. The default is the store of the backend"
                        + " chosen in io.fluxmq.storage, which migrates the data when the backend changes. A filter"
                        + " on the fluxmq.storage property, e.g. (fluxmq.storage=rocksdb), binds one backend directly;"
                        + " changing it then rebinds and reloads from a store that must already hold the messages.")
        String storage_target() default StateStore.SELECTED_FILTER;
    }

    private final LongSupplier clock;
    private final AtomicLong writeFailures = new AtomicLong();
    /** The store in use and the index it fills; null while no store is bound. */
    private volatile Binding binding;
    /** What lookups answer from: the bound store's index, or the last one while none is bound. */
    private volatile RetainedTopicIndex<Message> index = new RetainedTopicIndex<>();

    public StoreBackedRetainedMessages() {
        this(System::currentTimeMillis);
    }

    /** With a clock in epoch milliseconds, for expiry tests. */
    StoreBackedRetainedMessages(LongSupplier clock) {
        this.clock = clock;
    }

    @Reference(name = "storage", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindStorage(StateStore store) {
        Binding b = new Binding(store);
        index = b.index;
        binding = b;
        LOG.info("Loading retained messages from the " + store.backend() + " state store");
        CompletionStage<List<Message>> load;
        try {
            load = store.loadRetained();
        } catch (RuntimeException e) {
            load = CompletableFuture.failedFuture(e);
        }
        load.whenComplete((messages, failure) -> finishLoad(b, messages, failure));
    }

    void unbindStorage(StateStore store) {
        Binding b = binding;
        // A greedy replacement binds the new store before unbinding the old one: nothing to do then.
        if (b != null && b.store == store) {
            binding = null;
            if (frameworkStopping()) {
                LOG.info("The {} state store stopped with the framework", store.backend());
            } else {
                LOG.warn("CORE-2004 the " + store.backend() + " state store went away: retained messages are served "
                        + "from memory, and new ones refused, until a store matching storage.target is bound");
            }
        }
    }

    /** During shutdown every store goes away; that is not worth a warning. */
    private static boolean frameworkStopping() {
        Bundle self = FrameworkUtil.getBundle(StoreBackedRetainedMessages.class);
        if (self == null) {
            return false; // not in a framework (unit tests)
        }
        BundleContext context = self.getBundleContext();
        return context == null || context.getBundle(0).getState() == Bundle.STOPPING;
    }

    /** Present so that a new storage.target rebinds the reference instead of restarting this component. */
    @Modified
    void modified(Config config) {
        LOG.debug("storage.target is now {}", config.storage_target());
    }

    @Override
    public CompletionStage<Void> retain(Message message) {
        Binding b = binding;
        TopicName topic = message.topic();
        if (b == null) {
            return CompletableFuture.failedFuture(new StorageException(StorageException.Kind.UNAVAILABLE,
                    "no state store is bound; the retained message of " + topic + " was not stored"));
        }
        Set<TopicName> written = b.writtenWhileLoading;
        if (written != null) {
            // Before the index write: finishLoad checks under the topic's node lock, after it.
            written.add(topic);
        }
        boolean clear = message.payloadSize() == 0; // MQTT-3.3.1-6
        if (clear) {
            b.index.remove(topic);
        } else {
            b.index.put(topic, message);
        }
        CompletionStage<Void> stored;
        try {
            stored = clear ? b.store.removeRetained(topic) : b.store.putRetained(message);
        } catch (RuntimeException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        return stored.whenComplete((ok, failure) -> {
            if (failure != null) {
                logWriteFailure(topic, failure);
            }
        });
    }

    @Override
    public List<Message> matching(TopicFilter filter) {
        long now = clock.getAsLong();
        List<Message> out = new ArrayList<>();
        index.forEachMatch(filter, m -> {
            if (!m.isExpired(now)) {
                out.add(m);
            }
        });
        return out;
    }

    @Override
    public Optional<Message> get(TopicName topic) {
        Message m = index.get(topic);
        return m == null || m.isExpired(clock.getAsLong()) ? Optional.empty() : Optional.of(m);
    }

    /** Topics with a retained message, expired ones not yet overwritten included. */
    @Override
    public int count() {
        return index.size();
    }

    private void finishLoad(Binding b, List<Message> messages, Throwable failure) {
        if (failure != null) {
            LOG.error("CORE-2002 could not load retained messages from the " + b.store.backend()
                    + " state store; only messages retained from now on will be sent to new subscribers. "
                    + "Check the store, then rebind it (change storage.target or restart its bundle)", failure);
            b.writtenWhileLoading = null;
            return;
        }
        Set<TopicName> written = b.writtenWhileLoading;
        long now = clock.getAsLong();
        int loaded = 0;
        for (Message m : messages) {
            if (m.payloadSize() == 0 || m.isExpired(now)) {
                continue;
            }
            b.index.update(m.topic(), current -> written.contains(m.topic()) ? current : m);
            loaded++;
        }
        b.writtenWhileLoading = null;
        LOG.info("Loaded " + loaded + " retained messages from the " + b.store.backend() + " state store");
    }

    private void logWriteFailure(TopicName topic, Throwable failure) {
        long n = writeFailures.incrementAndGet();
        // The 1st, 2nd, 4th... failure: a failing disk must not turn every publish into a log line.
        if (Long.bitCount(n) == 1) {
            LOG.warn("CORE-2003 the state store failed to persist the retained message of " + topic
                    + "; it is kept in memory but will be lost on restart (" + n + " such failures)", failure);
        }
    }

    /** A bound store and the index rebuilt from it. */
    private static final class Binding {
        final StateStore store;
        final RetainedTopicIndex<Message> index = new RetainedTopicIndex<>();
        /** Topics retained or cleared while the store's load runs; null once it has finished. */
        volatile Set<TopicName> writtenWhileLoading = ConcurrentHashMap.newKeySet();

        Binding(StateStore store) {
            this.store = store;
        }
    }
}
