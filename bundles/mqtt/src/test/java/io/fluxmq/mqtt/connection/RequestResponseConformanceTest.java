package io.fluxmq.mqtt.connection;

import static io.fluxmq.mqtt.codec.packet.MqttVersion.MQTT_5;
import static io.fluxmq.mqtt.connection.PublishConformanceTest.publish;
import static io.fluxmq.mqtt.connection.PublishConformanceTest.subscribe;
import static io.fluxmq.mqtt.connection.PublishConformanceTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.QoS;
import io.fluxmq.mqtt.TestBroker;
import io.fluxmq.mqtt.broker.BrokerSettings;
import io.fluxmq.mqtt.codec.packet.ConnAckPacket;
import io.fluxmq.mqtt.codec.packet.ConnectPacket;
import io.fluxmq.mqtt.codec.packet.DisconnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.PubAckPacket;
import io.fluxmq.mqtt.codec.packet.PubRecPacket;
import io.fluxmq.mqtt.codec.packet.PublishPacket;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import io.fluxmq.mqtt.codec.packet.Will;
import io.fluxmq.mqtt.sys.MqttStatistic;
import io.fluxmq.mqtt.sys.SysTopicPublisher;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Section 4.10 (request / response: Response Information) and 3.3.2.3.2 (Payload Format Indicator). */
class RequestResponseConformanceTest {
    /** 0xC3 starts a two-byte sequence; 0x28 cannot continue it. */
    private static final byte[] NOT_UTF8 = {(byte) 0xC3, 0x28};
    private static final MqttProperties UTF8 = MqttProperties.builder().payloadFormatIndicator(1).build();

    private TestBroker broker;

    @AfterEach
    void stop() {
        TestClient.closeAll();
        if (broker != null) {
            broker.close();
        }
    }

    private TestClient client(BrokerSettings settings) {
        if (broker == null) {
            broker = new TestBroker(settings);
        }
        return new TestClient(broker.broker, MQTT_5);
    }

    private ConnAckPacket connect(TestClient c, String id, MqttProperties props) {
        c.send(TestClient.connect(MQTT_5, id, true, props));
        ConnAckPacket ack = c.next(ConnAckPacket.class);
        assertThat(ack.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        return ack;
    }

    private static MqttProperties requestResponseInformation(boolean request) {
        return MqttProperties.builder().requestResponseInformation(request).build();
    }

    private static PublishPacket raw(String topic, QoS qos, int id, byte[] payload, MqttProperties props) {
        return new PublishPacket(topic, qos, false, false, id, props, Unpooled.wrappedBuffer(payload));
    }

    private long stat(MqttStatistic s) {
        return new SysTopicPublisher(broker.broker).value(s);
    }

    // ---- Response Information

    @Test
    void aClientThatAsksGetsAResponseTopicPrefixOfItsOwn_section_3_2_2_3_15() {
        TestClient c = client(TestBroker.settings());
        ConnAckPacket ack = connect(c, "requester", requestResponseInformation(true));
        assertThat(ack.properties().responseInformation()).isEqualTo("$response/requester");
    }

    @Test
    void noResponseInformationUnlessAskedFor_MQTT_3_1_2_28() {
        TestClient c = client(TestBroker.settings());
        assertThat(connect(c, "no-ask", requestResponseInformation(false)).properties().responseInformation()).isNull();
        TestClient d = client(null);
        assertThat(connect(d, "absent", MqttProperties.EMPTY).properties().responseInformation()).isNull();
    }

    @Test
    void noResponseInformationForAClientIdThatCannotBeATopicLevelOrWhenTurnedOff() {
        TestClient c = client(TestBroker.settings());
        assertThat(connect(c, "site/7", requestResponseInformation(true)).properties().responseInformation()).isNull();
        TestClient d = client(null);
        assertThat(connect(d, "a+b", requestResponseInformation(true)).properties().responseInformation()).isNull();
        TestClient.closeAll(); // embedded channels run no tasks: the broker's stop would wait for them
        broker.close();
        broker = null;
        TestClient e = client(TestBroker.settings().toBuilder().responseInformationPrefix("").build());
        assertThat(connect(e, "off", requestResponseInformation(true)).properties().responseInformation()).isNull();
    }

    @Test
    void aResponseOnTheResponseTopicReachesTheRequesterButNotWildcardSubscribers_MQTT_4_7_2_1() {
        TestClient requester = client(TestBroker.settings());
        String base = connect(requester, "req", requestResponseInformation(true)).properties().responseInformation();
        subscribe(requester, base + "/#", QoS.AT_LEAST_ONCE);
        TestClient snoop = client(null);
        connect(snoop, "snoop", MqttProperties.EMPTY);
        subscribe(snoop, "#", QoS.AT_LEAST_ONCE);
        TestClient responder = client(null);
        connect(responder, "resp", MqttProperties.EMPTY);
        responder.send(publish(base + "/1", QoS.AT_LEAST_ONCE, 1, "answer",
                MqttProperties.builder().correlationData(new byte[] {9}).build()));
        responder.next(PubAckPacket.class);
        PublishPacket got = requester.next(PublishPacket.class);
        assertThat(got.properties().correlationData()).containsExactly(9);
        assertThat(text(got)).isEqualTo("answer");
        assertThat(snoop.nothingReceived()).isTrue();
    }

    // ---- Payload Format Indicator

    @Test
    void aQos1PayloadMarkedUtf8ThatIsNotGetsPubAck0x99_section_3_3_2_3_2() {
        TestClient sub = client(TestBroker.settings());
        connect(sub, "pf-sub", MqttProperties.EMPTY);
        subscribe(sub, "pf/#", QoS.AT_LEAST_ONCE);
        TestClient pub = client(null);
        connect(pub, "pf-pub", MqttProperties.EMPTY);
        pub.send(raw("pf/1", QoS.AT_LEAST_ONCE, 1, NOT_UTF8, UTF8));
        assertThat(pub.next(PubAckPacket.class).reasonCode()).isEqualTo(ReasonCode.PAYLOAD_FORMAT_INVALID);
        pub.send(raw("pf/2", QoS.EXACTLY_ONCE, 2, NOT_UTF8, UTF8));
        assertThat(pub.next(PubRecPacket.class).reasonCode()).isEqualTo(ReasonCode.PAYLOAD_FORMAT_INVALID);
        assertThat(sub.nothingReceived()).isTrue();
        assertThat(pub.isOpen()).isTrue();
        assertThat(stat(MqttStatistic.MESSAGES_REJECTED)).isEqualTo(2);

        pub.send(raw("pf/3", QoS.AT_LEAST_ONCE, 3, "grüße".getBytes(java.nio.charset.StandardCharsets.UTF_8), UTF8));
        assertThat(pub.next(PubAckPacket.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        PublishPacket valid = sub.next(PublishPacket.class);
        assertThat(valid.properties().payloadFormatIndicator()).isEqualTo(1);
        assertThat(text(valid)).isEqualTo("grüße");
        pub.send(raw("pf/4", QoS.AT_LEAST_ONCE, 4, NOT_UTF8, MqttProperties.EMPTY)); // not marked: bytes
        assertThat(pub.next(PubAckPacket.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        sub.next(PublishPacket.class).release();
    }

    @Test
    void aQos0PayloadMarkedUtf8ThatIsNotGetsDisconnect0x99_section_4_13() {
        TestClient pub = client(TestBroker.settings());
        connect(pub, "pf0", MqttProperties.EMPTY);
        pub.send(raw("pf/0", QoS.AT_MOST_ONCE, 0, NOT_UTF8, UTF8));
        assertThat(pub.next(DisconnectPacket.class).reasonCode()).isEqualTo(ReasonCode.PAYLOAD_FORMAT_INVALID);
        assertThat(pub.isOpen()).isFalse();
        assertThat(stat(MqttStatistic.CONNECTIONS_CLOSED_PROTOCOL_ERROR)).isEqualTo(1);
    }

    @Test
    void theValidationCanBeTurnedOff() {
        TestClient sub = client(TestBroker.settings().toBuilder().validatePayloadFormat(false).build());
        connect(sub, "off-sub", MqttProperties.EMPTY);
        subscribe(sub, "pf", QoS.AT_MOST_ONCE);
        TestClient pub = client(null);
        connect(pub, "off-pub", MqttProperties.EMPTY);
        pub.send(raw("pf", QoS.AT_LEAST_ONCE, 1, NOT_UTF8, UTF8));
        assertThat(pub.next(PubAckPacket.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        sub.next(PublishPacket.class).release();
    }

    @Test
    void aWillPayloadMarkedUtf8ThatIsNotGetsConnAck0x99_section_3_1_3_2_3() {
        TestClient c = client(TestBroker.settings());
        Will will = new Will("w", QoS.AT_MOST_ONCE, false, NOT_UTF8, UTF8);
        c.send(new ConnectPacket(MQTT_5, "will-pf", true, 60, null, null, will, MqttProperties.EMPTY));
        assertThat(c.next(ConnAckPacket.class).reasonCode()).isEqualTo(ReasonCode.PAYLOAD_FORMAT_INVALID);
        assertThat(c.isOpen()).isFalse();
    }
}
