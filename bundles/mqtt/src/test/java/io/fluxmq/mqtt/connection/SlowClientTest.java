package io.fluxmq.mqtt.connection;

import static io.fluxmq.mqtt.codec.packet.MqttVersion.MQTT_3_1_1;
import static io.fluxmq.mqtt.codec.packet.MqttVersion.MQTT_5;
import static io.fluxmq.mqtt.connection.PublishConformanceTest.publish;
import static io.fluxmq.mqtt.connection.PublishConformanceTest.subscribe;
import static io.fluxmq.mqtt.connection.PublishConformanceTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.QoS;
import io.fluxmq.mqtt.TestBroker;
import io.fluxmq.mqtt.codec.packet.MqttPacket;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.PubAckPacket;
import io.fluxmq.mqtt.codec.packet.PublishPacket;
import io.fluxmq.mqtt.sys.MqttStatistic;
import io.fluxmq.mqtt.sys.SysTopicPublisher;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Slow consumers (section 4.3.1 lets QoS 0 messages be lost; 4.9 flow control): the channel's
 * writability, simulated here through the outbound buffer's user-defined writability bit, decides
 * whether a delivery is written, dropped (QoS 0) or held in the session's queue (QoS 1 and 2).
 */
class SlowClientTest {
    private final TestBroker broker = new TestBroker(TestBroker.settings());

    @AfterEach
    void stop() {
        TestClient.closeAll();
        broker.close();
    }

    private static void writable(TestClient c, boolean writable) {
        c.server.unsafe().outboundBuffer().setUserDefinedWritability(1, writable);
        c.server.runPendingTasks(); // channelWritabilityChanged is fired later on the loop
    }

    private long stat(MqttStatistic s) {
        return new SysTopicPublisher(broker.broker).value(s);
    }

    @Test
    void qos0ToAnUnwritableClientIsDroppedAndCountedQos1WaitsAndResumes_section_4_3_1() {
        TestClient sub = new TestClient(broker.broker, MQTT_5);
        sub.connect("slow");
        subscribe(sub, "q0", QoS.AT_MOST_ONCE);
        subscribe(sub, "q1", QoS.AT_LEAST_ONCE);
        TestClient pub = new TestClient(broker.broker, MQTT_5);
        pub.connect("fast");
        writable(sub, false);
        assertThat(sub.server.config().isAutoRead()).isFalse(); // its own input pauses too
        for (int i = 1; i <= 3; i++) {
            pub.send(publish("q0", QoS.AT_MOST_ONCE, 0, "zero" + i, MqttProperties.EMPTY));
            pub.send(publish("q1", QoS.AT_LEAST_ONCE, i, "one" + i, MqttProperties.EMPTY));
        }
        pub.received().forEach(io.netty.util.ReferenceCountUtil::release);
        assertThat(sub.nothingReceived()).isTrue();
        assertThat(stat(MqttStatistic.MESSAGES_DROPPED_SLOW_CLIENTS)).isEqualTo(3);
        assertThat(stat(MqttStatistic.MESSAGES_DROPPED)).isEqualTo(3);

        writable(sub, true);
        assertThat(sub.server.config().isAutoRead()).isTrue();
        List<MqttPacket> got = sub.received();
        assertThat(got).hasSize(3);
        for (int i = 0; i < 3; i++) {
            PublishPacket p = (PublishPacket) got.get(i);
            assertThat(p.qos()).isEqualTo(QoS.AT_LEAST_ONCE);
            assertThat(text(p)).isEqualTo("one" + (i + 1)); // in order (MQTT-4.6.0-6)
        }
        pub.send(publish("q0", QoS.AT_MOST_ONCE, 0, "after", MqttProperties.EMPTY));
        assertThat(text(sub.next(PublishPacket.class))).isEqualTo("after");
    }

    @Test
    void becomingUnwritableMidWindowHoldsTheRestUntilWritable() {
        TestClient sub = new TestClient(broker.broker, MQTT_3_1_1);
        sub.connect("mid");
        subscribe(sub, "w", QoS.AT_LEAST_ONCE);
        TestClient pub = new TestClient(broker.broker, MQTT_3_1_1);
        pub.connect("midp");
        pub.send(publish("w", QoS.AT_LEAST_ONCE, 1, "a", MqttProperties.EMPTY));
        PublishPacket first = sub.next(PublishPacket.class);
        writable(sub, false);
        pub.send(publish("w", QoS.AT_LEAST_ONCE, 2, "b", MqttProperties.EMPTY));
        assertThat(sub.nothingReceived()).isTrue();
        // an ack frees the window but the channel is still not writable: nothing is written yet
        sub.send(new PubAckPacket(first.packetId()));
        first.release();
        assertThat(sub.nothingReceived()).isTrue();
        writable(sub, true);
        assertThat(text(sub.next(PublishPacket.class))).isEqualTo("b");
    }

    @Test
    void theWriteBufferWaterMarkIsSetFromTheSettings() {
        TestClient c = new TestClient(broker.broker, MQTT_5);
        assertThat(c.server.config().getWriteBufferHighWaterMark()).isEqualTo(128 * 1024);
        assertThat(c.server.config().getWriteBufferLowWaterMark()).isEqualTo(64 * 1024);
    }
}
