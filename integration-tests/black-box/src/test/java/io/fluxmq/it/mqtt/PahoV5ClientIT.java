package io.fluxmq.it.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.it.MqttDistribution;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Eclipse Paho's MQTT 5 client (1.2.5) against the distribution over TCP, TLS, WebSocket and
 * secure WebSocket: QoS 0/1/2 delivery of 500 messages without loss (and without duplicates at
 * QoS 2), a session with an expiry interval resumed with the messages queued meanwhile, retained
 * messages, wills (network loss and DISCONNECT 0x04, not a normal DISCONNECT), shared
 * subscriptions and takeover (DISCONNECT 0x8E).
 */
@ExtendWith(SharedBroker.Clients.class)
class PahoV5ClientIT {
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
        String topic = "paho5/load/" + transport + "/" + qos;
        Messages got = new Messages();
        MqttAsyncClient sub = connect(transport, "p5-load-sub-" + transport + qos, collector(got), null);
        subscribe(sub, topic, qos);
        MqttAsyncClient pub = connect(transport, "p5-load-pub-" + transport + qos, null, null);
        publishNumbered(pub, topic, qos, MESSAGES);
        Messages.assertDelivered(got.await(MESSAGES, WAIT), MESSAGES, qos);
        close(pub, sub);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void sessionWithExpiryReceivesWhatWasQueuedWhileAway(Transport transport) throws Exception {
        String id = "p5-resume-" + transport;
        String topic = "paho5/resume/" + transport;
        MqttAsyncClient sub = client(transport, id);
        sub.connect(options(transport, false, 300L)).waitForCompletion(10_000);
        subscribe(sub, topic, 2);
        sub.disconnect().waitForCompletion(10_000);
        sub.close();

        MqttAsyncClient pub = connect(transport, "p5-resume-pub-" + transport, null, null);
        publishNumbered(pub, topic, 2, 100);
        close(pub);

        Messages got = new Messages();
        sub = client(transport, id);
        sub.setCallback(collector(got));
        IMqttToken token = sub.connect(options(transport, false, 300L));
        token.waitForCompletion(10_000);
        assertThat(token.getSessionPresent()).isTrue();
        Messages.assertDelivered(got.await(100, WAIT), 100, 2);
        close(sub);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void retainedMessageWithPropertiesReachesALateSubscriber(Transport transport) throws Exception {
        String topic = "paho5/retained/" + transport;
        MqttAsyncClient pub = connect(transport, "p5-ret-pub-" + transport, null, null);
        MqttMessage m = new MqttMessage(bytes("state"), 1, true, new MqttProperties());
        m.getProperties().setContentType("text/plain");
        m.getProperties().setUserProperties(List.of(new UserProperty("source", "p5")));
        pub.publish(topic, m).waitForCompletion(10_000);
        close(pub);

        CompletableFuture<MqttMessage> got = new CompletableFuture<>();
        MqttAsyncClient sub = connect(transport, "p5-ret-sub-" + transport, onMessage(got::complete), null);
        subscribe(sub, topic, 1);
        MqttMessage r = got.get(10, TimeUnit.SECONDS);
        assertThat(new String(r.getPayload(), StandardCharsets.UTF_8)).isEqualTo("state");
        assertThat(r.isRetained()).isTrue();
        assertThat(r.getProperties().getContentType()).isEqualTo("text/plain");
        assertThat(r.getProperties().getUserProperties()).extracting(UserProperty::getValue).containsExactly("p5");
        close(sub);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void willIsPublishedOnNetworkLossAndOnDisconnect0x04ButNotOnANormalDisconnect(Transport transport)
            throws Exception {
        String topic = "paho5/will/" + transport;
        Messages got = new Messages();
        MqttAsyncClient watcher = connect(transport, "p5-will-w-" + transport, collector(got), null);
        subscribe(watcher, topic, 1);

        MqttAsyncClient polite = connect(transport, "p5-will-polite-" + transport, null, topic);
        polite.disconnect().waitForCompletion(10_000);
        polite.close();
        SocketCutter network = new SocketCutter();
        MqttAsyncClient lost = client(transport, "p5-will-lost-" + transport);
        MqttConnectionOptions o = options(transport, true, null);
        o.setSocketFactory(network.factory(transport.secure() ? broker.clientTls() : null));
        o.setWill(topic, new MqttMessage(bytes("gone: p5-will-lost-" + transport), 1, false, new MqttProperties()));
        lost.connect(o).waitForCompletion(10_000);
        network.cut(); // the connection drops without DISCONNECT
        assertThat(got.await(1, WAIT)).containsExactly("gone: p5-will-lost-" + transport);

        MqttAsyncClient leaving = connect(transport, "p5-will-04-" + transport, null, topic);
        leaving.disconnect(10_000, null, null, 0x04, new MqttProperties()).waitForCompletion(10_000);
        leaving.close();
        lost.close(true);
        assertThat(got.await(2, WAIT)).containsExactly("gone: p5-will-lost-" + transport, "gone: p5-will-04-" + transport);
        close(watcher);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void sharedSubscriptionSplitsMessagesBetweenMembers(Transport transport) throws Exception {
        String topic = "paho5/shared/" + transport;
        Messages a = new Messages();
        Messages b = new Messages();
        MqttAsyncClient ma = connect(transport, "p5-share-a-" + transport, collector(a), null);
        subscribe(ma, "$share/p5/" + topic, 1);
        MqttAsyncClient mb = connect(transport, "p5-share-b-" + transport, collector(b), null);
        subscribe(mb, "$share/p5/" + topic, 1);
        MqttAsyncClient pub = connect(transport, "p5-share-pub-" + transport, null, null);
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
    void takeoverDisconnectsTheFirstClientWith0x8EAndKeepsTheSession(Transport transport) throws Exception {
        String id = "p5-takeover-" + transport;
        CompletableFuture<MqttDisconnectResponse> lost = new CompletableFuture<>();
        MqttAsyncClient first = client(transport, id);
        first.setCallback(new PahoV5Callback(m -> { }) {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                lost.complete(response);
            }
        });
        first.connect(options(transport, false, 300L)).waitForCompletion(10_000);
        subscribe(first, "paho5/takeover/" + transport, 1);

        Messages got = new Messages();
        MqttAsyncClient second = client(transport, id);
        second.setCallback(collector(got));
        IMqttToken token = second.connect(options(transport, false, 300L));
        token.waitForCompletion(10_000);
        assertThat(lost.get(10, TimeUnit.SECONDS).getReturnCode()).as("DISCONNECT reason").isEqualTo(0x8E);
        assertThat(token.getSessionPresent()).isTrue();

        MqttAsyncClient pub = connect(transport, "p5-takeover-pub-" + transport, null, null);
        publishNumbered(pub, "paho5/takeover/" + transport, 1, 1);
        assertThat(got.await(1, WAIT)).containsExactly("0");
        first.close(true);
        close(pub, second);
    }

    // ---- helpers

    private static MqttAsyncClient client(Transport transport, String id) throws MqttException {
        return new MqttAsyncClient(transport.pahoUri(broker), id, new MemoryPersistence());
    }

    private static MqttConnectionOptions options(Transport transport, boolean clean, Long sessionExpiry) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(clean);
        o.setSessionExpiryInterval(sessionExpiry);
        o.setConnectionTimeout(10);
        o.setKeepAliveInterval(30);
        o.setReceiveMaximum(200);
        if (transport.secure()) {
            o.setSocketFactory(broker.clientTls().getSocketFactory());
        }
        return o;
    }

    private static MqttAsyncClient connect(Transport transport, String id, MqttCallback callback, String willTopic)
            throws MqttException {
        MqttAsyncClient c = client(transport, id);
        if (callback != null) {
            c.setCallback(callback);
        }
        MqttConnectionOptions o = options(transport, true, null);
        if (willTopic != null) {
            o.setWill(willTopic, new MqttMessage(bytes("gone: " + id), 1, false, new MqttProperties()));
        }
        c.connect(o).waitForCompletion(10_000);
        return c;
    }

    private static void subscribe(MqttAsyncClient c, String filter, int qos) throws MqttException {
        IMqttToken t = c.subscribe(new MqttSubscription(filter, qos));
        t.waitForCompletion(10_000);
        assertThat(t.getReasonCodes()).containsExactly(qos);
    }

    private static MqttCallback collector(Messages into) {
        return new PahoV5Callback(m -> into.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
    }

    private static MqttCallback onMessage(Consumer<MqttMessage> action) {
        return new PahoV5Callback(action);
    }

    /** Publishes "0".."n-1", keeping at most 100 unacknowledged, and waits for every acknowledgement. */
    private static void publishNumbered(MqttAsyncClient pub, String topic, int qos, int n) throws MqttException {
        List<IMqttToken> pending = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (pending.size() == 100) {
                pending.remove(0).waitForCompletion(10_000);
            }
            pending.add(pub.publish(topic, new MqttMessage(bytes(String.valueOf(i)), qos, false, new MqttProperties())));
        }
        for (IMqttToken t : pending) {
            t.waitForCompletion(10_000);
        }
    }

    private static void close(MqttAsyncClient... clients) throws MqttException {
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
