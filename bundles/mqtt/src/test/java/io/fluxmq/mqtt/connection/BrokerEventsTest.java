package io.fluxmq.mqtt.connection;

import static io.fluxmq.mqtt.codec.packet.MqttVersion.MQTT_3_1_1;
import static io.fluxmq.mqtt.codec.packet.MqttVersion.MQTT_5;
import static io.fluxmq.mqtt.connection.PublishConformanceTest.publish;
import static io.fluxmq.mqtt.connection.PublishConformanceTest.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.event.BrokerEvent;
import io.fluxmq.api.event.BrokerEvents;
import io.fluxmq.api.message.QoS;
import io.fluxmq.mqtt.TestBroker;
import io.fluxmq.mqtt.codec.packet.ConnAckPacket;
import io.fluxmq.mqtt.codec.packet.ConnectPacket;
import io.fluxmq.mqtt.codec.packet.DisconnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.UnsubAckPacket;
import io.fluxmq.mqtt.codec.packet.UnsubscribePacket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ClientConnected, ClientDisconnected, Subscribed, Unsubscribed and MessageDropped through BrokerEvents. */
class BrokerEventsTest {
    private final TestBroker broker = new TestBroker(TestBroker.settings());
    private final List<BrokerEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() {
        broker.events.set(new BrokerEvents() {
            @Override
            public void publish(BrokerEvent event) {
                events.add(event);
            }

            @Override
            public long droppedCount() {
                return 0;
            }
        });
    }

    @AfterEach
    void stop() {
        TestClient.closeAll();
        broker.close();
    }

    private <T extends BrokerEvent> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void aClientsLifeIsPublished() {
        TestClient c = new TestClient(broker.broker, MQTT_5);
        c.send(new ConnectPacket(MQTT_5, "life", true, 60, "user", null, null, MqttProperties.EMPTY));
        c.next(ConnAckPacket.class);
        assertThat(of(BrokerEvent.ClientConnected.class)).singleElement().satisfies(e -> {
            assertThat(e.clientId()).isEqualTo("life");
            assertThat(e.protocol()).isEqualTo("mqtt");
            assertThat(e.username()).isEqualTo("user");
            assertThat(e.remoteAddress()).contains("127.0.0.1");
            assertThat(e.timestampMillis()).isPositive();
        });
        subscribe(c, "a/#", QoS.AT_LEAST_ONCE);
        assertThat(of(BrokerEvent.Subscribed.class)).containsExactly(new BrokerEvent.Subscribed(
                of(BrokerEvent.Subscribed.class).get(0).timestampMillis(), "life", "a/#"));
        c.send(new UnsubscribePacket(3, List.of("a/#", "never/subscribed"), MqttProperties.EMPTY));
        c.next(UnsubAckPacket.class);
        assertThat(of(BrokerEvent.Unsubscribed.class)).singleElement()
                .satisfies(e -> assertThat(e.filter()).isEqualTo("a/#"));
        c.send(DisconnectPacket.NORMAL);
        assertThat(of(BrokerEvent.ClientDisconnected.class)).singleElement().satisfies(e -> {
            assertThat(e.clientId()).isEqualTo("life");
            assertThat(e.reason()).contains("DISCONNECT");
        });
    }

    @Test
    void aBrokerInitiatedCloseCarriesItsReason() {
        TestClient c = new TestClient(broker.broker, MQTT_3_1_1);
        c.send(new ConnectPacket(MQTT_3_1_1, "ka", true, 10, null, null, null, MqttProperties.EMPTY));
        c.next(ConnAckPacket.class);
        c.advance(15_100);
        assertThat(c.isOpen()).isFalse();
        assertThat(of(BrokerEvent.ClientDisconnected.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("KEEP_ALIVE_TIMEOUT"));
    }

    @Test
    void aLostConnectionIsReportedAsSuch() {
        TestClient c = new TestClient(broker.broker, MQTT_5);
        c.connect("lost");
        c.server.close();
        assertThat(of(BrokerEvent.ClientDisconnected.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("connection lost"));
    }

    @Test
    void droppedMessagesArePublishedWithTheirReason() {
        TestClient sub = new TestClient(broker.broker, MQTT_5);
        sub.connect("slow");
        subscribe(sub, "d", QoS.AT_MOST_ONCE);
        sub.server.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        sub.server.runPendingTasks();
        TestClient pub = new TestClient(broker.broker, MQTT_5);
        pub.connect("pub");
        pub.send(publish("d", QoS.AT_MOST_ONCE, 0, "x", MqttProperties.EMPTY));
        sub.received();
        assertThat(of(BrokerEvent.MessageDropped.class)).singleElement().satisfies(e -> {
            assertThat(e.clientId()).isEqualTo("slow");
            assertThat(e.topic()).isEqualTo("d");
            assertThat(e.reason()).isEqualTo("slow client");
        });
    }

    @Test
    void aFailingEventsServiceDoesNotBreakTheBroker() {
        broker.events.set(new BrokerEvents() {
            @Override
            public void publish(BrokerEvent event) {
                throw new IllegalStateException("broken");
            }

            @Override
            public long droppedCount() {
                return 0;
            }
        });
        TestClient c = new TestClient(broker.broker, MQTT_5);
        c.connect("robust");
        subscribe(c, "r", QoS.AT_MOST_ONCE);
        assertThat(c.isOpen()).isTrue();
    }
}
