package io.fluxmq.mqtt.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.security.Authorizer;
import io.fluxmq.mqtt.TestBroker;
import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What Paho 5 and 3 clients see of an {@link Authorizer} that keeps everyone out of secret/. */
class PahoAuthorizationTest {
    private static final long WAIT = 5_000;
    private RunningBroker running;

    @BeforeEach
    void start() {
        running = new RunningBroker(TestBroker.settings());
        running.broker.authorizers.add((principal, action, resource) -> !resource.startsWith("secret/"));
    }

    @AfterEach
    void stop() {
        running.close();
    }

    @Test
    void mqtt5ClientGetsNotAuthorizedForTheFilterAndThePublish() throws Exception {
        org.eclipse.paho.mqttv5.client.MqttAsyncClient c = new org.eclipse.paho.mqttv5.client.MqttAsyncClient(
                running.uri(), "paho5-authz", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        try {
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setConnectionTimeout(5);
            c.connect(o).waitForCompletion(WAIT);
            org.eclipse.paho.mqttv5.client.IMqttToken sub = c.subscribe(new MqttSubscription[] {
                new MqttSubscription("open/#", 1), new MqttSubscription("secret/#", 1)});
            sub.waitForCompletion(WAIT);
            assertThat(sub.getReasonCodes()).containsExactly(1, 0x87);

            org.eclipse.paho.mqttv5.client.IMqttToken pub = c.publish("secret/x",
                    new MqttMessage("x".getBytes(StandardCharsets.UTF_8), 1, false, null));
            int code;
            try {
                pub.waitForCompletion(WAIT);
                code = pub.getReasonCodes()[0];
            } catch (MqttException e) {
                code = e.getReasonCode();
            }
            assertThat(code).isEqualTo(0x87);
            assertThat(c.isConnected()).isTrue();
        } finally {
            c.disconnectForcibly(0, 100, false);
            c.close(true);
        }
    }

    @Test
    void mqtt311ClientGetsFailureForTheFilter() throws Exception {
        MqttAsyncClient c = new MqttAsyncClient(running.uri(), "paho3-authz", new MemoryPersistence());
        try {
            MqttConnectOptions o = new MqttConnectOptions();
            o.setConnectionTimeout(5);
            c.connect(o).waitForCompletion(WAIT);
            IMqttToken sub = c.subscribe(new String[] {"open/#", "secret/#"}, new int[] {1, 1});
            int[] granted;
            try {
                sub.waitForCompletion(WAIT);
                granted = sub.getGrantedQos();
            } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
                granted = sub.getGrantedQos();
            }
            assertThat(granted).containsExactly(1, 0x80);
            // the denied QoS 1 publish is acknowledged (MQTT-3.3.5-2), the connection stays
            c.publish("secret/x", "x".getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(WAIT);
            assertThat(c.isConnected()).isTrue();
        } finally {
            c.disconnectForcibly(0, 100);
            c.close(true);
        }
    }
}
