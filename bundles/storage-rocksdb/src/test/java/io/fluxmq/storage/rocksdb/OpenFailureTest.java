package io.fluxmq.storage.rocksdb;

import static io.fluxmq.storage.rocksdb.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fluxmq.api.storage.SessionState;
import io.fluxmq.storage.rocksdb.engine.DatabaseOpenException;
import io.fluxmq.storage.rocksdb.engine.SyncPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * A directory that cannot be opened makes activation fail with a message naming the directory and
 * the cause, and is left exactly as it was: same files, same bytes.
 */
class OpenFailureTest {
    @TempDir
    Path tmp;

    private Path createDatabase() {
        Path dir = tmp.resolve("db");
        RocksDbEnvironment env = Fixtures.open(dir, SyncPolicy.BATCH);
        RocksDbStateStore store = new RocksDbStateStore(env);
        await(store.saveSession(new SessionState("kept", "mqtt", 5, 60, 0)));
        store.close();
        env.close();
        return dir;
    }

    private DatabaseOpenException openFails(Path dir) {
        Throwable t = catchThrowable(() -> Fixtures.open(dir, SyncPolicy.BATCH).close());
        assertThat(t).as("opening %s", dir).isInstanceOf(DatabaseOpenException.class);
        return (DatabaseOpenException) t;
    }

    @Test
    void garbageInCurrentFailsClearlyAndChangesNothing() throws IOException {
        Path dir = createDatabase();
        byte[] original = Files.readAllBytes(dir.resolve("CURRENT"));
        Files.write(dir.resolve("CURRENT"), "\u0000garbage, not a manifest name".getBytes(StandardCharsets.UTF_8));
        Map<String, String> before = Fixtures.fingerprint(dir);

        DatabaseOpenException e = openFails(dir);

        assertThat(e.getMessage()).startsWith("ROCKS-1005").contains(dir.toAbsolutePath().toString())
                .contains("left as they are");
        assertThat(Fixtures.fingerprint(dir)).as("files and bytes after the failed open").isEqualTo(before);

        // Nothing was damaged: with CURRENT restored the data is all there.
        Files.write(dir.resolve("CURRENT"), original);
        RocksDbEnvironment env = Fixtures.open(dir, SyncPolicy.BATCH);
        try {
            assertThat(await(new RocksDbStateStore(env).loadSession("kept"))).isPresent();
        } finally {
            env.close();
        }
    }

    @Test
    void garbageInTheManifestFailsClearlyAndChangesNothing() throws IOException {
        Path dir = createDatabase();
        Path manifest;
        try (Stream<Path> files = Files.list(dir)) {
            manifest = files.filter(p -> p.getFileName().toString().startsWith("MANIFEST-")).findFirst().orElseThrow();
        }
        byte[] garbage = new byte[(int) Files.size(manifest)];
        java.util.Arrays.fill(garbage, (byte) 0x5A);
        Files.write(manifest, garbage);
        Map<String, String> before = Fixtures.fingerprint(dir);

        DatabaseOpenException e = openFails(dir);

        assertThat(e.getMessage()).startsWith("ROCKS-1005").contains(dir.toAbsolutePath().toString())
                .containsIgnoringCase("corrupt");
        assertThat(Fixtures.fingerprint(dir)).isEqualTo(before);
    }

    @Test
    void aNonEmptyDirectoryWithoutADatabaseIsNotTouched() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(dir.resolve("notes.txt"), "someone else's files");
        Map<String, String> before = Fixtures.fingerprint(dir);

        DatabaseOpenException e = openFails(dir);

        assertThat(e.getMessage()).startsWith("ROCKS-1003").contains(dir.toAbsolutePath().toString())
                .contains("no CURRENT file");
        assertThat(Fixtures.fingerprint(dir)).isEqualTo(before);
    }

    @Test
    void aRocksDbDatabaseThatFluxmqDidNotCreateIsNotTouched() throws Exception {
        Path dir = tmp.resolve("foreign");
        RocksDB.loadLibrary();
        try (Options options = new Options().setCreateIfMissing(true);
                RocksDB db = RocksDB.open(options, dir.toString())) {
            db.put("someone".getBytes(StandardCharsets.UTF_8), "else".getBytes(StandardCharsets.UTF_8));
        }
        Map<String, String> before = Fixtures.fingerprint(dir);

        DatabaseOpenException e = openFails(dir);

        assertThat(e.getMessage()).startsWith("ROCKS-1003").contains("did not create");
        assertThat(Fixtures.fingerprint(dir)).as("no column families added, nothing rewritten").isEqualTo(before);
    }

    @Test
    void aPathThatIsAFileFailsClearly() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");

        assertThat(openFails(file).getMessage()).startsWith("ROCKS-1001").contains(file.toAbsolutePath().toString());
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void aDirectoryThatCannotBeCreatedFailsClearly() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Path impossible = file.resolve("data/rocksdb");

        DatabaseOpenException e = openFails(impossible);

        assertThat(e.getMessage()).startsWith("ROCKS-1002").contains(impossible.toAbsolutePath().toString())
                .contains("cannot be created");
    }

    /**
     * chmod does not stop root, and tests may run as root. Then the directory is made immutable
     * with chattr +i, which stops root too; where that is not possible either, the directory is
     * made impossible by placing it under a regular file. Every branch expects a clear failure.
     */
    @Test
    void aDirectoryThatCannotBeWrittenFailsClearly() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("readonly"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        boolean immutable = false;
        try {
            if (canCreateFileIn(dir)) {
                immutable = run("chattr", "+i", dir.toString()) && !canCreateFileIn(dir);
            }
            if (canCreateFileIn(dir)) {
                Path file = Files.writeString(tmp.resolve("plain-file"), "x");
                dir = file.resolve("db");
            }
            DatabaseOpenException e = openFails(dir);
            assertThat(e.getMessage()).matches("ROCKS-100[246] .*").contains(dir.toAbsolutePath().toString());
        } finally {
            if (immutable) {
                run("chattr", "-i", tmp.resolve("readonly").toString());
            }
            Files.setPosixFilePermissions(tmp.resolve("readonly"), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aDatabaseOpenElsewhereInThisProcessIsRefusedAndKeepsWorking() {
        Path dir = createDatabase();
        RocksDbEnvironment first = Fixtures.open(dir, SyncPolicy.BATCH);
        try {
            DatabaseOpenException e = openFails(dir);
            assertThat(e.getMessage()).startsWith("ROCKS-1006").containsIgnoringCase("lock");
            assertThat(await(new RocksDbStateStore(first).loadSession("kept"))).isPresent();
        } finally {
            first.close();
        }
    }

    private static boolean canCreateFileIn(Path dir) {
        try {
            Files.delete(Files.createFile(dir.resolve("probe")));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean run(String... command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
