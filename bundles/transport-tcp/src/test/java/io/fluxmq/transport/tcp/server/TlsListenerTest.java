package io.fluxmq.transport.tcp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxmq.api.transport.ProtocolHandler;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS listeners with a keystore made by the JDK's keytool, spoken to with the JDK's TLS client. */
class TlsListenerTest {
    private static final String PASSWORD = "changeit";
    @TempDir
    static Path dir;
    private static Path keystore;
    private static EventLoops loops;
    private final Map<String, ProtocolHandler> handlers = new ConcurrentHashMap<>(Map.of("echo", new EchoProtocol("echo", "E")));
    private NettyListener listener;

    @BeforeAll
    static void keystore() throws Exception {
        keystore = dir.resolve("server.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        loops = new EventLoops(1);
    }

    @AfterEach
    void close() {
        if (listener != null) {
            listener.close();
        }
    }

    private void start(String... protocols) {
        TlsSettings tls = new TlsSettings("mqtt-tls", keystore.toString(), PASSWORD, "", "", "", "", "none", protocols);
        ListenerSettings s = new ListenerSettings("mqtt-tls", new InetSocketAddress("127.0.0.1", 0), List.of("echo"),
                TlsContexts.forServer(tls), 10, 16, 1_000, null);
        listener = new NettyListener(s, loops, handlers::get);
        listener.start();
    }

    private SSLSocket connect(String protocol) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trust.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", listener.boundAddress().getPort());
        s.setEnabledProtocols(new String[] {protocol});
        s.setSoTimeout(5_000);
        return s;
    }

    @Test
    void tls13ConnectionReachesTheProtocol() throws Exception {
        start("TLSv1.3", "TLSv1.2");
        assertThat(listener.transport()).isEqualTo("tls");
        try (SSLSocket s = connect("TLSv1.3")) {
            assertThat(NettyListenerTest.roundTrip(s, "secret")).isEqualTo("secret");
            assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void tls12IsAcceptedWhenEnabled() throws Exception {
        start("TLSv1.3", "TLSv1.2");
        try (SSLSocket s = connect("TLSv1.2")) {
            assertThat(NettyListenerTest.roundTrip(s, "x")).isEqualTo("x");
        }
    }

    @Test
    void protocolVersionsNotEnabledAreRefused() throws Exception {
        start("TLSv1.3");
        try (SSLSocket s = connect("TLSv1.2")) {
            assertThatThrownBy(() -> NettyListenerTest.roundTrip(s, "x")).isInstanceOfAny(SSLHandshakeException.class,
                    java.net.SocketException.class);
        }
    }

    @Test
    void missingKeyMaterialIsAClearError() {
        TlsSettings tls = new TlsSettings("mqtt-tls", "", "", "", "", "", "", "none", new String[] {"TLSv1.3"});
        assertThatThrownBy(() -> TlsContexts.forServer(tls)).hasMessageContaining("'mqtt-tls'")
                .hasMessageContaining("tls.keystore");
        TlsSettings missing = new TlsSettings("mqtt-tls", dir.resolve("nope.p12").toString(), "x", "", "", "", "",
                "none", new String[] {"TLSv1.3"});
        assertThatThrownBy(() -> TlsContexts.forServer(missing)).hasMessageContaining("TRANSPORT-1002")
                .hasMessageContaining("nope.p12");
    }
}
