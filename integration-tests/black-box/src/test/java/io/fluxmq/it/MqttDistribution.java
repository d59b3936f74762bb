package io.fluxmq.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The assembled distribution as the MQTT black-box tests ({@code io.fluxmq.it.mqtt}) see it: a
 * {@link Broker} with its TCP and WebSocket listeners and, on request, TLS listeners (MQTT over TLS
 * and secure WebSocket) whose key is a self-signed certificate for 127.0.0.1 made with keytool;
 * the broker configuration ({@code etc/io.fluxmq.mqtt.config}) written before start; the broker
 * process's resident memory.
 */
public final class MqttDistribution implements AutoCloseable {
    private static final String KEYSTORE_PASSWORD = "fluxmq-it";
    private static final Duration LISTENER_TIMEOUT = Duration.ofSeconds(20);

    private final Broker broker;
    private final int tlsPort;
    private final int wssPort;
    private final TrustManagerFactory clientTrust;
    private final SSLContext clientTls;
    private final Path clientKeystore;

    private MqttDistribution(Broker broker, int tlsPort, int wssPort, TrustManagerFactory clientTrust,
            Path clientKeystore) {
        this.broker = broker;
        this.tlsPort = tlsPort;
        this.wssPort = wssPort;
        this.clientTrust = clientTrust;
        this.clientTls = clientTrust == null ? null : tlsContext(null, clientTrust);
        this.clientKeystore = clientKeystore;
    }

    /** A builder for a broker named {@code name} (the name of its private folder under target/it). */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /** Builds and starts a broker, then waits until it is ready and every listener accepts connections. */
    public static final class Builder {
        private final String name;
        private final Map<String, String> mqttConfig = new LinkedHashMap<>();
        private final Map<String, String> tcpListenerConfig = new LinkedHashMap<>();
        private final Map<String, String> etcFiles = new LinkedHashMap<>();
        private boolean tls;
        private boolean clientCertificates;

        private Builder(String name) {
            this.name = name;
        }

        /** Adds TLS listeners: MQTT over TLS and MQTT over secure WebSocket ({@code /mqtt}). */
        public Builder withTls() {
            this.tls = true;
            return this;
        }

        /**
         * Makes the TLS listeners ask for client certificates ({@code tls.client.auth="optional"}) issued by a
         * test CA made with keytool; {@link MqttDistribution#clientTlsWithCertificate()} presents one.
         */
        public Builder withClientCertificates() {
            this.tls = true;
            this.clientCertificates = true;
            return this;
        }

        /** Sets a property of the plain TCP listener ({@code mqtt-tcp}), e.g. {@code max.connections}. */
        public Builder tcpListener(String key, String typedValue) {
            tcpListenerConfig.put(key, typedValue);
            return this;
        }

        /**
         * Sets a property of the MQTT broker (PID {@code io.fluxmq.mqtt}) in the typed .config format,
         * e.g. {@code mqtt("max.qos", "I\"1\"")}.
         */
        public Builder mqtt(String key, String typedValue) {
            mqttConfig.put(key, typedValue);
            return this;
        }

        /** Adds a file to etc/ (typed .config format), e.g. a queue: {@code io.fluxmq.queue-orders.config}. */
        public Builder etc(String file, String content) {
            etcFiles.put(file, content);
            return this;
        }

        public MqttDistribution start() {
            Broker broker = Broker.prepare(name);
            etcFiles.forEach(broker::writeEtc);
            if (!mqttConfig.isEmpty()) {
                StringBuilder sb = new StringBuilder();
                mqttConfig.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
                broker.writeEtc("io.fluxmq.mqtt.config", sb.toString());
            }
            if (!tcpListenerConfig.isEmpty()) {
                StringBuilder sb = new StringBuilder(broker.readEtc("io.fluxmq.transport.tcp-mqtt.config"));
                tcpListenerConfig.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
                broker.writeEtc("io.fluxmq.transport.tcp-mqtt.config", sb.toString());
            }
            int tlsPort = -1;
            int wssPort = -1;
            TrustManagerFactory clientTrust = null;
            Path clientKeystore = null;
            if (tls) {
                Path keystore = broker.home().resolve("etc/mqtt-it-server.p12");
                generateKeystore(keystore);
                clientTrust = trusting(keystore);
                tlsPort = Broker.freePort();
                wssPort = Broker.freePort();
                String material = "tls.enabled=B\"true\"\n"
                        + "tls.keystore=\"" + keystore.toAbsolutePath() + "\"\n"
                        + "tls.keystore.password=\"" + KEYSTORE_PASSWORD + "\"\n";
                if (clientCertificates) {
                    Path etc = broker.home().resolve("etc");
                    clientKeystore = generateClientCertificate(etc);
                    material += "tls.client.ca=\"" + etc.resolve("mqtt-it-ca.pem").toAbsolutePath() + "\"\n"
                            + "tls.client.auth=\"optional\"\n";
                }
                broker.writeEtc("io.fluxmq.transport.tcp-mqtt-tls.config", "name=\"mqtt-tls\"\nhost=\"127.0.0.1\"\n"
                        + "port=I\"" + tlsPort + "\"\nprotocols=[\"mqtt\"]\n" + material);
                broker.writeEtc("io.fluxmq.transport.websocket-mqtt-wss.config", "name=\"mqtt-wss\"\n"
                        + "host=\"127.0.0.1\"\nport=I\"" + wssPort + "\"\npath=\"/mqtt\"\nprotocols=[\"mqtt\"]\n" + material);
            }
            broker.startProcess();
            MqttDistribution d = new MqttDistribution(broker, tlsPort, wssPort, clientTrust, clientKeystore);
            try {
                broker.awaitReady(Duration.ofSeconds(60));
                d.awaitListening(port(broker.mqttUri()));
                d.awaitListening(port(broker.mqttWsUri()));
                if (tls) {
                    d.awaitListening(tlsPort);
                    d.awaitListening(wssPort);
                }
            } catch (RuntimeException | Error e) {
                broker.close();
                throw e;
            }
            return d;
        }
    }

    /** {@code tcp://127.0.0.1:<port>}. */
    public String tcpUri() {
        return broker.mqttUri();
    }

    public int tcpPort() {
        return port(broker.mqttUri());
    }

    /** {@code ws://127.0.0.1:<port>/mqtt}. */
    public String wsUri() {
        return broker.mqttWsUri();
    }

    public int wsPort() {
        return port(broker.mqttWsUri());
    }

    /** {@code ssl://127.0.0.1:<port>}; only with {@link Builder#withTls()}. */
    public String tlsUri() {
        requireTls();
        return "ssl://127.0.0.1:" + tlsPort;
    }

    public int tlsPort() {
        requireTls();
        return tlsPort;
    }

    /** {@code wss://127.0.0.1:<port>/mqtt}; only with {@link Builder#withTls()}. */
    public String wssUri() {
        requireTls();
        return "wss://127.0.0.1:" + wssPort + "/mqtt";
    }

    public int wssPort() {
        requireTls();
        return wssPort;
    }

    /** A client TLS context trusting exactly the broker's self-signed certificate. */
    public SSLContext clientTls() {
        requireTls();
        return clientTls;
    }

    /**
     * A client TLS context that trusts the broker and presents a certificate (CN=device-42, OU=sensors)
     * issued by the CA the TLS listeners trust; only with {@link Builder#withClientCertificates()}.
     */
    public SSLContext clientTlsWithCertificate() {
        if (clientKeystore == null) {
            throw new IllegalStateException("this broker was started without client certificates");
        }
        return clientTlsPresenting(clientKeystore);
    }

    /** A client TLS context presenting the broker's own self-signed certificate, which no CA issued. */
    public SSLContext serverCertificateAsClient() {
        requireTls();
        return clientTlsPresenting(broker.home().resolve("etc/mqtt-it-server.p12"));
    }

    private SSLContext clientTlsPresenting(Path keystore) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, KEYSTORE_PASSWORD.toCharArray());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, KEYSTORE_PASSWORD.toCharArray());
            return tlsContext(kmf, clientTrust);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Trust managers trusting exactly the broker's self-signed certificate. */
    public TrustManagerFactory clientTrust() {
        requireTls();
        return clientTrust;
    }

    /** The HTTP status of {@code GET /health}, -1 when nothing answers. */
    public int health() {
        return broker.status("/health");
    }

    public boolean isAlive() {
        return broker.isAlive();
    }

    /** The broker's log and console output. */
    public String log() {
        return broker.log();
    }

    /** The broker's Java process (bin/fluxmq execs java, so the pid it records is the JVM's). */
    public long pid() {
        try {
            return Long.parseLong(Files.readString(broker.home().resolve("data/fluxmq.pid")).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resident set size of the broker process, in kB ({@code VmRSS} of /proc/&lt;pid&gt;/status). */
    public long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no VmRSS for the broker process");
    }

    /**
     * Replaces the bundle in deploy/ whose file name starts with {@code fileNamePrefix} by a copy with
     * another Bundle-Version, as a new build would: the running bundle is updated in place.
     */
    public void redeploy(String fileNamePrefix) {
        try {
            Path deploy = broker.home().resolve("deploy");
            Path jar;
            try (var files = Files.list(deploy)) {
                jar = files.filter(p -> p.getFileName().toString().startsWith(fileNamePrefix)).findFirst()
                        .orElseThrow(() -> new AssertionError("no " + fileNamePrefix + "* in deploy/"));
            }
            Path rebuilt = broker.home().resolve("redeployed.jar");
            try (var in = new java.util.jar.JarInputStream(Files.newInputStream(jar))) {
                java.util.jar.Manifest manifest = new java.util.jar.Manifest(in.getManifest());
                java.util.jar.Attributes main = manifest.getMainAttributes();
                String[] v = (main.getValue("Bundle-Version") + ".0.0").split("\\.");
                main.putValue("Bundle-Version", v[0] + "." + v[1] + "." + v[2] + ".redeployed" + System.nanoTime());
                try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(rebuilt), manifest)) {
                    for (var e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                        out.putNextEntry(new java.util.jar.JarEntry(e.getName()));
                        in.transferTo(out);
                        out.closeEntry();
                    }
                }
            }
            Files.move(rebuilt, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body of a Web Console page, e.g. {@code /system/console/fluxmq-queues}, with the shipped credentials. */
    public String consolePage(String path) {
        var response = broker.get(path, "admin", "admin");
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** Writes a file of etc/ while the broker runs; the broker applies it live. */
    public void writeEtc(String file, String content) {
        broker.writeEtc(file, content);
    }

    /** Kills the broker process (SIGKILL): no shutdown hook, no flush. */
    public void kill() {
        broker.kill();
    }

    /** Stops the broker gracefully (SIGTERM) and waits for the process to end. */
    public void stop() {
        broker.stop();
    }

    /** Starts the stopped broker again on the same folder (etc/ and data/ kept) and waits until it serves. */
    public void restart() {
        broker.restart();
        awaitListening(tcpPort());
        awaitListening(wsPort());
        if (clientTls != null) {
            awaitListening(tlsPort);
            awaitListening(wssPort);
        }
    }

    @Override
    public void close() {
        broker.close();
    }

    private void requireTls() {
        if (clientTls == null) {
            throw new IllegalStateException("this broker was started without TLS listeners");
        }
    }

    private void awaitListening(int port) {
        long deadline = System.nanoTime() + LISTENER_TIMEOUT.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                last = e;
                Broker.sleep(100);
            }
        }
        throw new AssertionError("no listener on port " + port + " after " + LISTENER_TIMEOUT + ": " + last + "\n"
                + broker.log());
    }

    private static int port(String uri) {
        String rest = uri.substring(uri.lastIndexOf(':') + 1);
        int slash = rest.indexOf('/');
        return Integer.parseInt(slash < 0 ? rest : rest.substring(0, slash));
    }

    private static void generateKeystore(Path keystore) {
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", KEYSTORE_PASSWORD, "-keypass", KEYSTORE_PASSWORD);
    }

    /**
     * A test CA (its certificate in {@code etc/mqtt-it-ca.pem}) and a client keystore holding a key and
     * a certificate the CA issued for CN=device-42,OU=sensors, with the CA in its chain.
     */
    private static Path generateClientCertificate(Path etc) {
        Path ca = etc.resolve("mqtt-it-ca.p12");
        Path caPem = etc.resolve("mqtt-it-ca.pem");
        Path client = etc.resolve("mqtt-it-client.p12");
        Path csr = etc.resolve("mqtt-it-client.csr");
        Path cert = etc.resolve("mqtt-it-client.pem");
        String[] store = {"-storetype", "PKCS12", "-storepass", KEYSTORE_PASSWORD};
        keytool(concat(new String[] {"-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
            "-validity", "2", "-dname", "CN=FluxMQ IT CA", "-ext", "bc:c", "-keystore", ca.toString(),
            "-keypass", KEYSTORE_PASSWORD}, store));
        keytool(concat(new String[] {"-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(),
            "-file", caPem.toString()}, store));
        keytool(concat(new String[] {"-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1",
            "-validity", "2", "-dname", "CN=device-42,OU=sensors", "-keystore", client.toString(),
            "-keypass", KEYSTORE_PASSWORD}, store));
        keytool(concat(new String[] {"-certreq", "-alias", "client", "-keystore", client.toString(),
            "-file", csr.toString()}, store));
        keytool(concat(new String[] {"-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-infile",
            csr.toString(), "-outfile", cert.toString(), "-validity", "2", "-ext", "ku:c=digitalSignature",
            "-ext", "eku=clientAuth"}, store));
        keytool(concat(new String[] {"-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(),
            "-keystore", client.toString()}, store));
        keytool(concat(new String[] {"-importcert", "-noprompt", "-alias", "client", "-file", cert.toString(),
            "-keystore", client.toString()}, store));
        return client;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void keytool(String... args) {
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(java.util.List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static TrustManagerFactory trusting(Path keystore) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore server = KeyStore.getInstance("PKCS12");
            server.load(in, KEYSTORE_PASSWORD.toCharArray());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("fluxmq-it", server.getCertificate("server"));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            return tmf;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SSLContext tlsContext(KeyManagerFactory kmf, TrustManagerFactory tmf) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
