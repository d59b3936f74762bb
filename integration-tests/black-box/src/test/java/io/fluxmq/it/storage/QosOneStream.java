package io.fluxmq.it.storage;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A Paho MQTT 5 publisher sending QoS 1 messages "0", "1", ... to one topic on its own thread, at
 * most {@code perSecond} a second and up to {@value #WINDOW} unacknowledged at once, until
 * {@link #stop()} or {@code max} messages. A
 * message counts as acknowledged when its PUBACK has a success reason code (below 0x80); the
 * others are kept with their reason code.
 */
final class QosOneStream implements AutoCloseable {
    private static final int WINDOW = 64;

    private final MqttAsyncClient client;
    private final String topic;
    private final int max;
    private final long intervalNanos;
    private final Semaphore window = new Semaphore(WINDOW);
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> refused = new ConcurrentHashMap<>();
    private final AtomicInteger connectionsLost = new AtomicInteger();
    private final Thread thread;
    private volatile boolean stopped;
    private volatile Exception failure;
    private volatile int sent;

    QosOneStream(String uri, String clientId, String topic, int max, int perSecond) throws MqttException {
        this.topic = topic;
        this.max = max;
        this.intervalNanos = 1_000_000_000L / perSecond;
        client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                connectionsLost.incrementAndGet();
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void messageArrived(String t, MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setConnectionTimeout(10);
        client.connect(o).waitForCompletion(RecordingClient.WAIT.toMillis());
        thread = new Thread(this::run, "storage-it-publisher-" + clientId);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        long start = System.nanoTime();
        try {
            for (int i = 0; i < max && !stopped; i++) {
                long wait = start + i * intervalNanos - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (!window.tryAcquire(RecordingClient.WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no PUBACK for " + WINDOW + " messages within " + RecordingClient.WAIT);
                }
                String payload = String.valueOf(i);
                client.publish(topic, payload.getBytes(StandardCharsets.US_ASCII), 1, false, null, new MqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        int[] codes = token.getReasonCodes();
                        int code = codes == null || codes.length == 0 ? 0 : codes[0];
                        if (code < 0x80) {
                            acknowledged.add(payload);
                        } else {
                            refused.put(payload, code);
                        }
                        window.release();
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable exception) {
                        refused.put(payload, exception instanceof MqttException e ? e.getReasonCode() : -1);
                        window.release();
                    }
                });
                sent = i + 1;
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    /** Stops publishing and waits for the outstanding PUBACKs. */
    void stop() throws Exception {
        stopped = true;
        thread.join(RecordingClient.WAIT.toMillis());
        if (!window.tryAcquire(WINDOW, RecordingClient.WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("PUBACKs still missing " + RecordingClient.WAIT + " after the last publish");
        }
        window.release(WINDOW);
        if (failure != null) {
            throw new AssertionError("the publisher failed after " + sent + " messages", failure);
        }
    }

    /** Waits until {@code count} more messages than now are acknowledged; false when the stream ended first. */
    boolean awaitMoreAcknowledged(int count) {
        int target = acknowledged.size() + count;
        long deadline = System.nanoTime() + RecordingClient.WAIT.toNanos();
        while (acknowledged.size() < target && System.nanoTime() < deadline && thread.isAlive()) {
            RecordingClient.sleep(10);
        }
        return acknowledged.size() >= target;
    }

    String topic() {
        return topic;
    }

    int sent() {
        return sent;
    }

    Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    /** Payloads whose PUBACK carried an error reason code (or whose publish failed: -1), with the code. */
    Map<String, Integer> refused() {
        return Map.copyOf(refused);
    }

    boolean isConnected() {
        return client.isConnected();
    }

    int connectionsLost() {
        return connectionsLost.get();
    }

    @Override
    public void close() throws Exception {
        stopped = true;
        thread.join(RecordingClient.WAIT.toMillis());
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(RecordingClient.WAIT.toMillis());
        }
        client.close(true);
    }
}
