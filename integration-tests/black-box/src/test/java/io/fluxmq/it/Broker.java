package io.fluxmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A private copy of the assembled distribution, started as a process with {@code bin/fluxmq run}
 * on a free HTTP port. Tests use it the way an operator does: HTTP, files in etc/ and deploy/,
 * the log.
 */
final class Broker implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path home;
    private volatile int httpPort;
    private int mqttPort;
    private int mqttWsPort;
    private int amqpPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    private Broker(Path home, int httpPort) {
        this.home = home;
        this.httpPort = httpPort;
    }

    /** Copies the distribution to a fresh folder and sets a free HTTP port; does not start it. */
    static Broker prepare(String name) {
        Path dist = Path.of(System.getProperty("fluxmq.dist", "../../distribution/target/fluxmq"));
        Path work = Path.of(System.getProperty("fluxmq.work", "target/it"));
        assertThat(dist.resolve("bin/fluxmq")).as("assembled distribution").exists();
        Path home = work.resolve(name + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet());
        copyTree(dist, home);
        Broker broker = new Broker(home, freePort());
        broker.setHttpPort(broker.httpPort);
        broker.mqttPort = freePort();
        broker.mqttWsPort = freePort();
        broker.setPort("io.fluxmq.transport.tcp-mqtt.config", broker.mqttPort);
        broker.setPort("io.fluxmq.transport.websocket-mqtt-ws.config", broker.mqttWsPort);
        broker.amqpPort = freePort();
        broker.setPort("io.fluxmq.transport.tcp-amqp.config", broker.amqpPort);
        return broker;
    }

    /** Prepares and starts, waiting for {@code /ready}. */
    static Broker start(String name) {
        Broker broker = prepare(name);
        broker.startProcess();
        broker.awaitReady(START_TIMEOUT);
        return broker;
    }

    Path home() {
        return home;
    }

    int httpPort() {
        return httpPort;
    }

    /** {@code tcp://127.0.0.1:<port>} of the MQTT listener. */
    String mqttUri() {
        return "tcp://127.0.0.1:" + mqttPort;
    }

    /** The port of the AMQP 0.9.1 listener, on 127.0.0.1. */
    int amqpPort() {
        return amqpPort;
    }

    /** {@code ws://127.0.0.1:<port>/mqtt} of the MQTT WebSocket listener. */
    String mqttWsUri() {
        return "ws://127.0.0.1:" + mqttWsPort + "/mqtt";
    }

    private void setPort(String etcFile, int port) {
        writeEtc(etcFile, readEtc(etcFile).replaceAll("(?m)^port=I\"\\d+\"", "port=I\"" + port + "\""));
    }

    /** Points the MQTT TCP listener at another port (applied live when the broker runs). */
    void setMqttPort(int port) {
        this.mqttPort = port;
        setPort("io.fluxmq.transport.tcp-mqtt.config", port);
    }

    /** Points the HTTP listener at another port (applied live when the broker runs). */
    void setHttpPort(int port) {
        this.httpPort = port;
        writeEtc("org.apache.felix.http.config", readEtc("org.apache.felix.http.config")
                .replaceAll("org\\.osgi\\.service\\.http\\.port=I\"\\d+\"", "org.osgi.service.http.port=I\"" + port + "\""));
    }

    void startProcess() {
        try {
            ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/fluxmq").toString(), "run")
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(home.resolve("log/console.log").toFile());
            Files.createDirectories(home.resolve("log"));
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls {@code /ready} until it answers 200; returns how long that took. */
    Duration awaitReady(Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("broker exited with " + process.exitValue() + "\n" + log());
            }
            last = status("/ready");
            if (last == 200) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            sleep(100);
        }
        throw new AssertionError("not ready after " + timeout + " (last status " + last + "): "
                + get("/ready").body() + "\n" + log());
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    HttpResponse<String> get(String path, String user, String password) {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + auth).GET().build());
    }

    /** The HTTP status of a GET, or -1 when nothing answers. */
    int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    String readEtc(String file) {
        try {
            return Files.readString(home.resolve("etc").resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces a file in etc/ atomically, as an editor saving it would. */
    void writeEtc(String file, String content) {
        try {
            Path target = home.resolve("etc").resolve(file);
            Path tmp = home.resolve("etc").resolve("." + file + ".tmp");
            Files.writeString(tmp, content);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The broker's log file and console output. */
    String log() {
        StringBuilder sb = new StringBuilder();
        for (String name : new String[] {"fluxmq.log", "console.log"}) {
            Path p = home.resolve("log").resolve(name);
            if (Files.exists(p)) {
                try {
                    sb.append("---- ").append(name).append('\n').append(Files.readString(p));
                } catch (IOException e) {
                    sb.append("(unreadable: ").append(e).append(")\n");
                }
            }
        }
        return sb.toString();
    }

    /** Starts the process again on the same folder (data/ and etc/ kept) and waits for /ready. */
    void restart() {
        startProcess();
        awaitReady(START_TIMEOUT);
    }

    /** Kills the process with SIGKILL, as a crash or an OOM killer would: no shutdown hook runs. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("broker did not die after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * A port free now and never handed out before in this JVM: the kernel may give the same
     * ephemeral port to two binds in a row, and a broker's listeners must not collide.
     */
    static int freePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no fresh free port after 100 attempts");
    }

    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copyTree(Path from, Path to) {
        try {
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Path rel = from.relativize(dir);
                    if (rel.toString().equals("data") || rel.toString().equals("log")) {
                        Files.createDirectories(to.resolve(rel));
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    Files.createDirectories(to.resolve(rel));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.copy(file, to.resolve(from.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
