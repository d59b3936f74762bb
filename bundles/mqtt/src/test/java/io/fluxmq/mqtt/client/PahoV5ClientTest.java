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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Eclipse Paho's MQTT 5 client against the broker on a real TCP listener. */
class PahoV5ClientTest {
    private static final long WAIT = 5_000;
    private RunningBroker running;
    private final List<MqttAsyncClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        running = new RunningBroker(TestBroker.settings());
    }

    @AfterEach
    void stop() throws Exception {
        for (MqttAsyncClient c : clients) {
            try {
                if (c.isConnected()) {
                    c.disconnectForcibly(0, 100, false);
                }
                c.close(true);
            } catch (MqttException ignored) {
                // best effort
            }
        }
        running.close();
    }

    /** One received message. */
    record Received(String topic, MqttMessage message) {
        String text() {
            return new String(message.getPayload(), StandardCharsets.UTF_8);
        }
    }

    final class Client {
        final MqttAsyncClient mqtt;
        final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();
        final AtomicReference<MqttDisconnectResponse> disconnected = new AtomicReference<>();

        Client(String id) throws Exception {
            mqtt = new MqttAsyncClient(running.uri(), id, new MemoryPersistence());
            clients.add(mqtt);
            mqtt.setCallback(new MqttCallback() {
                @Override
                public void disconnected(MqttDisconnectResponse response) {
                    disconnected.set(response);
                }

                @Override
                public void mqttErrorOccurred(MqttException exception) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    messages.add(new Received(topic, message));
                }

                @Override
                public void deliveryComplete(IMqttToken token) {
                }

                @Override
                public void connectComplete(boolean reconnect, String serverURI) {
                }

                @Override
                public void authPacketArrived(int reasonCode, MqttProperties properties) {
                }
            });
        }

        IMqttToken connect(MqttConnectionOptions o) throws Exception {
            o.setConnectionTimeout(5);
            IMqttToken t = mqtt.connect(o);
            t.waitForCompletion(WAIT);
            return t;
        }

        IMqttToken connect() throws Exception {
            return connect(new MqttConnectionOptions());
        }

        void subscribe(String filter, int qos) throws Exception {
            mqtt.subscribe(new MqttSubscription(filter, qos)).waitForCompletion(WAIT);
        }

        void publish(String topic, String payload, int qos, boolean retain, MqttProperties props) throws Exception {
            MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), qos, retain, props);
            mqtt.publish(topic, m).waitForCompletion(WAIT);
        }

        Received next() throws InterruptedException {
            Received r = messages.poll(5, TimeUnit.SECONDS);
            assertThat(r).as("a message within 5 s").isNotNull();
            return r;
        }

        boolean nothingMore() throws InterruptedException {
            return messages.poll(300, TimeUnit.MILLISECONDS) == null;
        }
    }

    private static MqttConnectionOptions persistent(long expiry) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(expiry);
        return o;
    }

    @Test
    void connAckAssignsAnIdentifierAndAnnouncesTheLimits() throws Exception {
        Client c = new Client("");
        IMqttToken t = c.connect();
        MqttProperties p = t.getResponseProperties();
        assertThat(p.getAssignedClientIdentifier()).startsWith("fluxmq-");
        assertThat(p.getMaximumPacketSize()).isEqualTo(1L << 20);
        assertThat(p.getTopicAliasMaximum()).isEqualTo(64);
        assertThat(p.getReceiveMaximum()).isEqualTo(1024);
        assertThat(p.isSharedSubscriptionAvailable()).isTrue();
        assertThat(p.isSubscriptionIdentifiersAvailable()).isTrue();
    }

    @Test
    void publishesAndReceivesAtQos0And1And2() throws Exception {
        Client sub = new Client("v5-sub");
        sub.connect();
        sub.subscribe("v5/#", 2);
        Client pub = new Client("v5-pub");
        pub.connect();
        for (int qos = 0; qos <= 2; qos++) {
            pub.publish("v5/" + qos, "m" + qos, qos, false, new MqttProperties());
        }
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Received r = sub.next();
            got.add(r.topic() + " " + r.text() + " qos" + r.message().getQos());
        }
        assertThat(got).containsExactlyInAnyOrder("v5/0 m0 qos0", "v5/1 m1 qos1", "v5/2 m2 qos2");
        assertThat(sub.nothingMore()).isTrue();
    }

    @Test
    void userPropertiesContentTypeAndExpiryPassThroughAndSubscriptionIdentifiersAreSent() throws Exception {
        Client sub = new Client("v5-props");
        sub.connect();
        MqttProperties subProps = new MqttProperties();
        subProps.setSubscriptionIdentifier(77);
        sub.mqtt.subscribe(new MqttSubscription[] {new MqttSubscription("props/#", 1)}, null, null, subProps)
                .waitForCompletion(WAIT);
        Client pub = new Client("v5-ppub");
        pub.connect();
        MqttProperties props = new MqttProperties();
        props.setContentType("application/json");
        props.setMessageExpiryInterval(300L);
        props.setResponseTopic("replies/1");
        props.setCorrelationData(new byte[] {9, 8});
        props.setUserProperties(List.of(new UserProperty("k", "v1"), new UserProperty("k", "v2"),
                new UserProperty("a", "b")));
        pub.publish("props/x", "{}", 1, false, props);
        Received r = sub.next();
        MqttProperties p = r.message().getProperties();
        assertThat(p.getContentType()).isEqualTo("application/json");
        assertThat(p.getMessageExpiryInterval()).isBetween(299L, 300L);
        assertThat(p.getResponseTopic()).isEqualTo("replies/1");
        assertThat(p.getCorrelationData()).containsExactly(9, 8);
        assertThat(p.getUserProperties()).extracting(u -> u.getKey() + "=" + u.getValue())
                .containsExactly("k=v1", "k=v2", "a=b");
        assertThat(p.getSubscriptionIdentifiers()).containsExactly(77);
    }

    /**
     * The publisher's aliases are resolved by the broker. The subscriber allows none: Paho 1.2.5
     * cannot resolve aliases it receives (eclipse-paho/paho.mqtt.java#866), so outbound aliases are
     * covered by PublishConformanceTest with the raw client instead.
     */
    @Test
    void topicAliasesFromThePublisherAreResolved() throws Exception {
        Client sub = new Client("v5-alias");
        sub.connect();
        sub.subscribe("alias/#", 0);
        Client pub = new Client("v5-apub");
        pub.connect();
        for (int i = 0; i < 3; i++) {
            MqttProperties props = new MqttProperties();
            props.setTopicAlias(1);
            // the first PUBLISH sets alias 1, the next ones send an empty topic
            pub.publish("alias/topic", "a" + i, 0, false, props);
        }
        for (int i = 0; i < 3; i++) {
            Received r = sub.next();
            assertThat(r.topic()).isEqualTo("alias/topic");
            assertThat(r.text()).isEqualTo("a" + i);
        }
    }

    @Test
    void aMessageLargerThanTheClientsMaximumPacketSizeIsNotSentToIt() throws Exception {
        Client sub = new Client("v5-small");
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setMaximumPacketSize(256L);
        sub.connect(o);
        sub.subscribe("size/#", 1);
        Client pub = new Client("v5-spub");
        pub.connect();
        pub.publish("size/big", "x".repeat(1000), 1, false, new MqttProperties());
        pub.publish("size/small", "ok", 1, false, new MqttProperties());
        assertThat(sub.next().topic()).isEqualTo("size/small");
        assertThat(sub.nothingMore()).isTrue();
    }

    @Test
    void sharedSubscriptionMembersShareTheMessages() throws Exception {
        Client a = new Client("v5-ga");
        a.connect();
        a.subscribe("$share/workers/tasks", 1);
        Client b = new Client("v5-gb");
        b.connect();
        b.subscribe("$share/workers/tasks", 1);
        Client pub = new Client("v5-gpub");
        pub.connect();
        for (int i = 0; i < 10; i++) {
            pub.publish("tasks", "t" + i, 1, false, new MqttProperties());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> a.messages.size() + b.messages.size() == 10);
        Thread.sleep(300);
        assertThat(a.messages.size() + b.messages.size()).as("each message to one member only").isEqualTo(10);
        assertThat(a.messages).isNotEmpty();
        assertThat(b.messages).isNotEmpty();
    }

    @Test
    void aPersistentSessionResumesWithItsOfflineMessagesAndDropsExpiredOnes() throws Exception {
        Client sub = new Client("v5-durable");
        assertThat(sub.connect(persistent(300)).getSessionPresent()).isFalse();
        sub.subscribe("later/#", 2);
        sub.mqtt.disconnect().waitForCompletion(WAIT);

        Client pub = new Client("v5-lpub");
        pub.connect();
        MqttProperties shortLived = new MqttProperties();
        shortLived.setMessageExpiryInterval(1L);
        pub.publish("later/expiring", "too late", 1, false, shortLived);
        pub.publish("later/a", "one", 1, false, new MqttProperties());
        pub.publish("later/b", "two", 2, false, new MqttProperties());
        Thread.sleep(2_100); // the first one expires meanwhile

        Client again = new Client("v5-durable");
        assertThat(again.connect(persistent(300)).getSessionPresent()).isTrue();
        Received first = again.next();
        Received second = again.next();
        assertThat(List.of(first.text(), second.text())).containsExactly("one", "two");
        assertThat(second.message().getQos()).isEqualTo(2);
        assertThat(again.nothingMore()).isTrue();
    }

    @Test
    void aTakenOverClientIsToldWhy() throws Exception {
        Client first = new Client("v5-same");
        first.connect();
        Client second = new Client("v5-same");
        second.connect();
        await().atMost(Duration.ofSeconds(5)).until(() -> first.disconnected.get() != null);
        assertThat(first.disconnected.get().getReturnCode()).isEqualTo(0x8E);
        assertThat(second.mqtt.isConnected()).isTrue();
    }

    @Test
    void disconnectWithWillMessagePublishesTheWillAndNormalDisconnectDoesNot() throws Exception {
        Client watcher = new Client("v5-watch");
        watcher.connect();
        watcher.subscribe("will/#", 1);
        for (int reason : new int[] {0x00, 0x04}) {
            Client c = new Client("v5-will-" + reason);
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setWill("will/" + reason, new MqttMessage(("bye" + reason).getBytes(StandardCharsets.UTF_8), 1, false,
                    new MqttProperties()));
            c.connect(o);
            c.mqtt.disconnect(WAIT, null, null, reason, new MqttProperties()).waitForCompletion(WAIT);
        }
        Received will = watcher.next();
        assertThat(will.topic()).isEqualTo("will/4");
        assertThat(watcher.nothingMore()).isTrue();
    }

    @Test
    void theWillDelayWaitsAndAReconnectCancelsIt() throws Exception {
        Client watcher = new Client("v5-dwatch");
        watcher.connect();
        watcher.subscribe("dwill/#", 1);
        Client c = new Client("v5-delayed");
        MqttConnectionOptions o = persistent(60);
        MqttProperties willProps = new MqttProperties();
        willProps.setWillDelayInterval(1L);
        o.setWillMessageProperties(willProps);
        o.setWill("dwill/x", new MqttMessage("late".getBytes(StandardCharsets.UTF_8), 1, false, new MqttProperties()));
        c.connect(o);
        c.mqtt.disconnect(WAIT, null, null, 0x04, new MqttProperties()).waitForCompletion(WAIT);
        assertThat(watcher.messages.poll(500, TimeUnit.MILLISECONDS)).as("not before the delay").isNull();
        assertThat(watcher.next().text()).isEqualTo("late");
    }
}
