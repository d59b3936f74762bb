package io.fluxmq.it.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted on a directory, so that a test can fill a real filesystem. Mounting needs
 * root, which the test machines and CI have; without it the test fails with the reason (a disk-full
 * test that silently skips proves nothing). {@link #close()} unmounts.
 */
final class Tmpfs implements AutoCloseable {
    private final Path mountPoint;

    private Tmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code sizeMb} MiB on {@code dir} (created if missing, must be empty). */
    static Tmpfs mount(Path dir, int sizeMb) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String failure = run("mount", "-t", "tmpfs", "-o", "size=" + sizeMb + "m", "tmpfs", dir.toString());
        if (failure != null) {
            throw new AssertionError("cannot mount a " + sizeMb + " MiB tmpfs on " + dir + " (needs root): " + failure);
        }
        return new Tmpfs(dir);
    }

    /** Writes zeros to {@code file} until the filesystem is full. */
    void fill(Path file) {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < 1_000_000; i++) {
                out.write(chunk);
            }
            throw new AssertionError("the tmpfs on " + mountPoint + " took 64 GB without filling up");
        } catch (IOException expected) {
            // ENOSPC: full
        }
    }

    /** Free bytes as the filesystem reports them. */
    long usableSpace() {
        try {
            return Files.getFileStore(mountPoint).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        String failure = run("umount", mountPoint.toString());
        if (failure != null) {
            // Busy (a process still holds a file): detach it now, the kernel frees it when released.
            String lazy = run("umount", "-l", mountPoint.toString());
            if (lazy != null) {
                throw new AssertionError("cannot unmount " + mountPoint + ": " + failure + " / " + lazy);
            }
        }
    }

    /** Runs a command for at most 20 s; null when it succeeded, else its output. */
    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            boolean ended = p.waitFor(20, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return ended && p.exitValue() == 0 ? null : (out.isEmpty() ? "exit " + (ended ? p.exitValue() : "timeout") : out);
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }
}
