package io.fluxmq.mqtt.client;

import io.fluxmq.api.storage.StateStore;
import io.fluxmq.mqtt.TestBroker;
import io.fluxmq.mqtt.broker.BrokerSettings;
import io.fluxmq.storage.memory.MemoryStateStore;
import io.fluxmq.transport.tcp.server.EventLoops;
import io.fluxmq.transport.tcp.server.ListenerSettings;
import io.fluxmq.transport.tcp.server.NettyListener;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The broker on a real TCP listener at 127.0.0.1 on an ephemeral port, without OSGi: core's
 * router and retained messages, the in-memory state store, transport-tcp's listener.
 */
final class RunningBroker implements AutoCloseable {
    final TestBroker broker;
    private final EventLoops loops = new EventLoops(2);
    private final NettyListener listener;

    RunningBroker(BrokerSettings settings) {
        this(settings, new MemoryStateStore());
    }

    RunningBroker(BrokerSettings settings, StateStore store) {
        broker = new TestBroker(settings, store);
        listener = new NettyListener(new ListenerSettings("mqtt-test", new InetSocketAddress("127.0.0.1", 0),
                List.of("mqtt"), null, 100, 16, 5_000, null), loops, p -> p.equals("mqtt") ? broker.broker : null);
        listener.start();
    }

    /** The listener, to stop it or to take the protocol away as a bundle update would. */
    NettyListener listener() {
        return listener;
    }

    String uri() {
        return "tcp://127.0.0.1:" + listener.boundAddress().getPort();
    }

    @Override
    public void close() {
        listener.close();
        broker.close();
        loops.close();
    }
}
