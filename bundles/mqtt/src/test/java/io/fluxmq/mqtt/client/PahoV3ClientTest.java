package io.fluxmq.mqtt.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fluxmq.mqtt.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Eclipse Paho's MQTT 3.1.1 client against the broker on a real TCP listener. */
class PahoV3ClientTest {
    private RunningBroker running;
    private final List<MqttClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        running = new RunningBroker(TestBroker.settings());
    }

    @AfterEach
    void stop() throws Exception {
        for (MqttClient c : clients) {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 100, false);
            }
            c.close(true);
        }
        running.close();
    }

    /** A client and the messages it receives. */
    final class Client {
        final MqttClient mqtt;
        final BlockingQueue<String[]> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<MqttMessage> raw = new LinkedBlockingQueue<>();
        final AtomicReference<Throwable> lost = new AtomicReference<>();

        Client(String id) throws Exception {
            mqtt = new MqttClient(running.uri(), id, new MemoryPersistence());
            clients.add(mqtt);
            mqtt.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    lost.set(cause);
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    raw.add(message);
                    messages.add(new String[] {topic, new String(message.getPayload(), StandardCharsets.UTF_8),
                            Integer.toString(message.getQos())});
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
        }

        IMqttToken connect(boolean clean) throws Exception {
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(clean);
            o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            o.setConnectionTimeout(5);
            return mqtt.connectWithResult(o);
        }

        String[] next() throws InterruptedException {
            String[] m = messages.poll(5, TimeUnit.SECONDS);
            assertThat(m).as("a message within 5 s").isNotNull();
            return m;
        }
    }

    @Test
    void publishesAndReceivesAtQos0And1And2WithDowngrade() throws Exception {
        Client sub = new Client("v3-sub");
        sub.connect(true);
        sub.mqtt.subscribe(new String[] {"q/two/#", "q/one/#"}, new int[] {2, 1});
        Client pub = new Client("v3-pub");
        pub.connect(true);
        for (int qos = 0; qos <= 2; qos++) {
            pub.mqtt.publish("q/two/" + qos, ("m" + qos).getBytes(StandardCharsets.UTF_8), qos, false);
        }
        pub.mqtt.publish("q/one/x", "down".getBytes(StandardCharsets.UTF_8), 2, false);
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String[] m = sub.next();
            got.add(m[0] + " " + m[1] + " qos" + m[2]);
        }
        assertThat(got).containsExactlyInAnyOrder("q/two/0 m0 qos0", "q/two/1 m1 qos1", "q/two/2 m2 qos2",
                "q/one/x down qos1");
        assertThat(sub.messages.poll(200, TimeUnit.MILLISECONDS)).as("no duplicate at QoS 2").isNull();
    }

    @Test
    void retainedMessagesReachLaterSubscribersAndAnEmptyOneClearsThem() throws Exception {
        Client pub = new Client("v3-rpub");
        pub.connect(true);
        pub.mqtt.publish("ret/a", "kept".getBytes(StandardCharsets.UTF_8), 1, true);
        Client sub = new Client("v3-rsub");
        sub.connect(true);
        sub.mqtt.subscribe("ret/#", 1);
        assertThat(sub.next()[1]).isEqualTo("kept");
        assertThat(sub.raw.poll().isRetained()).isTrue();
        pub.mqtt.publish("ret/a", new byte[0], 1, true);
        sub.next();
        Client late = new Client("v3-late");
        late.connect(true);
        late.mqtt.subscribe("ret/#", 1);
        assertThat(late.messages.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void theWillIsPublishedOnTakeoverButNotAfterANormalDisconnect() throws Exception {
        Client watcher = new Client("v3-watch");
        watcher.connect(true);
        watcher.mqtt.subscribe("wills/#", 1);

        Client polite = new Client("v3-polite");
        MqttConnectOptions o = new MqttConnectOptions();
        o.setWill("wills/polite", "gone".getBytes(StandardCharsets.UTF_8), 1, false);
        polite.mqtt.connect(o);
        polite.mqtt.disconnect();
        assertThat(watcher.messages.poll(300, TimeUnit.MILLISECONDS)).as("no will after DISCONNECT").isNull();

        Client first = new Client("v3-same");
        MqttConnectOptions w = new MqttConnectOptions();
        w.setWill("wills/same", "lost".getBytes(StandardCharsets.UTF_8), 1, false);
        first.mqtt.connect(w);
        Client second = new Client("v3-same");
        second.connect(true); // takes the session over
        String[] will = watcher.next();
        assertThat(will[0]).isEqualTo("wills/same");
        assertThat(will[1]).isEqualTo("lost");
        await().atMost(Duration.ofSeconds(5)).until(() -> first.lost.get() != null);
        assertThat(second.mqtt.isConnected()).isTrue();
    }

    @Test
    void aPersistentSessionGetsTheMessagesPublishedWhileItWasAway() throws Exception {
        Client sub = new Client("v3-durable");
        assertThat(sub.connect(false).getSessionPresent()).isFalse();
        sub.mqtt.subscribe("offline/#", 1);
        sub.mqtt.disconnect();

        Client pub = new Client("v3-opub");
        pub.connect(true);
        for (int i = 0; i < 5; i++) {
            pub.mqtt.publish("offline/" + i, ("o" + i).getBytes(StandardCharsets.UTF_8), 1, false);
        }
        pub.mqtt.publish("offline/qos0", "dropped".getBytes(StandardCharsets.UTF_8), 0, false);
        assertThat(running.broker.broker.sessions().get("v3-durable").offline().messages()).isEqualTo(5);

        assertThat(sub.connect(false).getSessionPresent()).isTrue();
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            got.add(sub.next()[1]);
        }
        assertThat(got).containsExactly("o0", "o1", "o2", "o3", "o4");
        assertThat(sub.messages.poll(300, TimeUnit.MILLISECONDS)).isNull();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> running.broker.store.offlineCount("v3-durable").toCompletableFuture().join() == 0);
    }
}
