package io.fluxmq.it.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.it.MqttDistribution;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * A Paho MQTT 5 client used as a queue producer and consumer: what it receives is kept in
 * order; acknowledgements are published to {@code $queue/<name>/$ack} (or {@code $nack},
 * {@code $reject}) with the delivery's message-id and group-id, as an application would.
 */
public final class QueueClient implements AutoCloseable {
    private static final long TIMEOUT_MS = 10_000;

    /** One delivery as the client saw it. */
    public record Received(String topic, MqttMessage message) {
        public String property(String name) {
            for (UserProperty p : message.getProperties().getUserProperties()) {
                if (p.getKey().equals(name)) {
                    return p.getValue();
                }
            }
            return null;
        }

        public String payload() {
            return new String(message.getPayload(), StandardCharsets.UTF_8);
        }

        public String messageId() {
            return property("message-id");
        }

        public String group() {
            return property("group-id");
        }

        public int deliveryCount() {
            return Integer.parseInt(property("delivery-count"));
        }

        public long offset() {
            return Long.parseLong(property("offset"));
        }
    }

    private final MqttAsyncClient client;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private boolean closed;

    private QueueClient(MqttAsyncClient client) {
        this.client = client;
    }

    /** Connects with a clean start; with {@code manualAcks} the client sends PUBACK only on {@link #complete}. */
    public static QueueClient connect(MqttDistribution broker, String clientId, boolean manualAcks) throws MqttException {
        return connect(broker, clientId, manualAcks, 100);
    }

    /** With the Receive Maximum the client announces: the queue's credit for this consumer. */
    public static QueueClient connect(MqttDistribution broker, String clientId, boolean manualAcks, int receiveMaximum)
            throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(broker.tcpUri(), clientId, new MemoryPersistence());
        QueueClient qc = new QueueClient(c);
        c.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                qc.received.add(new Received(topic, message));
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
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
        c.setManualAcks(manualAcks);
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setReceiveMaximum(receiveMaximum);
        c.connect(o).waitForCompletion(TIMEOUT_MS);
        return qc;
    }

    /** Subscribes and returns the SUBACK reason code. */
    public int subscribe(String filter, int qos, String group, String cursor) throws MqttException {
        MqttProperties props = new MqttProperties();
        List<UserProperty> user = new ArrayList<>();
        if (group != null) {
            user.add(new UserProperty("consumer-group", group));
        }
        if (cursor != null) {
            user.add(new UserProperty("cursor", cursor));
        }
        props.setUserProperties(user);
        IMqttToken t = client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, qos)}, null, null, props);
        t.waitForCompletion(TIMEOUT_MS);
        return t.getReasonCodes()[0];
    }

    /** Subscribes and asserts that the broker granted the QoS. */
    public QueueClient consume(String filter, int qos, String group, String cursor) throws MqttException {
        assertThat(subscribe(filter, qos, group, cursor)).as("SUBACK of " + filter).isEqualTo(qos);
        return this;
    }

    /** Publishes at QoS 1 and returns the PUBACK reason code. */
    public int publish(String topic, String payload, UserProperty... properties) throws MqttException {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, false, new MqttProperties());
        m.getProperties().setUserProperties(List.of(properties));
        try {
            IMqttToken t = client.publish(topic, m);
            t.waitForCompletion(TIMEOUT_MS);
            int[] codes = t.getReasonCodes();
            return codes == null || codes.length == 0 ? 0 : codes[0];
        } catch (MqttException e) {
            if (e.getReasonCode() >= 0x80) {
                return e.getReasonCode(); // Paho turns an error PUBACK into an exception
            }
            throw e;
        }
    }

    /** The reason string of the PUBACK of a publish that the broker refuses. */
    public String refusalReason(String topic, UserProperty... properties) throws MqttException {
        MqttMessage m = new MqttMessage(new byte[0], 1, false, new MqttProperties());
        m.getProperties().setUserProperties(List.of(properties));
        IMqttToken t = client.publish(topic, m);
        try {
            t.waitForCompletion(TIMEOUT_MS);
        } catch (MqttException e) {
            // the reason string is on the token's response either way
        }
        return t.getResponseProperties() == null ? null : t.getResponseProperties().getReasonString();
    }

    public int ack(Received r) throws MqttException {
        return settle("$ack", r, null);
    }

    public int nack(Received r) throws MqttException {
        return settle("$nack", r, null);
    }

    public int reject(Received r, String reason) throws MqttException {
        return settle("$reject", r, reason);
    }

    private int settle(String action, Received r, String reason) throws MqttException {
        String queue = r.property("queue");
        List<UserProperty> props = new ArrayList<>(List.of(new UserProperty("message-id", r.messageId()),
                new UserProperty("group-id", r.group())));
        if (reason != null) {
            props.add(new UserProperty("reason", reason));
        }
        return publish("$queue/" + queue + "/" + action, "", props.toArray(UserProperty[]::new));
    }

    /** Sends the PUBACK of a delivery received with manual acks. */
    public void complete(Received r) throws MqttException {
        client.messageArrivedComplete(r.message().getId(), r.message().getQos());
    }

    /** The next delivery, or null when none comes in time. */
    public Received next(Duration within) throws InterruptedException {
        return received.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Takes {@code n} deliveries, failing if they do not all come in time. */
    public List<Received> take(int n, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        List<Received> out = new ArrayList<>();
        while (out.size() < n) {
            Received r = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(r).as("delivery " + (out.size() + 1) + " of " + n).isNotNull();
            out.add(r);
        }
        return out;
    }

    /** Everything received so far, removed from the buffer. */
    public List<Received> drain() {
        List<Received> out = new ArrayList<>();
        received.drainTo(out);
        return out;
    }

    @Override
    public void close() throws MqttException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(TIMEOUT_MS);
            }
        } finally {
            client.close();
        }
    }
}
