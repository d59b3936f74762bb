package io.fluxmq.it.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3Connect;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3ConnectBuilder;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectBuilder;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.fluxmq.it.MqttDistribution;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HiveMQ MQTT client (1.3.3), MQTT 3.1.1 and MQTT 5, against the distribution over TCP, TLS,
 * WebSocket and secure WebSocket: QoS 0/1/2 delivery of 500 messages without loss (and without
 * duplicates at QoS 2), a persistent session resumed with the messages queued meanwhile, retained
 * messages, wills, shared subscriptions and takeover.
 */
@ExtendWith(SharedBroker.Clients.class)
class HiveMqClientIT {
    private static final int MESSAGES = 500;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static MqttDistribution broker;

    @BeforeAll
    static void broker(MqttDistribution b) {
        broker = b;
    }

    static Stream<Arguments> versionsAndTransports() {
        List<Arguments> out = new ArrayList<>();
        for (int version : new int[] {3, 5}) {
            for (Transport t : Transport.values()) {
                out.add(Arguments.of(version, t));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> versionsTransportsAndQos() {
        List<Arguments> out = new ArrayList<>();
        versionsAndTransports().forEach(a -> {
            for (int qos = 0; qos <= 2; qos++) {
                out.add(Arguments.of(a.get()[0], a.get()[1], qos));
            }
        });
        return out.stream();
    }

    @ParameterizedTest(name = "MQTT {0} {1} QoS {2}")
    @MethodSource("versionsTransportsAndQos")
    void deliversEveryMessageAtItsQos(int version, Transport transport, int qos) throws Exception {
        String tag = version + "-" + transport + "-" + qos;
        String topic = "hive/load/" + tag;
        Messages got = new Messages();
        Hive sub = Hive.of(version, transport, "hive-load-sub-" + tag, got);
        sub.connect(true, 0, null);
        sub.subscribe(topic, qos);
        Hive pub = Hive.of(version, transport, "hive-load-pub-" + tag, null);
        pub.connect(true, 0, null);
        publishNumbered(pub, topic, qos, MESSAGES);
        Messages.assertDelivered(got.await(MESSAGES, WAIT), MESSAGES, qos);
        pub.disconnect();
        sub.disconnect();
    }

    @ParameterizedTest(name = "MQTT {0} {1}")
    @MethodSource("versionsAndTransports")
    void persistentSessionReceivesWhatWasQueuedWhileAway(int version, Transport transport) throws Exception {
        String id = "hive-resume-" + version + "-" + transport;
        String topic = "hive/resume/" + version + "/" + transport;
        Hive sub = Hive.of(version, transport, id, null);
        sub.connect(false, 300, null);
        sub.subscribe(topic, 1);
        sub.disconnect();

        Hive pub = Hive.of(version, transport, id + "-pub", null);
        pub.connect(true, 0, null);
        publishNumbered(pub, topic, 1, 100);
        pub.disconnect();

        Messages got = new Messages();
        sub = Hive.of(version, transport, id, got);
        assertThat(sub.connect(false, 300, null)).as("session present").isTrue();
        Messages.assertDelivered(got.await(100, WAIT), 100, 1);
        sub.disconnect();
    }

    @ParameterizedTest(name = "MQTT {0} {1}")
    @MethodSource("versionsAndTransports")
    void retainedMessageReachesALateSubscriber(int version, Transport transport) throws Exception {
        String topic = "hive/retained/" + version + "/" + transport;
        Hive pub = Hive.of(version, transport, "hive-ret-pub-" + version + transport, null);
        pub.connect(true, 0, null);
        pub.publish(topic, 1, "state", true).get(10, TimeUnit.SECONDS);
        pub.disconnect();

        Messages got = new Messages();
        Hive sub = Hive.of(version, transport, "hive-ret-sub-" + version + transport, got);
        sub.connect(true, 0, null);
        sub.subscribe(topic, 1);
        assertThat(got.await(1, WAIT)).containsExactly("state (retained)");
        sub.disconnect();
    }

    @ParameterizedTest(name = "MQTT {0} {1}")
    @MethodSource("versionsAndTransports")
    void willIsPublishedWhenTheSessionIsTakenOverAndNotOnDisconnect(int version, Transport transport) throws Exception {
        String tag = version + "-" + transport;
        String topic = "hive/will/" + tag;
        Messages got = new Messages();
        Hive watcher = Hive.of(version, transport, "hive-will-w-" + tag, got);
        watcher.connect(true, 0, null);
        watcher.subscribe(topic, 1);

        Hive polite = Hive.of(version, transport, "hive-will-polite-" + tag, null);
        polite.connect(true, 0, topic);
        polite.disconnect();
        // the connection is closed by the broker (takeover), not by a DISCONNECT from the client
        Hive first = Hive.of(version, transport, "hive-will-lost-" + tag, null);
        first.connect(true, 0, topic);
        Hive second = Hive.of(version, transport, "hive-will-lost-" + tag, null);
        second.connect(true, 0, null);
        assertThat(got.await(1, WAIT)).containsExactly("gone: hive-will-lost-" + tag);
        second.disconnect();
        watcher.disconnect();
    }

    @ParameterizedTest(name = "MQTT 5 {0}")
    @MethodSource("transports")
    void disconnectWithWillMessagePublishesTheWill(Transport transport) throws Exception {
        String topic = "hive/will04/" + transport;
        Messages got = new Messages();
        Hive watcher = Hive.of(5, transport, "hive-will04-w-" + transport, got);
        watcher.connect(true, 0, null);
        watcher.subscribe(topic, 1);
        Hive leaving = Hive.of(5, transport, "hive-will04-" + transport, null);
        leaving.connect(true, 0, topic);
        leaving.disconnectWithWill();
        assertThat(got.await(1, WAIT)).containsExactly("gone: hive-will04-" + transport);
        watcher.disconnect();
    }

    static Stream<Transport> transports() {
        return Stream.of(Transport.values());
    }

    @ParameterizedTest(name = "MQTT {0} {1}")
    @MethodSource("versionsAndTransports")
    void sharedSubscriptionSplitsMessagesBetweenMembers(int version, Transport transport) throws Exception {
        String tag = version + "-" + transport;
        String topic = "hive/shared/" + tag;
        Messages a = new Messages();
        Messages b = new Messages();
        Hive ma = Hive.of(version, transport, "hive-share-a-" + tag, a);
        ma.connect(true, 0, null);
        ma.subscribe("$share/hive/" + topic, 1);
        Hive mb = Hive.of(version, transport, "hive-share-b-" + tag, b);
        mb.connect(true, 0, null);
        mb.subscribe("$share/hive/" + topic, 1);
        Hive pub = Hive.of(version, transport, "hive-share-pub-" + tag, null);
        pub.connect(true, 0, null);
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
        pub.disconnect();
        ma.disconnect();
        mb.disconnect();
    }

    @ParameterizedTest(name = "MQTT {0} {1}")
    @MethodSource("versionsAndTransports")
    void takeoverClosesTheFirstConnectionAndKeepsTheSession(int version, Transport transport) throws Exception {
        String id = "hive-takeover-" + version + "-" + transport;
        String topic = "hive/takeover/" + version + "/" + transport;
        Hive first = Hive.of(version, transport, id, null);
        first.connect(false, 300, null);
        first.subscribe(topic, 1);
        Messages got = new Messages();
        Hive second = Hive.of(version, transport, id, got);
        assertThat(second.connect(false, 300, null)).as("session present").isTrue();
        Throwable cause = first.disconnected.get(10, TimeUnit.SECONDS);
        if (version == 5) {
            assertThat(cause).isInstanceOf(Mqtt5DisconnectException.class);
            assertThat(((Mqtt5DisconnectException) cause).getMqttMessage().getReasonCode())
                    .isEqualTo(Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER);
        }
        Hive pub = Hive.of(version, transport, id + "-pub", null);
        pub.connect(true, 0, null);
        publishNumbered(pub, topic, 1, 1);
        assertThat(got.await(1, WAIT)).containsExactly("0");
        pub.disconnect();
        second.disconnect();
    }

    private static void publishNumbered(Hive pub, String topic, int qos, int n) throws Exception {
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pending.add(pub.publish(topic, qos, String.valueOf(i), false));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }

    /** The two HiveMQ clients behind one small interface; received payloads go to {@code into}. */
    private abstract static class Hive {
        final CompletableFuture<Throwable> disconnected = new CompletableFuture<>();

        static Hive of(int version, Transport transport, String id, Messages into) {
            MqttClientBuilder b = MqttClient.builder().identifier(id).serverHost("127.0.0.1")
                    .serverPort(transport.port(broker));
            if (transport.secure()) {
                b = b.sslConfig().trustManagerFactory(broker.clientTrust()).applySslConfig();
            }
            if (transport.webSocket()) {
                b = b.webSocketConfig().serverPath("mqtt").applyWebSocketConfig();
            }
            CompletableFuture<Throwable> lost = new CompletableFuture<>();
            b = b.addDisconnectedListener(ctx -> lost.complete(ctx.getCause()));
            Hive h = version == 5 ? new V5(b.useMqttVersion5().buildAsync(), into)
                    : new V3(b.useMqttVersion3().buildAsync(), into);
            lost.thenAccept(h.disconnected::complete);
            return h;
        }

        /** Connects; returns session present. A will topic adds a will "gone: &lt;id&gt;" at QoS 1. */
        abstract boolean connect(boolean clean, long sessionExpiry, String willTopic) throws Exception;

        abstract void subscribe(String filter, int qos) throws Exception;

        abstract CompletableFuture<?> publish(String topic, int qos, String payload, boolean retain);

        abstract void disconnect() throws Exception;

        abstract void disconnectWithWill() throws Exception;

        static String text(byte[] payload, boolean retained) {
            return new String(payload, StandardCharsets.UTF_8) + (retained ? " (retained)" : "");
        }
    }

    private static final class V5 extends Hive {
        private final Mqtt5AsyncClient c;

        V5(Mqtt5AsyncClient c, Messages into) {
            this.c = c;
            if (into != null) {
                c.publishes(MqttGlobalPublishFilter.ALL, p -> into.add(text(p.getPayloadAsBytes(), p.isRetain())));
            }
        }

        @Override
        boolean connect(boolean clean, long sessionExpiry, String willTopic) throws Exception {
            Mqtt5ConnectBuilder b = Mqtt5Connect.builder().cleanStart(clean).sessionExpiryInterval(sessionExpiry)
                    .keepAlive(30);
            if (willTopic != null) {
                String id = c.getConfig().getClientIdentifier().map(Object::toString).orElse("");
                b = b.willPublish(Mqtt5Publish.builder().topic(willTopic).qos(MqttQos.AT_LEAST_ONCE)
                        .payload(("gone: " + id).getBytes(StandardCharsets.UTF_8)).build().asWill());
            }
            return c.connect(b.build()).get(10, TimeUnit.SECONDS).isSessionPresent();
        }

        @Override
        void subscribe(String filter, int qos) throws Exception {
            var ack = c.subscribeWith().topicFilter(filter).qos(MqttQos.fromCode(qos)).send().get(10, TimeUnit.SECONDS);
            assertThat(ack.getReasonCodes()).extracting(rc -> rc.getCode()).containsExactly(qos);
        }

        @Override
        CompletableFuture<?> publish(String topic, int qos, String payload, boolean retain) {
            return c.publishWith().topic(topic).qos(MqttQos.fromCode(qos)).retain(retain)
                    .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
        }

        @Override
        void disconnect() throws Exception {
            c.disconnect().get(10, TimeUnit.SECONDS);
        }

        @Override
        void disconnectWithWill() throws Exception {
            c.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send()
                    .get(10, TimeUnit.SECONDS);
        }
    }

    private static final class V3 extends Hive {
        private final Mqtt3AsyncClient c;

        V3(Mqtt3AsyncClient c, Messages into) {
            this.c = c;
            if (into != null) {
                c.publishes(MqttGlobalPublishFilter.ALL, p -> into.add(text(p.getPayloadAsBytes(), p.isRetain())));
            }
        }

        @Override
        boolean connect(boolean clean, long sessionExpiry, String willTopic) throws Exception {
            Mqtt3ConnectBuilder b = Mqtt3Connect.builder().cleanSession(clean).keepAlive(30);
            if (willTopic != null) {
                String id = c.getConfig().getClientIdentifier().map(Object::toString).orElse("");
                b = b.willPublish(Mqtt3Publish.builder().topic(willTopic).qos(MqttQos.AT_LEAST_ONCE)
                        .payload(("gone: " + id).getBytes(StandardCharsets.UTF_8)).build());
            }
            return c.connect(b.build()).get(10, TimeUnit.SECONDS).isSessionPresent();
        }

        @Override
        void subscribe(String filter, int qos) throws Exception {
            var ack = c.subscribeWith().topicFilter(filter).qos(MqttQos.fromCode(qos)).send().get(10, TimeUnit.SECONDS);
            assertThat(ack.getReturnCodes()).extracting(rc -> rc.getCode()).containsExactly(qos);
        }

        @Override
        CompletableFuture<?> publish(String topic, int qos, String payload, boolean retain) {
            return c.publishWith().topic(topic).qos(MqttQos.fromCode(qos)).retain(retain)
                    .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
        }

        @Override
        void disconnect() throws Exception {
            c.disconnect().get(10, TimeUnit.SECONDS);
        }

        @Override
        void disconnectWithWill() {
            throw new UnsupportedOperationException("MQTT 3.1.1 has no DISCONNECT reason");
        }
    }
}
