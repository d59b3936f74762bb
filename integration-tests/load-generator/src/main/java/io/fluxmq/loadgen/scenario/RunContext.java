package io.fluxmq.loadgen.scenario;

import io.fluxmq.loadgen.Options;
import io.fluxmq.loadgen.client.BenchClient;
import io.fluxmq.loadgen.client.ClientLoops;
import io.fluxmq.loadgen.measure.JsonLine;
import io.fluxmq.loadgen.measure.ProcessStats;
import io.fluxmq.mqtt.codec.packet.ConnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * What every scenario shares: the broker's address and process, the generator's event loops,
 * the protocol version, the payload size, the run tag, and the clients it opened (to close them
 * and to notice one the broker dropped).
 *
 * <p>Options: {@code --host} (127.0.0.1), {@code --port} (1883), {@code --broker-pid} (for CPU and
 * RSS; without it they are not reported), {@code --label} (the broker's name in the output),
 * {@code --threads} (generator event loops, 1), {@code --protocol} (4 = MQTT 3.1.1, or 5),
 * {@code --payload} (bytes, 64).
 */
public final class RunContext implements AutoCloseable {
    private static final int KEEP_ALIVE_SECONDS = 60;

    final InetSocketAddress broker;
    final ProcessStats brokerStats;
    final ProcessStats self = ProcessStats.self();
    final ClientLoops loops;
    final MqttVersion version;
    final int payloadSize;
    final int run = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
    private final String label;
    private final List<BenchClient> clients = new ArrayList<>();

    RunContext(Options o) {
        this.broker = new InetSocketAddress(o.string("host", "127.0.0.1"), o.integer("port", 1883));
        long pid = o.number("broker-pid", 0);
        this.brokerStats = pid > 0 ? ProcessStats.of(pid) : null;
        this.label = o.string("label", "broker");
        this.version = MqttVersion.ofProtocolLevel(o.integer("protocol", 4));
        this.payloadSize = o.integer("payload", 64);
        this.loops = new ClientLoops(o.integer("threads", 1));
    }

    /** The start of every scenario's line; {@code v} is the version its clients speak. */
    JsonLine header(String scenario, MqttVersion v) {
        return new JsonLine().put("scenario", scenario).put("broker", label)
                .put("protocol", v == MqttVersion.MQTT_5 ? "5" : "3.1.1").put("payload_bytes", payloadSize)
                .put("generator_threads", loops.threads()).put("generator_io", loops.transport());
    }

    /** Connects one client (clean session, no session expiry) and waits for its CONNACK. */
    BenchClient connect(String role, MqttVersion v, MqttProperties properties, BenchClient.Listener listener) {
        return join(connectAsync(role, v, properties, listener), 10);
    }

    CompletableFuture<BenchClient> connectAsync(String role, MqttVersion v, MqttProperties properties,
            BenchClient.Listener listener) {
        ConnectPacket connect = new ConnectPacket(v, "lg-" + run + "-" + role, true, KEEP_ALIVE_SECONDS, null, null,
                null, v == MqttVersion.MQTT_5 ? properties : MqttProperties.EMPTY);
        return BenchClient.connect(loops, broker, connect, listener).orTimeout(10, TimeUnit.SECONDS).thenApply(c -> {
            synchronized (clients) {
                clients.add(c);
            }
            return c;
        });
    }

    /** Why a client lost its connection without being asked to, or null if none did. */
    String lostConnection() {
        synchronized (clients) {
            for (BenchClient c : clients) {
                if (c.lostReason() != null) {
                    return c.clientId() + ": " + c.lostReason();
                }
            }
        }
        return null;
    }

    int clientCount() {
        synchronized (clients) {
            return clients.size();
        }
    }

    static <T> T join(CompletableFuture<T> f, int seconds) {
        try {
            return f.get(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException(e.getCause() != null ? e.getCause().getMessage() : e.toString(), e);
        }
    }

    static void sleepSeconds(double seconds) {
        try {
            Thread.sleep(Math.round(seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Disconnects every client (bounded wait) and stops the event loops. */
    @Override
    public void close() {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        synchronized (clients) {
            for (BenchClient c : clients) {
                if (c.lostReason() == null) {
                    closing.add(c.disconnect());
                }
            }
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the loops' shutdown closes what is left
        }
        loops.close();
    }
}
