package io.fluxmq.mqtt.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fluxmq.api.storage.WillMessage;
import io.fluxmq.api.topic.TopicName;
import io.fluxmq.mqtt.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server ends MQTT 5 connections (section 4.13): when a listener takes the protocol away
 * because the broker is going away (a bundle update), clients get DISCONNECT 0x8B and their wills
 * stay in the store for the next instance; when only the listener stops, clients get 0x8B too and
 * their wills are published, as after any connection the server closed.
 */
@Timeout(60)
class ServerShutdownTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void theBrokerGoingAwayTellsClients0x8BAndKeepsTheirWillsForTheNextInstance() throws Exception {
        try (RunningBroker running = new RunningBroker(TestBroker.settings())) {
            AtomicReference<MqttDisconnectResponse> disconnected = new AtomicReference<>();
            MqttAsyncClient client = connectWithWill(running, "leaving-update", "shutdown/update", disconnected);
            try {
                running.listener().closeProtocol(running.broker.broker);
                await().atMost(WAIT).until(() -> disconnected.get() != null);
                assertThat(disconnected.get().getReturnCode()).isEqualTo(0x8B);
                assertThat(running.broker.broker.isStopping()).isTrue();
                List<WillMessage> wills = running.broker.store.loadWills().toCompletableFuture().get();
                assertThat(wills).extracting(WillMessage::clientId).containsExactly("leaving-update");
                assertThat(running.broker.retained.get(TopicName.of("shutdown/update"))).isEmpty();
            } finally {
                client.close(true);
            }
        }
    }

    @Test
    void aStoppingListenerTellsClients0x8BAndTheirWillsArePublished() throws Exception {
        try (RunningBroker running = new RunningBroker(TestBroker.settings())) {
            AtomicReference<MqttDisconnectResponse> disconnected = new AtomicReference<>();
            MqttAsyncClient client = connectWithWill(running, "leaving-listener", "shutdown/listener", disconnected);
            try {
                running.listener().close();
                await().atMost(WAIT).until(() -> disconnected.get() != null);
                assertThat(disconnected.get().getReturnCode()).isEqualTo(0x8B);
                assertThat(running.broker.broker.isStopping()).as("the broker serves other listeners").isFalse();
                await().atMost(WAIT).until(() -> running.broker.retained.get(TopicName.of("shutdown/listener"))
                        .isPresent());
            } finally {
                client.close(true);
            }
        }
    }

    /** An MQTT 5 client with a retained will, whose disconnection the reference receives. */
    private static MqttAsyncClient connectWithWill(RunningBroker running, String id, String willTopic,
            AtomicReference<MqttDisconnectResponse> disconnected) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(running.uri(), id, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                disconnected.set(response);
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
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
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setConnectionTimeout(5);
        MqttMessage will = new MqttMessage("gone".getBytes(StandardCharsets.UTF_8));
        will.setQos(1);
        will.setRetained(true);
        options.setWill(willTopic, will);
        client.connect(options).waitForCompletion(WAIT.toMillis());
        return client;
    }
}
