package io.fluxmq.it.storage;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A {@link RecordingClient} on Eclipse Paho's MQTT 3.1.1 client. */
final class PahoV3RecordingClient extends RecordingClient {
    private static final long TIMEOUT_MS = WAIT.toMillis();
    private final MqttAsyncClient client;

    PahoV3RecordingClient(String uri, String clientId) throws MqttException {
        client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                onConnectionLost();
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                onMessage(topic, message.getPayload(), message.isRetained());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
    }

    @Override
    boolean connect(boolean persistent) throws MqttException {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(!persistent);
        o.setConnectionTimeout(10);
        o.setKeepAliveInterval(60);
        // Paho 3 refuses sends beyond its own window; the broker's is 1024.
        o.setMaxInflight(1000);
        IMqttToken t = client.connect(o);
        t.waitForCompletion(TIMEOUT_MS);
        return t.getSessionPresent();
    }

    @Override
    void subscribe(String... filters) throws MqttException {
        int[] qos = new int[filters.length];
        java.util.Arrays.fill(qos, 1);
        IMqttToken t = client.subscribe(filters, qos);
        t.waitForCompletion(TIMEOUT_MS);
        for (int granted : t.getGrantedQos()) {
            if (granted != 1) {
                throw new AssertionError("SUBACK " + granted + " for " + String.join(",", filters));
            }
        }
    }

    @Override
    int publish(String topic, String payload, boolean retain) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, retain).waitForCompletion(TIMEOUT_MS);
        return 0;
    }

    @Override
    boolean isConnected() {
        return client.isConnected();
    }

    @Override
    void disconnect() throws MqttException {
        client.disconnect().waitForCompletion(TIMEOUT_MS);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnectForcibly(1000);
        }
        client.close(true);
    }
}
