package io.fluxmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The assembled distribution serves MQTT on its default listeners (TCP and WebSocket) to real
 * clients: Eclipse Paho for MQTT 3.1.1 and 5.0.
 */
class MqttIT {
    private static Broker broker;

    @BeforeAll
    static void start() {
        broker = Broker.start("mqtt");
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void mqtt311ClientsExchangeQos1MessagesOverTcp() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        MqttClient sub = v3(broker.mqttUri(), "it-sub-311");
        sub.subscribe("it/311/#", 1, (topic, m) -> received.add(topic + "=" + new String(m.getPayload(), StandardCharsets.UTF_8)));
        MqttClient pub = v3(broker.mqttUri(), "it-pub-311");
        for (int i = 0; i < 20; i++) {
            pub.publish("it/311/" + i, ("m" + i).getBytes(StandardCharsets.UTF_8), 1, false);
        }
        for (int i = 0; i < 20; i++) {
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("it/311/" + i + "=m" + i);
        }
        pub.disconnect();
        sub.disconnect();
    }

    @Test
    void retainedMessageReachesALateSubscriberOverWebSocket() throws Exception {
        MqttClient pub = v3(broker.mqttWsUri(), "it-ws-pub");
        pub.publish("it/ws/status", "online".getBytes(StandardCharsets.UTF_8), 1, true);
        pub.disconnect();

        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        MqttClient sub = v3(broker.mqttWsUri(), "it-ws-sub");
        sub.subscribe("it/ws/+", 1, (topic, m) -> received.add(new String(m.getPayload(), StandardCharsets.UTF_8)
                + (m.isRetained() ? " (retained)" : "")));
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("online (retained)");
        sub.disconnect();
    }

    @Test
    void mqtt5PropertiesPassThroughBetweenTcpAndWebSocketClients() throws Exception {
        BlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();
        org.eclipse.paho.mqttv5.client.MqttClient sub = v5(broker.mqttWsUri(), "it-v5-sub");
        sub.subscribe(new org.eclipse.paho.mqttv5.common.MqttSubscription[] {
            new org.eclipse.paho.mqttv5.common.MqttSubscription("it/v5/req", 2)},
                new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {(topic, m) -> received.add(m)});
        org.eclipse.paho.mqttv5.client.MqttClient pub = v5(broker.mqttUri(), "it-v5-pub");
        MqttMessage m = new MqttMessage("ping".getBytes(StandardCharsets.UTF_8), 2, false, new MqttProperties());
        m.getProperties().setResponseTopic("it/v5/resp");
        m.getProperties().setCorrelationData(new byte[] {1, 2, 3});
        m.getProperties().setContentType("text/plain");
        m.getProperties().setUserProperties(java.util.List.of(new UserProperty("k", "v1"), new UserProperty("k", "v2")));
        pub.publish("it/v5/req", m);

        MqttMessage got = received.poll(10, TimeUnit.SECONDS);
        assertThat(got).isNotNull();
        assertThat(new String(got.getPayload(), StandardCharsets.UTF_8)).isEqualTo("ping");
        assertThat(got.getQos()).isEqualTo(2);
        assertThat(got.getProperties().getResponseTopic()).isEqualTo("it/v5/resp");
        assertThat(got.getProperties().getCorrelationData()).containsExactly(1, 2, 3);
        assertThat(got.getProperties().getContentType()).isEqualTo("text/plain");
        assertThat(got.getProperties().getUserProperties()).extracting(UserProperty::getValue).containsExactly("v1", "v2");
        pub.disconnect();
        sub.disconnect();
    }

    @Test
    void consoleListsTheMqttListeners() {
        String page = broker.get("/system/console/fluxmq", "admin", "admin").body();
        assertThat(page).contains("mqtt-tcp").contains("mqtt-ws");
    }

    private static MqttClient v3(String uri, String clientId) throws Exception {
        MqttClient c = new MqttClient(uri, clientId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        o.setConnectionTimeout(10);
        // Paho 3's synchronous publish can return before its own in-flight count is decremented;
        // with its default limit of 10 a fast loop of QoS 1 publishes then fails on the client side
        // with 32202 "Too many publishes in progress" (seen once in CI), whatever the broker does
        o.setMaxInflight(100);
        c.connect(o);
        return c;
    }

    private static org.eclipse.paho.mqttv5.client.MqttClient v5(String uri, String clientId) throws Exception {
        var c = new org.eclipse.paho.mqttv5.client.MqttClient(uri, clientId,
                new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setConnectionTimeout(10);
        c.connect(o);
        return c;
    }
}
