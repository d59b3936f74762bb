package io.fluxmq.it.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A damaged or unusable RocksDB directory found at start (issue 4, "Bad conditions"): garbage in
 * CURRENT, garbage in the MANIFEST, a regular file where the directory should be. Each time the
 * broker logs an error naming the directory and the cause, /ready answers 503 naming storage, no
 * MQTT client gets an empty broker, and every file keeps its bytes. With the damage undone, the
 * broker starts on the same data: sessions, offline queues and retained messages are all there.
 */
class CorruptDataDirectoryIT {
    private static final Duration REFUSAL = Duration.ofSeconds(60);
    private static final String ROCKSDB_COMPONENT = "io.fluxmq.storage.rocksdb.environment";

    @Test
    void damagedDirectoryIsReportedAndLeftAsItWasAndTheBrokerDoesNotStartEmpty() throws Exception {
        try (StorageBroker broker = StorageBroker.start("storage-corrupt");
                OfflineSessions offline = new OfflineSessions(broker, "corrupt");
                RetainedTopics retained = new RetainedTopics(broker, "corrupt")) {
            List<KeptState> kept = List.of(offline, retained);
            for (KeptState k : kept) {
                k.write(0);
            }
            broker.stop();
            Path dir = broker.rocksDbDirectory();

            Path current = dir.resolve("CURRENT");
            byte[] currentBytes = Files.readAllBytes(current);
            Files.write(current, "\u0000garbage, not a manifest name\n".getBytes(StandardCharsets.UTF_8));
            assertRefusedToStart(broker, dir, "ROCKS-1005", "damaged CURRENT file", dir);
            Files.write(current, currentBytes);

            Path manifest = manifestOf(dir);
            byte[] manifestBytes = Files.readAllBytes(manifest);
            byte[] garbage = new byte[manifestBytes.length];
            java.util.Arrays.fill(garbage, (byte) 0x5A);
            Files.write(manifest, garbage);
            assertRefusedToStart(broker, dir, "ROCKS-1005", "Corruption", dir);
            Files.write(manifest, manifestBytes);

            Path moved = dir.resolveSibling("rocksdb.moved");
            Files.move(dir, moved);
            Files.writeString(dir, "a regular file where the RocksDB directory should be\n");
            assertRefusedToStart(broker, dir, "ROCKS-1001", "not a directory", dir, moved);
            Files.delete(dir);
            Files.move(moved, dir);

            broker.mqtt().restart();
            for (KeptState k : kept) {
                k.assertKept(1);
            }
        }
    }

    /**
     * Starts the stopped broker on a damaged {@code dir} and checks what the operator and clients see:
     * {@code code} with the directory and {@code cause}; stops it again. {@code watched}: the files and
     * folders that must keep their bytes.
     */
    private static void assertRefusedToStart(StorageBroker broker, Path dir, String code, String cause,
            Path... watched) throws Exception {
        Map<String, String> before = fingerprint(watched);
        long logged = broker.logLines(code, dir.toString(), cause);
        broker.startWithoutWaiting();
        try {
            // Bundles are still starting at first: wait until every part of the report is there.
            await().atMost(REFUSAL).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(() -> {
                HttpResponse<String> ready = broker.ready();
                assertThat(ready.statusCode()).as("/ready with a damaged data directory").isEqualTo(503);
                assertThat(ready.body()).as("/ready names storage, the directory and the cause")
                        .contains("\"name\":\"storage\"").contains("no storage backend selected yet")
                        .contains(ROCKSDB_COMPONENT).contains(code).contains(dir.toString()).contains(cause);
            });
            assertThat(broker.logLines(code, dir.toString(), cause)).as("%s naming %s and '%s' in the log", code, dir,
                    cause).isGreaterThan(logged);
            // The console registers its pages a little after /ready answers.
            await().atMost(REFUSAL).ignoreExceptions()
                    .untilAsserted(() -> assertThat(broker.consolePage()).contains(code).contains(dir.toString()));
            assertNoEmptyBroker(broker);
        } finally {
            broker.stop();
        }
        assertThat(fingerprint(watched)).as("files and bytes in %s after the refused start", List.of(watched))
                .isEqualTo(before);
    }

    /** A client resuming its session must not find a broker that started empty (session present 0). */
    private static void assertNoEmptyBroker(StorageBroker broker) throws Exception {
        try (PahoV5RecordingClient c = new PahoV5RecordingClient(broker.tcpUri(), "corrupt-offline-v5")) {
            Throwable t = catchThrowable(() -> c.connect(true));
            assertThat(t).as("connecting to a broker without its storage").isNotNull();
        }
    }

    private static Path manifestOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("MANIFEST-")).findFirst().orElseThrow();
        }
    }

    /** Every regular file under each root (or the root itself) with the SHA-256 of its bytes. */
    private static Map<String, String> fingerprint(Path... roots) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile).forEach(f -> out.put(f.toString(), sha256(f)));
            }
        }
        return out;
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
