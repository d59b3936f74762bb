package io.fluxmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * kill -9 while a client publishes QoS 1 messages to a persistent session: after the restart,
 * every message the broker acknowledged reaches the session (duplicates allowed, none lost).
 */
class CrashRecoveryIT {
    private static final int MAX_MESSAGES = 50_000;
    /** Kill once this many are acknowledged, so that the kill lands in the middle of the stream. */
    private static final int KILL_AFTER = 1_000;

    @Test
    void everyAcknowledgedQos1MessageSurvivesKill9() throws Exception {
        try (Broker broker = Broker.start("crash")) {
            MqttClient sub = connect(broker.mqttUri(), "crash-sub", false);
            sub.subscribe("crash/#", 1);
            sub.disconnect();
            sub.close();

            AtomicInteger acknowledged = new AtomicInteger();
            MqttClient pub = connect(broker.mqttUri(), "crash-pub", true);
            Thread publisher = new Thread(() -> {
                try {
                    for (int i = 0; i < MAX_MESSAGES; i++) {
                        // Synchronous: returns once the PUBACK arrived.
                        pub.publish("crash/m", String.valueOf(i).getBytes(StandardCharsets.US_ASCII), 1, false);
                        acknowledged.set(i + 1);
                    }
                } catch (MqttException e) {
                    // The broker died under us: expected.
                }
            }, "crash-publisher");
            publisher.start();
            long killDeadline = System.currentTimeMillis() + 30_000;
            while (acknowledged.get() < KILL_AFTER && System.currentTimeMillis() < killDeadline) {
                Thread.sleep(5);
            }
            broker.kill();
            publisher.join(30_000);
            int acked = acknowledged.get();
            assertThat(acked).as("messages acknowledged before the kill").isBetween(KILL_AFTER, MAX_MESSAGES - 1);
            System.out.println("[measure] QoS 1 messages acknowledged before kill -9: " + acked);

            broker.restart();
            Set<Integer> received = ConcurrentHashMap.newKeySet();
            MqttClient again = new MqttClient(broker.mqttUri(), "crash-sub", new MemoryPersistence());
            again.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage m) {
                    received.add(Integer.parseInt(new String(m.getPayload(), StandardCharsets.US_ASCII)));
                }

                @Override
                public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
                }
            });
            again.connect(options(false));
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline && !containsAll(received, acked)) {
                Thread.sleep(100);
            }
            for (int i = 0; i < acked; i++) {
                assertThat(received).as("acknowledged message %d after restart", i).contains(i);
            }
            again.disconnect();
            again.close();
        }
    }

    private static boolean containsAll(Set<Integer> received, int acked) {
        for (int i = 0; i < acked; i++) {
            if (!received.contains(i)) {
                return false;
            }
        }
        return true;
    }

    private static MqttClient connect(String uri, String id, boolean clean) throws MqttException {
        MqttClient c = new MqttClient(uri, id, new MemoryPersistence());
        c.connect(options(clean));
        return c;
    }

    private static MqttConnectOptions options(boolean clean) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(clean);
        o.setConnectionTimeout(10);
        o.setMaxInflight(1000);
        return o;
    }
}
