package io.fluxmq.benchmarks.mqtt;

import io.fluxmq.api.router.RetainedMessages;
import io.fluxmq.api.storage.StateStore;
import io.fluxmq.api.transport.ConnectionInfo;
import io.fluxmq.core.retained.StoreBackedRetainedMessages;
import io.fluxmq.core.router.TrieMessageRouter;
import io.fluxmq.mqtt.broker.BrokerSettings;
import io.fluxmq.mqtt.broker.MqttBroker;
import io.fluxmq.mqtt.codec.packet.MqttPacket;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.fluxmq.storage.memory.MemoryStateStore;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;

/**
 * The MQTT broker without OSGi or sockets: core's router and retained messages, the in-memory
 * state store, and connections that are {@link EmbeddedChannel}s with the broker's real pipeline.
 * A delivery to another connection is a task on that channel's loop, run by {@link #drain}.
 */
final class EmbeddedBroker implements AutoCloseable {
    private static final InetSocketAddress ADDRESS = new InetSocketAddress("127.0.0.1", 40000);

    final MqttBroker broker;

    EmbeddedBroker() {
        StateStore store = new MemoryStateStore();
        broker = new MqttBroker(BrokerSettings.DEFAULTS.withSysInterval(0), new TrieMessageRouter(),
                retainedOn(store), store, () -> null).start();
        broker.loaded().join();
    }

    /**
     * Core's retained index binds its store in a package-private method that SCR calls; here it is
     * called reflectively, as SCR would.
     */
    private static RetainedMessages retainedOn(StateStore store) {
        StoreBackedRetainedMessages retained = new StoreBackedRetainedMessages();
        try {
            Method bind = StoreBackedRetainedMessages.class.getDeclaredMethod("bindStorage", StateStore.class);
            bind.setAccessible(true);
            bind.invoke(retained, store);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return retained;
    }

    /** A new connection; nothing has been sent on it yet. */
    EmbeddedChannel open() {
        EmbeddedChannel ch = new EmbeddedChannel();
        broker.initialize(ch, new ConnectionInfo("bench", "tcp", ADDRESS, ADDRESS));
        return ch;
    }

    /** Sends a packet from the client and waits (bounded) until the broker has answered something. */
    static void exchange(EmbeddedChannel ch, MqttPacket packet, MqttVersion version) {
        ch.writeInbound(WirePackets.encode(packet, version));
        for (int i = 0; i < 5_000 && drain(ch) == 0; i++) {
            Thread.onSpinWait(); // answers may wait for the store's threads
        }
    }

    /** Runs the connection's pending tasks and releases what the broker wrote; returns the bytes. */
    static int drain(EmbeddedChannel ch) {
        ch.runPendingTasks();
        int bytes = 0;
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            bytes += b.readableBytes();
            b.release();
        }
        return bytes;
    }

    @Override
    public void close() {
        broker.stop();
    }
}
