package io.fluxmq.mqtt.connection;

import static io.fluxmq.mqtt.codec.packet.MqttVersion.MQTT_3_1_1;
import static io.fluxmq.mqtt.codec.packet.MqttVersion.MQTT_5;
import static io.fluxmq.mqtt.connection.PublishConformanceTest.publish;
import static io.fluxmq.mqtt.connection.PublishConformanceTest.subscribe;
import static io.fluxmq.mqtt.connection.PublishConformanceTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.QoS;
import io.fluxmq.api.security.AuthenticationResult;
import io.fluxmq.api.security.Authorizer;
import io.fluxmq.api.security.ClientPrincipal;
import io.fluxmq.mqtt.TestBroker;
import io.fluxmq.mqtt.codec.packet.ConnAckPacket;
import io.fluxmq.mqtt.codec.packet.ConnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.fluxmq.mqtt.codec.packet.PubAckPacket;
import io.fluxmq.mqtt.codec.packet.PubCompPacket;
import io.fluxmq.mqtt.codec.packet.PubRecPacket;
import io.fluxmq.mqtt.codec.packet.PubRelPacket;
import io.fluxmq.mqtt.codec.packet.PublishPacket;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import io.fluxmq.mqtt.codec.packet.SubAckPacket;
import io.fluxmq.mqtt.codec.packet.SubscribePacket;
import io.fluxmq.mqtt.codec.packet.Subscription;
import io.fluxmq.mqtt.codec.packet.SubscriptionOptions;
import io.fluxmq.mqtt.codec.packet.Will;
import io.fluxmq.mqtt.sys.MqttStatistic;
import io.fluxmq.mqtt.sys.SysTopicPublisher;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Authorization of PUBLISH, SUBSCRIBE and wills by {@link Authorizer} services: MQTT 5 reason
 * code 0x87 (sections 3.4.2.1, 3.5.2.1, 3.9.3, 3.2.2.2), MQTT 3.1.1 0x80 in SUBACK and for PUBLISH
 * the positive acknowledgement that MQTT-3.3.5-2 allows.
 */
class AuthorizationConformanceTest {
    private final TestBroker broker = new TestBroker(TestBroker.settings());
    private final List<ClientPrincipal> asked = new CopyOnWriteArrayList<>();

    /** Nothing under secret/ for anyone. */
    private final Authorizer noSecrets = (principal, action, resource) -> {
        asked.add(principal);
        return !resource.startsWith("secret/") && !resource.startsWith("$share/g/secret/");
    };

    @BeforeEach
    void authorize() {
        broker.authorizers.add(noSecrets);
    }

    @AfterEach
    void stop() {
        TestClient.closeAll();
        broker.close();
    }

    private TestClient connected(String id, MqttVersion v) {
        TestClient c = new TestClient(broker.broker, v);
        c.connect(id);
        return c;
    }

    private long stat(MqttStatistic s) {
        return new SysTopicPublisher(broker.broker).value(s);
    }

    @Test
    void aDeniedPublishGetsPubAckOrPubRec0x87AndIsNotRouted_section_3_4_2_1_and_3_5_2_1() {
        broker.authorizers.clear();
        broker.authorizers.add((principal, action, resource) -> action != Authorizer.Action.PUBLISH
                || !resource.startsWith("secret/"));
        TestClient sub = connected("a-sub", MQTT_5);
        subscribe(sub, "secret/#", QoS.EXACTLY_ONCE);
        TestClient pub = connected("a-pub", MQTT_5);
        pub.send(publish("secret/1", QoS.AT_LEAST_ONCE, 1, "x", MqttProperties.EMPTY));
        assertThat(pub.next(PubAckPacket.class).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
        pub.send(publish("secret/2", QoS.EXACTLY_ONCE, 2, "x", MqttProperties.EMPTY));
        assertThat(pub.next(PubRecPacket.class).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
        pub.send(publish("secret/3", QoS.AT_MOST_ONCE, 0, "x", MqttProperties.EMPTY));
        assertThat(pub.nothingReceived()).isTrue();
        assertThat(pub.isOpen()).isTrue();
        assertThat(sub.nothingReceived()).isTrue();
        assertThat(stat(MqttStatistic.AUTHORIZATION_DENIED)).isEqualTo(3);
        assertThat(stat(MqttStatistic.MESSAGES_DROPPED)).isEqualTo(1); // the QoS 0 one
        // the PUBREC with an error ended the exchange: the id is free for a new message
        pub.send(publish("open/2", QoS.EXACTLY_ONCE, 2, "y", MqttProperties.EMPTY));
        assertThat(pub.next(PubRecPacket.class).reasonCode()).isEqualTo(ReasonCode.NO_MATCHING_SUBSCRIBERS);
    }

    @Test
    void mqtt311DeniedPublishIsAcknowledgedButNotRouted_MQTT_3_3_5_2() {
        TestClient sub = connected("v3-sub", MQTT_3_1_1);
        subscribe(sub, "#", QoS.AT_LEAST_ONCE);
        TestClient pub = connected("v3-pub", MQTT_3_1_1);
        pub.send(publish("secret/1", QoS.AT_LEAST_ONCE, 1, "x", MqttProperties.EMPTY));
        assertThat(pub.next(PubAckPacket.class).packetId()).isEqualTo(1);
        pub.send(publish("secret/2", QoS.EXACTLY_ONCE, 2, "x", MqttProperties.EMPTY));
        assertThat(pub.next(PubRecPacket.class).packetId()).isEqualTo(2);
        pub.send(new PubRelPacket(2));
        assertThat(pub.next(PubCompPacket.class).packetId()).isEqualTo(2);
        assertThat(pub.isOpen()).isTrue();
        assertThat(sub.nothingReceived()).isTrue();
        pub.send(publish("open/1", QoS.AT_LEAST_ONCE, 3, "ok", MqttProperties.EMPTY));
        pub.next(PubAckPacket.class);
        assertThat(text(sub.next(PublishPacket.class))).isEqualTo("ok");
        assertThat(stat(MqttStatistic.AUTHORIZATION_DENIED)).isEqualTo(2);
    }

    @Test
    void aDeniedFilterGets0x87AloneInSubAck_MQTT_3_8_4_6_and_section_3_9_3() {
        TestClient c = connected("filters", MQTT_5);
        c.send(new SubscribePacket(1, List.of(new Subscription("secret/#", SubscriptionOptions.ofQos(QoS.AT_MOST_ONCE)),
                new Subscription("open/#", SubscriptionOptions.ofQos(QoS.AT_LEAST_ONCE)),
                new Subscription("$share/g/secret/x", SubscriptionOptions.ofQos(QoS.AT_MOST_ONCE))),
                MqttProperties.EMPTY));
        assertThat(c.next(SubAckPacket.class).reasonCodes()).containsExactly(ReasonCode.NOT_AUTHORIZED,
                ReasonCode.GRANTED_QOS_1, ReasonCode.NOT_AUTHORIZED);
        assertThat(broker.broker.sessions().get("filters").subscriptions()).hasSize(1);
        assertThat(stat(MqttStatistic.SUBSCRIPTIONS_REJECTED)).isEqualTo(2);
    }

    @Test
    void mqtt311DeniedFilterGetsReturnCode0x80_section_3_9_3() {
        TestClient c = connected("filters3", MQTT_3_1_1);
        c.send(new SubscribePacket(1, List.of(new Subscription("secret/#", SubscriptionOptions.ofQos(QoS.AT_MOST_ONCE))),
                MqttProperties.EMPTY));
        assertThat(c.next(SubAckPacket.class).reasonCodes()).containsExactly(ReasonCode.UNSPECIFIED_ERROR);
    }

    @Test
    void everyAuthorizerMustAllowAndTheyMayComeAndGo() {
        Authorizer denyAll = (principal, action, resource) -> false;
        broker.authorizers.add(denyAll);
        TestClient c = connected("dyn", MQTT_5);
        subscribe(c, "open/1", SubscriptionOptions.ofQos(QoS.AT_MOST_ONCE), MqttProperties.EMPTY,
                ReasonCode.NOT_AUTHORIZED);
        broker.authorizers.remove(denyAll);
        subscribe(c, "open/1", QoS.AT_MOST_ONCE);
        broker.authorizers.clear();
        subscribe(c, "secret/1", QoS.AT_MOST_ONCE); // none registered: everything is allowed
    }

    @Test
    void anAuthorizerThatThrowsDenies() {
        broker.authorizers.add((principal, action, resource) -> {
            throw new IllegalStateException("directory down");
        });
        TestClient c = connected("throws", MQTT_5);
        subscribe(c, "open/1", SubscriptionOptions.ofQos(QoS.AT_MOST_ONCE), MqttProperties.EMPTY,
                ReasonCode.NOT_AUTHORIZED);
        assertThat(c.isOpen()).isTrue();
    }

    @Test
    void theAuthorizerGetsThePrincipalTheAuthenticatorReturned() {
        broker.authenticator.set(cred -> CompletableFuture.completedFuture(AuthenticationResult.success(
                new ClientPrincipal("alice", cred.clientId(), "mqtt", Set.of("ops")))));
        TestClient c = new TestClient(broker.broker, MQTT_5);
        c.send(new ConnectPacket(MQTT_5, "who", true, 60, "alice", "pw".getBytes(), null, MqttProperties.EMPTY));
        c.next(ConnAckPacket.class);
        subscribe(c, "open/who", QoS.AT_MOST_ONCE);
        assertThat(asked).isNotEmpty();
        ClientPrincipal p = asked.get(asked.size() - 1);
        assertThat(p.username()).isEqualTo("alice");
        assertThat(p.clientId()).isEqualTo("who");
        assertThat(p.roles()).containsExactly("ops");
    }

    @Test
    void aWillToADeniedTopicIsRefusedWithConnAck0x87_section_3_2_2_2() {
        TestClient c = new TestClient(broker.broker, MQTT_5);
        Will will = new Will("secret/will", QoS.AT_MOST_ONCE, false, new byte[] {1}, MqttProperties.EMPTY);
        c.send(new ConnectPacket(MQTT_5, "will", true, 60, null, null, will, MqttProperties.EMPTY));
        assertThat(c.next(ConnAckPacket.class).reasonCode()).isEqualTo(ReasonCode.NOT_AUTHORIZED);
        assertThat(c.isOpen()).isFalse();
        assertThat(broker.broker.sessions().get("will")).isNull();
    }
}
