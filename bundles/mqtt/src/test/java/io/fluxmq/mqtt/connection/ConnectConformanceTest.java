package io.fluxmq.mqtt.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.QoS;
import io.fluxmq.api.security.AuthenticationResult;
import io.fluxmq.api.security.ClientPrincipal;
import io.fluxmq.mqtt.TestBroker;
import io.fluxmq.mqtt.broker.BrokerSettings;
import io.fluxmq.mqtt.codec.packet.ConnAckPacket;
import io.fluxmq.mqtt.codec.packet.ConnectPacket;
import io.fluxmq.mqtt.codec.packet.DisconnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.PingReqPacket;
import io.fluxmq.mqtt.codec.packet.PingRespPacket;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import io.fluxmq.mqtt.codec.packet.Will;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.fluxmq.mqtt.codec.packet.MqttVersion.MQTT_3_1_1;
import static io.fluxmq.mqtt.codec.packet.MqttVersion.MQTT_5;

/** Section 3.1 and 3.2 (CONNECT, CONNACK), 3.12 (PINGREQ), 3.14 (DISCONNECT), 4.13 (errors). */
class ConnectConformanceTest {
    private TestBroker broker;

    private TestClient client(BrokerSettings settings, io.fluxmq.mqtt.codec.packet.MqttVersion v) {
        if (broker == null) {
            broker = new TestBroker(settings);
        }
        return new TestClient(broker.broker, v);
    }

    @AfterEach
    void stop() {
        TestClient.closeAll();
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void mqtt5ConnAckCarriesTheServerLimits_MQTT_3_2_2_section_3_2_2_3() {
        TestClient c = client(TestBroker.settings().withMaximumQos(QoS.AT_LEAST_ONCE), MQTT_5);
        ConnAckPacket ack = c.connect("limits");
        MqttProperties p = ack.properties();
        assertThat(ack.sessionPresent()).isFalse();
        assertThat(p.maximumQos()).isEqualTo(QoS.AT_LEAST_ONCE);
        assertThat(p.retainAvailable()).isTrue();
        assertThat(p.maximumPacketSize()).isEqualTo(1L << 20);
        assertThat(p.topicAliasMaximum()).isEqualTo(64);
        assertThat(p.wildcardSubscriptionAvailable()).isTrue();
        assertThat(p.subscriptionIdentifierAvailable()).isTrue();
        assertThat(p.sharedSubscriptionAvailable()).isTrue();
        assertThat(p.receiveMaximum()).isEqualTo(1024);
        assertThat(p.assignedClientIdentifier()).isNull();
    }

    @Test
    void emptyClientIdentifierGetsAnAssignedOne_MQTT_3_1_3_6_and_MQTT_3_2_2_16() {
        TestClient c = client(TestBroker.settings(), MQTT_5);
        ConnAckPacket ack = c.connect("");
        assertThat(ack.properties().assignedClientIdentifier()).startsWith("fluxmq-");
        assertThat(broker.broker.sessions().get(ack.properties().assignedClientIdentifier())).isNotNull();
    }

    @Test
    void mqtt311EmptyClientIdentifierWithCleanSession0IsRejected_MQTT_3_1_3_8() {
        TestClient c = client(TestBroker.settings(), MQTT_3_1_1);
        c.send(TestClient.connect(MQTT_3_1_1, "", false, MqttProperties.EMPTY));
        ConnAckPacket ack = c.next(ConnAckPacket.class);
        assertThat(ack.reasonCode()).isEqualTo(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID); // return code 2
        assertThat(c.isOpen()).isFalse();
    }

    @Test
    void mqtt311EmptyClientIdentifierWithCleanSession1IsAccepted_MQTT_3_1_3_7() {
        TestClient c = client(TestBroker.settings(), MQTT_3_1_1);
        c.send(TestClient.connect(MQTT_3_1_1, "", true, MqttProperties.EMPTY));
        assertThat(c.next(ConnAckPacket.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
    }

    @Test
    void keepAliveIsEnforcedAtOneAndAHalfTimes_MQTT_3_1_2_22() {
        TestClient c = client(TestBroker.settings(), MQTT_5);
        c.send(new ConnectPacket(MQTT_5, "ka", true, 10, null, null, null, MqttProperties.EMPTY));
        c.next(ConnAckPacket.class);
        c.advance(14_000);
        assertThat(c.isOpen()).isTrue();
        c.send(PingReqPacket.INSTANCE); // resets the timer
        c.next(PingRespPacket.class);
        c.advance(14_000);
        assertThat(c.isOpen()).isTrue();
        c.advance(1_100);
        assertThat(c.next(DisconnectPacket.class).reasonCode()).isEqualTo(ReasonCode.KEEP_ALIVE_TIMEOUT);
        assertThat(c.isOpen()).isFalse();
    }

    @Test
    void serverKeepAliveReplacesTheClientsAndIsAnnounced_MQTT_3_1_2_21() {
        TestClient c = client(TestBroker.settings().withServerKeepAlive(4), MQTT_5);
        c.send(new ConnectPacket(MQTT_5, "ska", true, 600, null, null, null, MqttProperties.EMPTY));
        assertThat(c.next(ConnAckPacket.class).properties().serverKeepAlive()).isEqualTo(4);
        c.advance(6_100);
        assertThat(c.next(DisconnectPacket.class).reasonCode()).isEqualTo(ReasonCode.KEEP_ALIVE_TIMEOUT);
    }

    @Test
    void pingReqIsAnsweredWithPingResp_MQTT_3_12_4_1() {
        TestClient c = client(TestBroker.settings(), MQTT_3_1_1);
        c.connect("ping");
        c.send(PingReqPacket.INSTANCE);
        c.next(PingRespPacket.class);
    }

    @Test
    void aSecondConnectionWithTheSameClientIdTakesTheSessionOver_MQTT_3_1_4_3() {
        TestClient first = client(TestBroker.settings(), MQTT_5);
        first.connect("same");
        TestClient second = client(TestBroker.settings(), MQTT_5);
        second.send(TestClient.connect(MQTT_5, "same", false, MqttProperties.builder().sessionExpiryInterval(60L).build()));
        assertThat(first.next(DisconnectPacket.class).reasonCode()).isEqualTo(ReasonCode.SESSION_TAKEN_OVER);
        assertThat(first.isOpen()).isFalse();
        assertThat(second.next(ConnAckPacket.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        assertThat(second.isOpen()).isTrue();
    }

    @Test
    void aSecondConnectIsAProtocolError_MQTT_3_1_0_2() {
        TestClient c = client(TestBroker.settings(), MQTT_5);
        c.connect("twice");
        c.send(TestClient.connect(MQTT_5, "twice", true, MqttProperties.EMPTY));
        assertThat(c.next(DisconnectPacket.class).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
        assertThat(c.isOpen()).isFalse();
    }

    @Test
    void aFirstPacketOtherThanConnectClosesTheConnection_MQTT_3_1_0_1() {
        TestClient c = client(TestBroker.settings(), MQTT_5);
        c.sendRaw(0xC0, 0x00); // PINGREQ
        assertThat(c.isOpen()).isFalse();
        assertThat(c.nothingReceived()).isTrue();
    }

    @Test
    void anUnsupportedProtocolLevelGetsReturnCode1_MQTT_3_1_2_2() {
        TestClient c = client(TestBroker.settings(), MQTT_3_1_1);
        // CONNECT, protocol name MQTT, level 3, clean session, keep alive 60, client id "x"
        c.sendRaw(0x10, 13, 0, 4, 'M', 'Q', 'T', 'T', 3, 0x02, 0, 60, 0, 1, 'x');
        assertThat(c.next(ConnAckPacket.class).reasonCode()).isEqualTo(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION);
        assertThat(c.isOpen()).isFalse();
    }

    @Test
    void aPacketAboveTheMaximumPacketSizeGetsDisconnect0x95_MQTT_3_2_2_15_section_4_13() {
        TestClient c = client(TestBroker.settings(), MQTT_5);
        c.connect("big");
        // PUBLISH QoS 0 announcing 2 MiB: refused as soon as the length is read
        c.sendRaw(0x30, 0x80, 0x80, 0x80, 0x01);
        assertThat(c.next(DisconnectPacket.class).reasonCode()).isEqualTo(ReasonCode.PACKET_TOO_LARGE);
        assertThat(c.isOpen()).isFalse();
    }

    @Test
    void aSocketThatNeverSendsConnectIsClosed() {
        TestClient c = client(TestBroker.settings(), MQTT_5);
        c.advance(9_000);
        assertThat(c.isOpen()).isTrue();
        c.advance(1_100);
        assertThat(c.isOpen()).isFalse();
    }

    @Test
    void anonymousClientsAreRefusedWhenNotAllowed() {
        TestClient c = client(TestBroker.settings().withAllowAnonymous(false), MQTT_5);
        c.send(TestClient.connect(MQTT_5, "anon", true, MqttProperties.EMPTY));
        assertThat(c.next(ConnAckPacket.class).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
        assertThat(c.isOpen()).isFalse();
    }

    @Test
    void theAuthenticatorDecides() {
        TestClient c = client(TestBroker.settings().withAllowAnonymous(false), MQTT_3_1_1);
        broker.authenticator.set(cred -> CompletableFuture.completedFuture("secret".equals(new String(cred.password()))
                ? AuthenticationResult.success(new ClientPrincipal(cred.username(), cred.clientId(), "mqtt", Set.of()))
                : AuthenticationResult.failure(AuthenticationResult.Outcome.BAD_CREDENTIALS, "wrong")));
        c.send(new ConnectPacket(MQTT_3_1_1, "a", true, 60, "user", "wrong".getBytes(), null, MqttProperties.EMPTY));
        assertThat(c.next(ConnAckPacket.class).reasonCode()).isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
        TestClient d = client(null, MQTT_3_1_1);
        d.send(new ConnectPacket(MQTT_3_1_1, "a", true, 60, "user", "secret".getBytes(), null, MqttProperties.EMPTY));
        assertThat(d.next(ConnAckPacket.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
    }

    @Test
    void anUnsupportedAuthenticationMethodIsRefused_section_4_12() {
        TestClient c = client(TestBroker.settings(), MQTT_5);
        c.send(TestClient.connect(MQTT_5, "sasl", true, MqttProperties.builder().authenticationMethod("SCRAM-SHA-1").build()));
        assertThat(c.next(ConnAckPacket.class).reasonCode()).isEqualTo(ReasonCode.BAD_AUTHENTICATION_METHOD);
    }

    @Test
    void aWillQosAboveTheMaximumIsRefused_MQTT_3_2_2_12() {
        TestClient c = client(TestBroker.settings().withMaximumQos(QoS.AT_LEAST_ONCE), MQTT_5);
        Will will = new Will("w", QoS.EXACTLY_ONCE, false, new byte[] {1}, MqttProperties.EMPTY);
        c.send(new ConnectPacket(MQTT_5, "w", true, 60, null, null, will, MqttProperties.EMPTY));
        assertThat(c.next(ConnAckPacket.class).reasonCode()).isEqualTo(ReasonCode.QOS_NOT_SUPPORTED);
    }

    @Test
    void theServerClosesAfterTheClientsDisconnect_MQTT_3_14_4_1() {
        TestClient c = client(TestBroker.settings(), MQTT_5);
        c.connect("bye");
        c.send(DisconnectPacket.NORMAL);
        assertThat(c.isOpen()).isFalse();
        assertThat(broker.broker.sessions().get("bye")).isNull(); // session expiry 0 ends it
    }

    @Test
    void aSessionExpiryInDisconnectWithoutOneInConnectIsAProtocolError_MQTT_3_14_2_2() {
        TestClient c = client(TestBroker.settings(), MQTT_5);
        c.connect("exp");
        c.send(new DisconnectPacket(ReasonCode.NORMAL_DISCONNECTION, MqttProperties.builder().sessionExpiryInterval(30L).build()));
        assertThat(c.next(DisconnectPacket.class).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
    }
}
