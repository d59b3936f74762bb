package io.fluxmq.storage.rocksdb;

import io.fluxmq.storage.conformance.TestMessages;
import io.fluxmq.storage.rocksdb.engine.Settings;
import io.fluxmq.storage.rocksdb.engine.SyncPolicy;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link RestartTest} in a JVM of its own: appends from four threads, prints "ACK log offset"
 * for every completed append, and after {@code count} acknowledgements halts the JVM with writes
 * still queued, without closing anything, as a killed broker would.
 */
public final class CrashWriter {
    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        SyncPolicy policy = SyncPolicy.parse(args[1]);
        int count = Integer.parseInt(args[2]);
        RocksDbEnvironment env = RocksDbEnvironment.open(Settings.defaults(dir, policy));
        RocksDbLogStore log = new RocksDbLogStore(env);
        java.util.concurrent.atomic.AtomicInteger acked = new java.util.concurrent.atomic.AtomicInteger();
        Object out = new Object();
        for (int t = 0; t < 4; t++) {
            String name = "log-" + t;
            Thread writer = new Thread(() -> {
                for (int i = 0; ; i++) {
                    long offset = log.append(name, TestMessages.simple("crash/t", name + ":" + i))
                            .toCompletableFuture().join();
                    synchronized (out) {
                        System.out.println("ACK " + name + " " + offset);
                        System.out.flush();
                    }
                    if (acked.incrementAndGet() >= count) {
                        // More writes are in flight on the other threads: halt now, mid-stream.
                        Runtime.getRuntime().halt(0);
                    }
                }
            });
            writer.setDaemon(true);
            writer.start();
        }
        TimeUnit.SECONDS.sleep(60);
        System.out.println("TIMEOUT");
        Runtime.getRuntime().halt(3);
    }
}
