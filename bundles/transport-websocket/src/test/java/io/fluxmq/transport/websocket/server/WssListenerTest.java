package io.fluxmq.transport.websocket.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.transport.tcp.server.TlsContexts;
import io.fluxmq.transport.tcp.server.TlsSettings;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** wss: the WebSocket stage behind TLS, with a keystore made by keytool and the JDK's client. */
class WssListenerTest extends ListenerFixture {
    private static final String PASSWORD = "changeit";
    @TempDir
    static Path dir;
    private static Path keystore;
    private static HttpClient https;

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

        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trust.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        https = HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private void startTls() {
        TlsSettings tls = new TlsSettings("ws-test", keystore.toString(), PASSWORD, "", "", "", "", "none",
                new String[] {"TLSv1.3", "TLSv1.2"});
        start(settings(Set.of(), 5_000), TlsContexts.forServer(tls));
    }

    private URI wss(String path) {
        return URI.create("wss://127.0.0.1:" + port() + path);
    }

    @Test
    void mqttOverWssReachesTheProtocol() throws Exception {
        startTls();
        assertThat(listener.transport()).isEqualTo("wss");
        byte[] connect = MqttBytes.connect("secure-browser");
        try (WsClient c = WsClient.connect(https, wss("/mqtt"), b -> b.subprotocols("mqtt"))) {
            assertThat(c.ws.getSubprotocol()).isEqualTo("mqtt");
            c.send(MqttBytes.slice(connect, 0, 5), false);
            c.send(MqttBytes.slice(connect, 5, connect.length), true);
            assertThat(c.awaitBytes(connect.length)).isEqualTo(connect);
            c.ws.sendClose(1000, "").get(5, TimeUnit.SECONDS);
            assertThat(c.awaitClose()).isEqualTo(1000);
        }
        assertThat(echo.connections).singleElement().satisfies(info -> {
            assertThat(info.transport()).isEqualTo("wss");
            assertThat(info.secure()).isTrue();
        });
    }

    @Test
    void refusalsWorkBehindTlsToo() throws Exception {
        startTls();
        assertThat(WsClient.refusal(https, wss("/other"), b -> b.subprotocols("mqtt"))).isEqualTo(404);
        assertThat(WsClient.refusal(https, wss("/mqtt"), b -> b.subprotocols("foo"))).isEqualTo(400);
    }

    @Test
    void plainWebSocketOnTheTlsPortIsClosed() throws Exception {
        startTls();
        try (RawWebSocket raw = new RawWebSocket(port())) {
            raw.send(raw.upgradeRequest("/mqtt", "Sec-WebSocket-Protocol: mqtt"));
            assertThat(raw.closedByServer()).isTrue();
        }
        assertThat(echo.connections).isEmpty();
    }
}
