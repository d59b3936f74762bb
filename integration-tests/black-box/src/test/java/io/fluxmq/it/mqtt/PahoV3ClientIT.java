package io.fluxmq.it.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.it.MqttDistribution;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Eclipse Paho's MQTT 3.1.1 client (1.2.5) against the distribution over TCP, TLS, WebSocket and
 * secure WebSocket: QoS 0/1/2 delivery of 500 messages without loss (and without duplicates at
 * QoS 2), a persistent session resumed with the messages queued while away, retained messages,
 * wills, shared subscriptions and session takeover.
 */
@ExtendWith(SharedBroker.Clients.class)
class PahoV3ClientIT {
    private static final int MESSAGES = 500;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static MqttDistribution broker;

    @BeforeAll
    static void broker(MqttDistribution b) {
        broker = b;
    }

    static Stream<Arguments> transportsAndQos() {
        List<Arguments> out = new ArrayList<>();
        for (Transport t : Transport.values()) {
            for (int qos = 0; qos <= 2; qos++) {
                out.add(Arguments.of(t, qos));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} QoS {1}")
    @MethodSource("transportsAndQos")
    void deliversEveryMessageAtItsQos(Transport transport, int qos) throws Exception {
        String topic = "paho3/load/" + transport + "/" + qos;
        Messages got = new Messages();
        MqttAsyncClient sub = connect(transport, "p3-load-sub-" + transport + qos, true, null);
        subscribe(sub, topic, qos, got);
        MqttAsyncClient pub = connect(transport, "p3-load-pub-" + transport + qos, true, null);
        publishNumbered(pub, topic, qos, MESSAGES);
        Messages.assertDelivered(got.await(MESSAGES, WAIT), MESSAGES, qos);
        close(pub, sub);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void persistentSessionReceivesWhatWasQueuedWhileAway(Transport transport) throws Exception {
        String id = "p3-resume-" + transport;
        String topic = "paho3/resume/" + transport;
        MqttAsyncClient sub = connect(transport, id, false, null);
        sub.subscribe(topic, 2).waitForCompletion(10_000);
        sub.disconnect().waitForCompletion(10_000);
        sub.close();

        MqttAsyncClient pub = connect(transport, "p3-resume-pub-" + transport, true, null);
        publishNumbered(pub, topic, 1, 100);
        close(pub);

        Messages got = new Messages();
        sub = client(transport, id);
        sub.setCallback(collector(got));
        IMqttToken token = sub.connect(options(transport, false, null));
        token.waitForCompletion(10_000);
        assertThat(token.getSessionPresent()).isTrue();
        Messages.assertDelivered(got.await(100, WAIT), 100, 1);
        close(sub);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void retainedMessageReachesALateSubscriber(Transport transport) throws Exception {
        String topic = "paho3/retained/" + transport;
        MqttAsyncClient pub = connect(transport, "p3-ret-pub-" + transport, true, null);
        MqttMessage m = new MqttMessage(bytes("state"));
        m.setQos(1);
        m.setRetained(true);
        pub.publish(topic, m).waitForCompletion(10_000);
        close(pub);

        CompletableFuture<MqttMessage> got = new CompletableFuture<>();
        MqttAsyncClient sub = connect(transport, "p3-ret-sub-" + transport, true, null);
        sub.subscribe(topic, 1, (t, msg) -> got.complete(msg)).waitForCompletion(10_000);
        MqttMessage r = got.get(10, TimeUnit.SECONDS);
        assertThat(new String(r.getPayload(), StandardCharsets.UTF_8)).isEqualTo("state");
        assertThat(r.isRetained()).isTrue();
        close(sub);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void willIsPublishedWhenTheConnectionIsLostAndNotOnDisconnect(Transport transport) throws Exception {
        String topic = "paho3/will/" + transport;
        Messages got = new Messages();
        MqttAsyncClient watcher = connect(transport, "p3-will-w-" + transport, true, null);
        subscribe(watcher, topic, 1, got);

        MqttAsyncClient polite = connect(transport, "p3-will-polite-" + transport, true, topic);
        polite.disconnect().waitForCompletion(10_000);
        polite.close();
        SocketCutter network = new SocketCutter();
        MqttAsyncClient lost = client(transport, "p3-will-lost-" + transport);
        MqttConnectOptions o = options(transport, true, null);
        o.setSocketFactory(network.factory(transport.secure() ? broker.clientTls() : null));
        o.setWill(topic, bytes("gone: p3-will-lost-" + transport), 1, false);
        lost.connect(o).waitForCompletion(10_000);
        network.cut(); // the connection drops without DISCONNECT

        assertThat(got.await(1, WAIT)).containsExactly("gone: p3-will-lost-" + transport);
        lost.close(true);
        close(watcher);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void sharedSubscriptionSplitsMessagesBetweenMembers(Transport transport) throws Exception {
        String topic = "paho3/shared/" + transport;
        Messages a = new Messages();
        Messages b = new Messages();
        // a client callback: Paho matches per-subscription listeners against the filter text, "$share/..." included
        MqttAsyncClient ma = client(transport, "p3-share-a-" + transport);
        ma.setCallback(collector(a));
        ma.connect(options(transport, true, null)).waitForCompletion(10_000);
        ma.subscribe("$share/p3/" + topic, 1).waitForCompletion(10_000);
        MqttAsyncClient mb = client(transport, "p3-share-b-" + transport);
        mb.setCallback(collector(b));
        mb.connect(options(transport, true, null)).waitForCompletion(10_000);
        mb.subscribe("$share/p3/" + topic, 1).waitForCompletion(10_000);
        MqttAsyncClient pub = connect(transport, "p3-share-pub-" + transport, true, null);
        publishNumbered(pub, topic, 1, 100);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (a.size() + b.size() < 100 && System.nanoTime() < deadline) {
            Raw.sleep(20);
        }
        Raw.sleep(300);
        List<String> all = new ArrayList<>(a.list());
        all.addAll(b.list());
        assertThat(all).as("each message once among the members").containsExactlyInAnyOrderElementsOf(Messages.numbered(100));
        assertThat(a.size()).as("member A's share").isPositive();
        assertThat(b.size()).as("member B's share").isPositive();
        close(pub, ma, mb);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aSecondConnectionWithTheSameClientIdTakesTheSessionOver(Transport transport) throws Exception {
        String id = "p3-takeover-" + transport;
        CompletableFuture<Throwable> lost = new CompletableFuture<>();
        MqttAsyncClient first = client(transport, id);
        first.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lost.complete(cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        first.connect(options(transport, false, null)).waitForCompletion(10_000);
        first.subscribe("paho3/takeover/" + transport, 1).waitForCompletion(10_000);

        Messages got = new Messages();
        MqttAsyncClient second = client(transport, id);
        second.setCallback(collector(got));
        IMqttToken token = second.connect(options(transport, false, null));
        token.waitForCompletion(10_000);
        assertThat(lost.get(10, TimeUnit.SECONDS)).as("the first connection was closed").isNotNull();
        assertThat(token.getSessionPresent()).as("the session continues").isTrue();

        MqttAsyncClient pub = connect(transport, "p3-takeover-pub-" + transport, true, null);
        publishNumbered(pub, "paho3/takeover/" + transport, 1, 1);
        assertThat(got.await(1, WAIT)).as("the subscription came along").containsExactly("0");
        second.disconnect().waitForCompletion(10_000);
        first.close(true);
        close(pub, second);
    }

    // ---- helpers

    private static MqttAsyncClient client(Transport transport, String id) throws Exception {
        return new MqttAsyncClient(transport.pahoUri(broker), id, new MemoryPersistence());
    }

    private static MqttConnectOptions options(Transport transport, boolean clean, String willTopic) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(clean);
        o.setConnectionTimeout(10);
        o.setKeepAliveInterval(30);
        // Above MESSAGES: Paho counts queued QoS 0 sends too, and refuses more than this in progress.
        o.setMaxInflight(2 * MESSAGES);
        if (transport.secure()) {
            o.setSocketFactory(broker.clientTls().getSocketFactory());
        }
        return o;
    }

    private static MqttAsyncClient connect(Transport transport, String id, boolean clean, String willTopic)
            throws Exception {
        MqttAsyncClient c = client(transport, id);
        MqttConnectOptions o = options(transport, clean, willTopic);
        if (willTopic != null) {
            o.setWill(willTopic, bytes("gone: " + id), 1, false);
        }
        c.connect(o).waitForCompletion(10_000);
        return c;
    }

    private static void subscribe(MqttAsyncClient c, String filter, int qos, Messages into) throws Exception {
        IMqttToken t = c.subscribe(filter, qos, (topic, m) -> into.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
        t.waitForCompletion(10_000);
        assertThat(t.getGrantedQos()).containsExactly(qos);
    }

    private static MqttCallback collector(Messages into) {
        return new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                into.add(new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        };
    }

    /** Publishes "0".."n-1", keeping at most 100 unacknowledged, and waits for every acknowledgement. */
    private static void publishNumbered(MqttAsyncClient pub, String topic, int qos, int n) throws Exception {
        List<IMqttDeliveryToken> pending = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (pending.size() == 100) {
                pending.remove(0).waitForCompletion(10_000);
            }
            MqttMessage m = new MqttMessage(bytes(String.valueOf(i)));
            m.setQos(qos);
            pending.add(pub.publish(topic, m));
        }
        for (IMqttDeliveryToken t : pending) {
            t.waitForCompletion(10_000);
        }
    }

    private static void close(MqttAsyncClient... clients) throws Exception {
        for (MqttAsyncClient c : clients) {
            if (c.isConnected()) {
                c.disconnect().waitForCompletion(10_000);
            }
            c.close();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
