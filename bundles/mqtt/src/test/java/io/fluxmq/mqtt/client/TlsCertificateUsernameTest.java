package io.fluxmq.mqtt.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.security.AuthenticationResult;
import io.fluxmq.api.security.ClientPrincipal;
import io.fluxmq.api.security.Credentials;
import io.fluxmq.mqtt.TestBroker;
import io.fluxmq.mqtt.broker.BrokerSettings;
import io.fluxmq.api.transport.ClientCertificates.UsernameSource;
import io.fluxmq.transport.tcp.server.EventLoops;
import io.fluxmq.transport.tcp.server.ListenerSettings;
import io.fluxmq.transport.tcp.server.NettyListener;
import io.fluxmq.transport.tcp.server.TlsContexts;
import io.fluxmq.transport.tcp.server.TlsSettings;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tls.certificate.as.username} over a real TLS listener of transport-tcp that asks for
 * client certificates (optional mutual TLS). A CA, a client certificate it signs and the server's
 * self-signed certificate are made with the JDK's keytool; Paho 3 connects with an
 * {@link SSLContext} holding the client's key.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsCertificateUsernameTest {
    private static final String PASSWORD = "changeit";
    private static final String CLIENT_DN = "CN=device-42, OU=sensors, O=Example";
    @TempDir
    static Path dir;
    private static EventLoops loops;

    private TestBroker broker;
    private NettyListener listener;
    private final List<Credentials> credentials = new CopyOnWriteArrayList<>();
    private final List<ClientPrincipal> principals = new CopyOnWriteArrayList<>();
    private final List<MqttClient> clients = new ArrayList<>();

    @BeforeAll
    static void certificates() throws Exception {
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=FluxMQ Test CA", "-ext", "bc:c", "-storetype", "PKCS12", "-keystore", p("ca.p12"),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", p("ca.p12"), "-storepass", PASSWORD,
                "-file", p("ca.pem"));
        keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", CLIENT_DN, "-storetype", "PKCS12", "-keystore", p("client.p12"), "-storepass", PASSWORD,
                "-keypass", PASSWORD);
        keytool("-certreq", "-alias", "client", "-keystore", p("client.p12"), "-storepass", PASSWORD,
                "-file", p("client.csr"));
        keytool("-gencert", "-alias", "ca", "-keystore", p("ca.p12"), "-storepass", PASSWORD, "-infile",
                p("client.csr"), "-outfile", p("client.pem"), "-rfc", "-validity", "2", "-ext", "eku=clientAuth");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", p("ca.pem"), "-keystore", p("client.p12"),
                "-storepass", PASSWORD);
        keytool("-importcert", "-alias", "client", "-file", p("client.pem"), "-keystore", p("client.p12"),
                "-storepass", PASSWORD);
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", p("server.p12"), "-storepass", PASSWORD, "-keypass", PASSWORD);
        loops = new EventLoops(1);
    }

    @AfterAll
    static void closeLoops() {
        if (loops != null) {
            loops.close();
        }
    }

    private static String p(String file) {
        return dir.resolve(file).toString();
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool %s finished", args[0]).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("keytool %s: %s", args[0], output).isZero();
    }

    private void start(BrokerSettings settings, boolean withAuthenticator) {
        broker = new TestBroker(settings);
        if (withAuthenticator) {
            broker.authenticator.set(c -> {
                credentials.add(c);
                return CompletableFuture.completedFuture(AuthenticationResult.success(
                        new ClientPrincipal(c.username(), c.clientId(), "mqtt", Set.of())));
            });
        }
        broker.authorizers.add((principal, action, resource) -> principals.add(principal));
        TlsSettings tls = new TlsSettings("mqtt-tls", p("server.p12"), PASSWORD, "", "", "", p("ca.pem"), "optional",
                new String[] {"TLSv1.3", "TLSv1.2"});
        listener = new NettyListener(new ListenerSettings("mqtt-tls", new InetSocketAddress("127.0.0.1", 0),
                List.of("mqtt"), TlsContexts.forServer(tls), 100, 16, 5_000, null), loops,
                protocol -> protocol.equals("mqtt") ? broker.broker : null);
        listener.start();
    }

    @AfterEach
    void stop() throws MqttException {
        for (MqttClient c : clients) {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 100);
            }
            c.close(true);
        }
        if (listener != null) {
            listener.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private MqttClient connect(String clientId, boolean withCertificate, String username) throws Exception {
        KeyStore trust = load("server.p12");
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (withCertificate) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load("client.p12"), PASSWORD.toCharArray());
        }
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        MqttClient client = new MqttClient("ssl://127.0.0.1:" + listener.boundAddress().getPort(), clientId,
                new MemoryPersistence());
        clients.add(client);
        MqttConnectOptions o = new MqttConnectOptions();
        o.setSocketFactory(ssl.getSocketFactory());
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1); // no fallback to 3.1 after a refusal
        o.setConnectionTimeout(10);
        if (username != null) {
            o.setUserName(username);
            o.setPassword("pw".toCharArray());
        }
        client.setTimeToWait(10_000);
        client.connect(o);
        client.subscribe("whoami", 0); // the authorizer sees the principal
        return client;
    }

    private static KeyStore load(String file) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(file))) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }

    @Test
    void theCertificatesCommonNameReplacesTheConnectUsername() throws Exception {
        start(TestBroker.settings().toBuilder().certificateAsUsername(true).build(), true);
        connect("cert-cn", true, "mallory");
        assertThat(credentials).hasSize(1);
        assertThat(credentials.get(0).username()).isEqualTo("device-42");
        assertThat(credentials.get(0).certificateSubject()).isEqualTo("CN=device-42,OU=sensors,O=Example");
        assertThat(principals).isNotEmpty().allSatisfy(p -> assertThat(p.username()).isEqualTo("device-42"));
    }

    @Test
    void theWholeDnWhenConfigured() throws Exception {
        start(TestBroker.settings().toBuilder().certificateAsUsername(true).certificateUsername(UsernameSource.DN)
                .build(), true);
        connect("cert-dn", true, null);
        assertThat(credentials.get(0).username()).isEqualTo("CN=device-42,OU=sensors,O=Example");
    }

    @Test
    void withoutTheOptionTheConnectUsernameStaysAndTheSubjectIsPassedAlong() throws Exception {
        start(TestBroker.settings(), true);
        connect("cert-off", true, "alice");
        assertThat(credentials.get(0).username()).isEqualTo("alice");
        assertThat(credentials.get(0).certificateSubject()).isEqualTo("CN=device-42,OU=sensors,O=Example");
    }

    @Test
    void aClientWithoutCertificateKeepsItsConnectUsername() throws Exception {
        start(TestBroker.settings().toBuilder().certificateAsUsername(true).build(), true);
        connect("no-cert", false, "bob");
        assertThat(credentials.get(0).username()).isEqualTo("bob");
        assertThat(credentials.get(0).certificateSubject()).isNull();
    }

    @Test
    void withoutAnAuthenticatorTheVerifiedCertificateIsEnoughWhenAnonymousIsOff() throws Exception {
        start(TestBroker.settings().toBuilder().certificateAsUsername(true).allowAnonymous(false).build(), false);
        connect("cert-only", true, null);
        assertThat(principals).isNotEmpty().allSatisfy(p -> assertThat(p.username()).isEqualTo("device-42"));
        MqttException refused = org.junit.jupiter.api.Assertions.assertThrows(MqttException.class,
                () -> connect("no-cert-anon", false, null));
        assertThat(refused.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
    }
}
