package io.fluxmq.storage.rocksdb;

import static io.fluxmq.storage.rocksdb.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.storage.StorageException;
import io.fluxmq.api.storage.StorageException.Kind;
import io.fluxmq.storage.conformance.TestMessages;
import io.fluxmq.storage.rocksdb.engine.Settings;
import io.fluxmq.storage.rocksdb.engine.SyncPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real full disk: the database lives on a 160 MiB tmpfs, a filler file takes the rest, and writes
 * must fail with FULL while reads go on; once the filler is deleted, RocksDB's own recovery (its
 * SstFileManager polls free space every 5 s) lets writes succeed again without a restart, and
 * nothing acknowledged is lost. Mounting needs root; without it the test is reported as aborted
 * with the reason, and {@link WriteFailureTest} still covers the same path with injected failures.
 */
class DiskFullTest {
    private static final long RECOVERY_DEADLINE_MS = 60_000;

    private final Path mount = Path.of("target", "disk-full-tmpfs").toAbsolutePath();
    private boolean mounted;
    private RocksDbEnvironment env;

    @BeforeEach
    void mountTmpfs() throws Exception {
        Files.createDirectories(mount);
        String output = run("mount", "-t", "tmpfs", "-o", "size=160m", "tmpfs", mount.toString());
        mounted = output == null;
        Assumptions.assumeTrue(mounted, () -> "cannot mount a tmpfs here (root needed): " + output);
    }

    @AfterEach
    void unmount() throws Exception {
        if (env != null) {
            env.close();
        }
        if (mounted) {
            run("umount", mount.toString());
        }
    }

    @Test
    void writesFailWithFullWhileTheDiskIsFullAndRecoverWhenSpaceReturns() throws Exception {
        Path dir = mount.resolve("db");
        // Small memtables, so that the full disk is met by flushes too, not only by the WAL.
        env = RocksDbEnvironment.open(new Settings(dir, SyncPolicy.BATCH, 1000, 64, 0, 1));
        RocksDbLogStore log = new RocksDbLogStore(env);
        byte[] payload = TestMessages.randomBytes(32 * 1024, 7);
        long acknowledged = 0;
        for (int i = 0; i < 10; i++) {
            acknowledged = await(log.append("q", message(payload))) + 1;
        }
        Path filler = mount.resolve("filler");
        fill(filler);

        StorageException full = null;
        for (int i = 0; i < 2000 && full == null; i++) {
            try {
                long offset = log.append("q", message(payload)).toCompletableFuture().get(20, TimeUnit.SECONDS);
                assertThat(offset).as("offsets stay contiguous").isEqualTo(acknowledged);
                acknowledged = offset + 1;
            } catch (ExecutionException | CompletionException e) {
                assertThat(e.getCause()).isInstanceOf(StorageException.class);
                full = (StorageException) e.getCause();
            }
        }
        assertThat(full).as("a write failed once the disk was full").isNotNull();
        assertThat(full.kind()).as("kind of %s", full.getMessage()).isEqualTo(Kind.FULL);
        assertThat(await(log.read("q", 0, 2))).as("reads while the disk is full").hasSize(2);

        Files.delete(filler);
        long deadline = System.currentTimeMillis() + RECOVERY_DEADLINE_MS;
        Long recovered = null;
        while (recovered == null && System.currentTimeMillis() < deadline) {
            try {
                recovered = log.append("q", message(payload)).toCompletableFuture().get(20, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                TimeUnit.MILLISECONDS.sleep(250);
            }
        }
        assertThat(recovered).as("a write succeeded within %d ms of freeing space", RECOVERY_DEADLINE_MS).isNotNull();
        assertThat(recovered).as("the first offset after recovery").isEqualTo(acknowledged);
        env.close();
        env = RocksDbEnvironment.open(Settings.defaults(dir, SyncPolicy.BATCH));
        RocksDbLogStore reopened = new RocksDbLogStore(env);
        assertThat(reopened.nextOffset("q")).isEqualTo(recovered + 1);
        assertThat(await(reopened.read("q", 0, (int) (recovered + 1)))).hasSize((int) (recovered + 1));
    }

    private static io.fluxmq.api.message.Message message(byte[] payload) {
        return io.fluxmq.api.message.Message.builder("disk/full").payload(payload).build();
    }

    private static void fill(Path filler) {
        byte[] chunk = new byte[256 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (int i = 0; i < 1024; i++) {
                out.write(chunk);
                out.flush();
            }
        } catch (IOException expected) {
            // ENOSPC: the tmpfs is full
        }
    }

    /** Runs a command; null when it succeeded, else its output. */
    private static String run(String... command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            boolean ended = p.waitFor(20, TimeUnit.SECONDS);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return ended && p.exitValue() == 0 ? null : (out.isEmpty() ? "exit " + (ended ? p.exitValue() : "timeout") : out);
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
