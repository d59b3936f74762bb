package io.fluxmq.storage.rocksdb;

import io.fluxmq.api.storage.StorageException;
import io.fluxmq.storage.conformance.Await;
import io.fluxmq.storage.rocksdb.engine.Settings;
import io.fluxmq.storage.rocksdb.engine.SyncPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;

/** Helpers shared by the RocksDB-specific tests. */
final class Fixtures {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Fixtures() {
    }

    static RocksDbEnvironment open(Path dir, SyncPolicy policy) {
        return RocksDbEnvironment.open(Settings.defaults(dir, policy));
    }

    static <T> T await(CompletionStage<T> stage) {
        return Await.await(stage, TIMEOUT);
    }

    /** The StorageException a stage failed with; fails the test for anything else. */
    static StorageException failure(CompletionStage<?> stage) {
        Throwable t = Await.awaitFailure(stage, TIMEOUT);
        if (!(t instanceof StorageException e)) {
            throw new AssertionError("expected a StorageException, got " + t, t);
        }
        return e;
    }

    /** Relative path to SHA-256 of every file under {@code dir}: compares a directory before and after. */
    static Map<String, String> fingerprint(Path dir) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(p)) {
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    out.put(dir.relativize(p).toString(), HexFormat.of().formatHex(sha.digest(Files.readAllBytes(p))));
                } else if (!p.equals(dir)) {
                    out.put(dir.relativize(p) + "/", "dir");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
