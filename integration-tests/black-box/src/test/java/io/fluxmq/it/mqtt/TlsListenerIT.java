package io.fluxmq.it.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxmq.it.MqttDistribution;
import io.fluxmq.it.mqtt.raw.Packets;
import io.fluxmq.it.mqtt.raw.RawClient;
import io.fluxmq.it.mqtt.raw.ReceivedPacket;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The TLS listeners of the distribution (issue 3, "Transports"): TLS 1.2 and 1.3, client
 * certificates issued by the configured CA, and a verified certificate's identity standing for
 * the username ({@code tls.certificate.as.username}): with anonymous access off and no
 * authenticator, a client with a certificate is let in and one without is refused.
 */
class TlsListenerIT {
    private static MqttDistribution broker;

    @BeforeAll
    static void start() {
        broker = MqttDistribution.named("mqtt-mtls").withClientCertificates()
                .mqtt("allow.anonymous", "B\"false\"")
                .mqtt("tls.certificate.as.username", "B\"true\"")
                .start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void tls12AndTls13AreBothServed() {
        for (String protocol : new String[] {"TLSv1.2", "TLSv1.3"}) {
            try (RawClient c = RawClient.openTls(broker.clientTlsWithCertificate(), broker.tlsPort(), protocol)) {
                assertThat(c.tlsProtocol()).isEqualTo(protocol);
                assertThat(c.connect(Packets.connect("tls-" + protocol)).reasonCode()).as(protocol).isZero();
            }
        }
    }

    @Test
    void plainMqttOnTheTlsPortGetsNoConnack() {
        try (RawClient c = RawClient.open(broker.tlsPort())) {
            c.trySend(Packets.connect("tls-plain").build());
            assertThat(c.awaitClose()).isEmpty();
        }
    }

    @Test
    void aClientWithACertificateIsLetInWithoutCredentialsWhenAnonymousAccessIsOff() {
        try (RawClient c = RawClient.openTls(broker.clientTlsWithCertificate(), broker.tlsPort())) {
            assertThat(c.connect(Packets.connect("tls-cert-5")).reasonCode()).isZero();
        }
        try (RawClient c = RawClient.openTls(broker.clientTlsWithCertificate(), broker.tlsPort())) {
            assertThat(c.connect(Packets.connect("tls-cert-311").v311()).reasonCode()).isZero();
        }
    }

    @Test
    void aClientWithoutACertificateIsRefusedWhenAnonymousAccessIsOff() {
        try (RawClient c = RawClient.openTls(broker.clientTls(), broker.tlsPort())) {
            c.sendConnect(Packets.connect("tls-nocert-5"));
            Raw.assertRefusedWith(c, 0x87);
        }
        try (RawClient c = RawClient.openTls(broker.clientTls(), broker.tlsPort())) {
            c.sendConnect(Packets.connect("tls-nocert-311").v311());
            Raw.assertRefusedWith(c, 0x05);
        }
        try (RawClient c = RawClient.open(broker.tcpPort())) {
            c.sendConnect(Packets.connect("tcp-anonymous"));
            Raw.assertRefusedWith(c, 0x87);
        }
    }

    @Test
    void aCertificateTheConfiguredCaDidNotIssueDoesNotLetTheClientIn() {
        // the broker's own self-signed server certificate, presented as a client certificate: the handshake
        // either fails, or (client authentication being optional) the client counts as having no certificate
        List<ReceivedPacket> answer;
        try (RawClient c = RawClient.openTls(broker.serverCertificateAsClient(), broker.tlsPort())) {
            c.sendConnect(Packets.connect("tls-untrusted"));
            answer = c.awaitClose();
        } catch (UncheckedIOException handshakeFailed) {
            return;
        }
        assertThat(answer).extracting(ReceivedPacket::reasonCode).containsExactly(0x87);
    }

    @Test
    void aClientCertificateWorksOverSecureWebSocketWithPaho() throws Exception {
        MqttAsyncClient c = new MqttAsyncClient(broker.wssUri(), "wss-cert", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setSocketFactory(broker.clientTlsWithCertificate().getSocketFactory());
        o.setConnectionTimeout(10);
        CompletableFuture<String> got = new CompletableFuture<>();
        c.setCallback(new PahoV5Callback(m -> got.complete(new String(m.getPayload(), StandardCharsets.UTF_8))));
        c.connect(o).waitForCompletion(10_000);
        c.subscribe(new MqttSubscription("tls/wss", 1)).waitForCompletion(10_000);
        c.publish("tls/wss", "over wss".getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(10_000);
        assertThat(got.get(10, TimeUnit.SECONDS)).isEqualTo("over wss");
        c.disconnect().waitForCompletion(10_000);
        c.close();
    }

    @Test
    void aClientWithoutACertificateIsRefusedOverSecureWebSocketToo() throws Exception {
        MqttAsyncClient c = new MqttAsyncClient(broker.wssUri(), "wss-nocert", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setSocketFactory(broker.clientTls().getSocketFactory());
        o.setConnectionTimeout(10);
        assertThatThrownBy(() -> c.connect(o).waitForCompletion(10_000)).isInstanceOfSatisfying(MqttException.class,
                e -> assertThat(e.getReasonCode()).isEqualTo(0x87));
        c.close();
    }

    @Test
    void packetsOverTlsAreAnsweredLikeOverTcp() {
        try (RawClient c = RawClient.openTls(broker.clientTlsWithCertificate(), broker.tlsPort())) {
            c.connectOk(Packets.connect("tls-ping"));
            c.send(Packets.pingreq());
            assertThat(c.receive().type()).isEqualTo(ReceivedPacket.PINGRESP);
            c.send(new byte[] {(byte) 0xC1, 0}); // reserved flag: malformed
            Raw.assertDisconnectedWith(c, 0x81);
        }
    }
}
