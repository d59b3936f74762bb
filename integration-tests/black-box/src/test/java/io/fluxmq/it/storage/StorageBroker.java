package io.fluxmq.it.storage;

import static org.awaitility.Awaitility.await;

import io.fluxmq.it.MqttDistribution;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The distribution as the storage tests see it: an {@link MqttDistribution} (its own folder, free
 * ports, MQTT listeners) plus what an operator of its storage touches: the backend choice in
 * {@code etc/io.fluxmq.storage.config}, the RocksDB configuration, {@code data/rocksdb}, {@code /ready},
 * the console's FluxMQ page and the log. It can also start the broker without waiting for it to become
 * ready, for a data directory that must keep it from being ready.
 *
 * <p>The broker's folder is found from the running process's {@code -Dfluxmq.home}, which
 * {@code bin/fluxmq} sets: {@link MqttDistribution} does not expose it.
 */
final class StorageBroker implements AutoCloseable {
    static final String STORAGE_CONFIG = "io.fluxmq.storage.config";
    static final String ROCKSDB_CONFIG = "io.fluxmq.storage.rocksdb.environment.config";
    /** The etc/ watcher polls every second; a switch of a small data set takes milliseconds more. */
    static final Duration APPLY = Duration.ofSeconds(30);
    private static final Pattern HTTP_PORT = Pattern.compile("org\\.osgi\\.service\\.http\\.port=I\"(\\d+)\"");

    private final MqttDistribution mqtt;
    private final Path home;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** A process this fixture started itself (see {@link #startWithoutWaiting()}). */
    private Process process;

    private StorageBroker(MqttDistribution mqtt, Path home) {
        this.mqtt = mqtt;
        this.home = home;
    }

    /** Starts a copy of the distribution as shipped (RocksDB storage) and waits until it is ready. */
    static StorageBroker start(String name) {
        MqttDistribution mqtt = MqttDistribution.named(name).start();
        try {
            return new StorageBroker(mqtt, homeOf(mqtt.pid()));
        } catch (RuntimeException | Error e) {
            mqtt.close();
            throw e;
        }
    }

    MqttDistribution mqtt() {
        return mqtt;
    }

    String tcpUri() {
        return mqtt.tcpUri();
    }

    Path home() {
        return home;
    }

    /** The RocksDB directory the shipped configuration uses. */
    Path rocksDbDirectory() {
        return home.resolve("data/rocksdb");
    }

    /** Saves {@code backend} in etc/io.fluxmq.storage.config, as an operator editing the file would. */
    void selectBackend(String backend) {
        writeEtc(STORAGE_CONFIG, "backend=\"" + backend + "\"\n");
    }

    /** Saves a RocksDB configuration with {@code path} as the database directory. */
    void configureRocksDbPath(Path path) {
        writeEtc(ROCKSDB_CONFIG, "path=\"" + path.toAbsolutePath() + "\"\n");
    }

    /** Deletes the RocksDB configuration file: the environment goes back to its defaults (data/rocksdb). */
    void removeRocksDbConfiguration() {
        try {
            Files.deleteIfExists(home.resolve("etc").resolve(ROCKSDB_CONFIG));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<String> ready() {
        return get("/ready", null);
    }

    /** The HTTP status of {@code /ready}, -1 when nothing answers. */
    int readyStatus() {
        try {
            return http.send(request("/ready", null), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    void awaitReady() {
        await().atMost(APPLY).pollInterval(Duration.ofMillis(100)).until(() -> readyStatus() == 200);
    }

    /** The body of the Web Console's FluxMQ page (GET /system/console/fluxmq as admin). */
    String consolePage() {
        HttpResponse<String> r = get("/system/console/fluxmq", "admin");
        if (r.statusCode() != 200) {
            throw new AssertionError("console page answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** The backend the console's FluxMQ page shows in use ("none" when no store is selected). */
    String backendInUse() {
        Matcher m = Pattern.compile("id='fluxmq-storage'>([^<]*)<").matcher(consolePage());
        if (!m.find()) {
            throw new AssertionError("no storage backend cell on the console page");
        }
        return m.group(1);
    }

    String log() {
        return mqtt.log();
    }

    /** Lines of log/fluxmq.log containing every one of {@code parts}. */
    long logLines(String... parts) {
        return log().lines().filter(l -> containsAll(l, parts)).count();
    }

    /** Waits until {@code count} lines of the log contain every one of {@code parts}. */
    void awaitLogLines(long count, String... parts) {
        await().atMost(APPLY).pollInterval(Duration.ofMillis(200))
                .until(() -> logLines(parts) >= count);
    }

    /**
     * Saves {@code to} as the backend and waits until the switch from {@code from} is logged
     * (STORAGE-0001) and the console shows {@code to} in use; returns how long that took.
     */
    Duration switchBackend(String from, String to) {
        String done = "STORAGE-0001 switched the storage backend from " + from + " to " + to + " ";
        long before = logLines(done);
        long start = System.nanoTime();
        selectBackend(to);
        awaitLogLines(before + 1, done);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        await().atMost(APPLY).ignoreExceptions().until(() -> backendInUse().equals(to));
        return took;
    }

    /** Stops the broker (SIGTERM) and waits for the process to end. */
    void stop() {
        if (process != null) {
            stopOwnProcess();
        } else {
            mqtt.stop();
        }
    }

    /**
     * Starts the stopped broker again on the same folder with {@code bin/fluxmq run}, without waiting
     * for it to become ready.
     */
    void startWithoutWaiting() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        try {
            process = new ProcessBuilder(home.resolve("bin/fluxmq").toString(), "run")
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("log/console.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isAlive() {
        return process != null ? process.isAlive() : mqtt.isAlive();
    }

    @Override
    public void close() {
        if (process != null) {
            stopOwnProcess();
        }
        mqtt.close();
    }

    private void stopOwnProcess() {
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

    /** Replaces a file in etc/ atomically, as an editor saving it would. */
    void writeEtc(String file, String content) {
        try {
            Path etc = home.resolve("etc");
            Path tmp = etc.resolve("." + file + ".tmp");
            Files.writeString(tmp, content);
            Files.move(tmp, etc.resolve(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> get(String path, String user) {
        try {
            return http.send(request(path, user), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A GET, as {@code user} with the password the distribution ships ("admin"), or anonymous. */
    private HttpRequest request(String path, String user) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + path))
                .timeout(Duration.ofSeconds(10)).GET();
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":admin").getBytes(StandardCharsets.UTF_8)));
        }
        return b.build();
    }

    private int httpPort() {
        try {
            Matcher m = HTTP_PORT.matcher(Files.readString(home.resolve("etc/org.apache.felix.http.config")));
            if (!m.find()) {
                throw new IllegalStateException("no HTTP port in etc/org.apache.felix.http.config");
            }
            return Integer.parseInt(m.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean containsAll(String line, String... parts) {
        for (String p : parts) {
            if (!line.contains(p)) {
                return false;
            }
        }
        return true;
    }

    /** The broker's folder: the {@code -Dfluxmq.home} that bin/fluxmq gave the JVM it execs. */
    private static Path homeOf(long pid) {
        try {
            String[] args = Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline"), StandardCharsets.UTF_8)
                    .split("\0");
            for (String a : args) {
                if (a.startsWith("-Dfluxmq.home=")) {
                    return Path.of(a.substring("-Dfluxmq.home=".length()));
                }
            }
            throw new IllegalStateException("no -Dfluxmq.home in the command line of process " + pid);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
