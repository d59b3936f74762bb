package io.fluxmq.it.storage;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A {@link RecordingClient} on Eclipse Paho's MQTT 5 client. */
final class PahoV5RecordingClient extends RecordingClient {
    private static final long TIMEOUT_MS = WAIT.toMillis();
    private final MqttAsyncClient client;

    PahoV5RecordingClient(String uri, String clientId) throws MqttException {
        client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                onMessage(topic, message.getPayload(), message.isRetained());
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {
                onConnectionLost();
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
    }

    @Override
    boolean connect(boolean persistent) throws MqttException {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(!persistent);
        o.setSessionExpiryInterval(persistent ? 3600L : 0L);
        o.setConnectionTimeout(10);
        o.setKeepAliveInterval(60);
        o.setSocketFactory(new NoDelaySocketFactory());
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
        for (int code : t.getReasonCodes()) {
            if (code != 1) {
                throw new AssertionError("SUBACK " + code + " for " + String.join(",", filters));
            }
        }
    }

    @Override
    int publish(String topic, String payload, boolean retain) throws MqttException {
        IMqttToken t = client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, retain);
        t.waitForCompletion(TIMEOUT_MS);
        int[] codes = t.getReasonCodes();
        return codes == null || codes.length == 0 ? 0 : codes[0];
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
