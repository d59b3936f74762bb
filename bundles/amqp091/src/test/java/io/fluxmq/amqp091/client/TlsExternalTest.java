package io.fluxmq.amqp091.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultSaslConfig;
import io.fluxmq.amqp091.broker.AmqpSettings;
import io.fluxmq.amqp091.server.TestServer;
import io.fluxmq.api.security.AuthenticationResult;
import io.fluxmq.api.security.ClientPrincipal;
import io.fluxmq.api.security.Credentials;
import io.fluxmq.transport.tcp.server.TlsContexts;
import io.fluxmq.transport.tcp.server.TlsSettings;
import java.io.InputStream;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AMQPS: the RabbitMQ client over a TLS listener that asks for client certificates, logging in
 * with PLAIN or with EXTERNAL (the certificate's common name). Keys and certificates are made
 * with the JDK's keytool: a CA, a client certificate it signs, the server's self-signed one.
 */
class TlsExternalTest {
    private static final String PASSWORD = "changeit";
    @TempDir
    static Path dir;
    private TestServer server;

    @BeforeAll
    static void certificates() throws Exception {
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=AMQP Test CA", "-ext", "bc:c", "-storetype", "PKCS12", "-keystore", p("ca.p12"),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", p("ca.p12"), "-storepass", PASSWORD,
                "-file", p("ca.pem"));
        keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=billing-app, O=Example", "-storetype", "PKCS12", "-keystore", p("client.p12"),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
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

    @AfterEach
    void stop() {
        server.close();
    }

    private void start() {
        server = new TestServer(AmqpSettings.DEFAULTS, TlsContexts.forServer(new TlsSettings("amqps", p("server.p12"),
                PASSWORD, "", "", "", p("ca.pem"), "optional", new String[] {"TLSv1.3", "TLSv1.2"})));
    }

    private ConnectionFactory factory(boolean withCertificate) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load("server.p12"));
        KeyManagerFactory kmf = null;
        if (withCertificate) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load("client.p12"), PASSWORD.toCharArray());
        }
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        ConnectionFactory f = server.factory();
        f.useSslProtocol(ssl);
        return f;
    }

    private static KeyStore load(String file) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(file))) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }

    @Test
    void plainLoginWorksOverTls() throws Exception {
        start();
        try (Connection c = factory(false).newConnection()) {
            c.createChannel().queueDeclare("over-tls", false, false, false, null);
        }
    }

    @Test
    void externalLogsInAsTheCertificatesCommonName() throws Exception {
        start();
        List<Credentials> asked = new CopyOnWriteArrayList<>();
        server.authenticator.set(c -> {
            asked.add(c);
            return CompletableFuture.completedFuture(AuthenticationResult.success(
                    new ClientPrincipal(c.username(), c.clientId(), c.protocol(), Set.of())));
        });
        ConnectionFactory f = factory(true);
        f.setSaslConfig(DefaultSaslConfig.EXTERNAL);
        try (Connection c = f.newConnection()) {
            assertThat(c.isOpen()).isTrue();
        }
        assertThat(asked).hasSize(1);
        assertThat(asked.get(0).authenticationMethod()).isEqualTo("EXTERNAL");
        assertThat(asked.get(0).username()).isEqualTo("billing-app");
        assertThat(asked.get(0).certificateSubject()).isEqualTo("CN=billing-app,O=Example");
    }

    @Test
    void externalWithoutACertificateIsNotOffered() throws Exception {
        start();
        ConnectionFactory f = factory(false);
        f.setSaslConfig(DefaultSaslConfig.EXTERNAL);
        assertThatThrownBy(f::newConnection).hasMessageContaining("server offered [PLAIN AMQPLAIN]");
    }
}
