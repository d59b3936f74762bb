package io.fluxmq.mqtt;

import io.fluxmq.api.router.RetainedMessages;
import io.fluxmq.api.event.BrokerEvents;
import io.fluxmq.api.security.Authenticator;
import io.fluxmq.api.security.Authorizer;
import io.fluxmq.api.storage.StateStore;
import io.fluxmq.core.retained.StoreBackedRetainedMessages;
import io.fluxmq.core.router.TrieMessageRouter;
import io.fluxmq.mqtt.broker.BrokerSettings;
import io.fluxmq.mqtt.broker.MqttBroker;
import io.fluxmq.storage.memory.MemoryStateStore;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A broker without OSGi on core's router and retained messages and the in-memory store. Core's
 * {@link StoreBackedRetainedMessages} is public but binds its store in a package-private DS bind
 * method; the test calls it reflectively, as SCR would.
 */
public final class TestBroker implements AutoCloseable {
    public final TrieMessageRouter router = new TrieMessageRouter();
    public final StateStore store;
    public final RetainedMessages retained;
    public final AtomicReference<Authenticator> authenticator = new AtomicReference<>();
    /** Authorizers as SCR would hand them over: add and remove at any time. */
    public final List<Authorizer> authorizers = new CopyOnWriteArrayList<>();
    public final AtomicReference<BrokerEvents> events = new AtomicReference<>();
    public final MqttBroker broker;

    public TestBroker(BrokerSettings settings) {
        this(settings, new MemoryStateStore());
    }

    public TestBroker(BrokerSettings settings, StateStore store) {
        this(settings, store, retainedOn(store));
    }

    public TestBroker(BrokerSettings settings, StateStore store, RetainedMessages retained) {
        this.store = store;
        this.retained = retained;
        this.broker = new MqttBroker(settings, router, retained, store, authenticator::get, () -> authorizers,
                events::get).start();
        broker.loaded().join();
    }

    public static RetainedMessages retainedOn(StateStore store) {
        StoreBackedRetainedMessages r = new StoreBackedRetainedMessages();
        try {
            Method bind = StoreBackedRetainedMessages.class.getDeclaredMethod("bindStorage", StateStore.class);
            bind.setAccessible(true);
            bind.invoke(r, store);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return r;
    }

    /** Settings for tests: defaults, no $SYS publishing. */
    public static BrokerSettings settings() {
        return BrokerSettings.DEFAULTS.withSysInterval(0);
    }

    @Override
    public void close() {
        broker.stop();
    }
}
