package io.fluxmq.benchmarks.storage;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.message.QoS;
import io.fluxmq.api.storage.SessionState;
import io.fluxmq.storage.rocksdb.RocksDbEnvironment;
import io.fluxmq.storage.rocksdb.RocksDbLogStore;
import io.fluxmq.storage.rocksdb.RocksDbStateStore;
import io.fluxmq.storage.rocksdb.engine.Settings;
import io.fluxmq.storage.rocksdb.engine.SyncPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable operations per second of the RocksDB stores under each sync policy, with four threads
 * that each wait for their own write, as protocol handlers do before acknowledging. Under
 * {@code batch} the writes that queue while one fsync runs share the next one (group commit), so
 * it approaches {@code none} as threads are added, while {@code always} pays one fsync per write.
 *
 * <ul>
 * <li>{@code logAppend}: a 256-byte message appended to one shared queue log</li>
 * <li>{@code offsetCommit}: a consumer group's committed offset</li>
 * <li>{@code sessionSave}: a session record, 1,000 clients per thread</li>
 * <li>{@code retainedLoad}: {@code loadRetained()} of 100 retained messages (a read: the policy
 *     does not apply, it shows the cost of the read executor and the scan)</li>
 * </ul>
 *
 * The tear-down prints writes per group commit. The database lives in a temporary directory,
 * deleted after each trial.
 *
 * <pre>java -jar integration-tests/benchmarks/target/benchmarks.jar Storage -f 1 -wi 1 -i 3 -w 2s -r 3s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 3)
@Threads(4)
public class StorageBenchmark {
    private static final int RETAINED = 100;
    private static final byte[] PAYLOAD = new byte[256];

    @Param({"none", "batch", "always"})
    public String sync;

    private Path dir;
    private RocksDbEnvironment env;
    private RocksDbStateStore state;
    private RocksDbLogStore log;
    private Message message;
    private final AtomicInteger threadIds = new AtomicInteger();

    /** Per benchmark thread. */
    @State(Scope.Thread)
    public static class Worker {
        int id;
        long counter;

        @Setup(Level.Trial)
        public void setUp(StorageBenchmark b) {
            id = b.threadIds.getAndIncrement();
        }
    }

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("fluxmq-storage-bench");
        env = RocksDbEnvironment.open(Settings.defaults(dir.resolve("db"), SyncPolicy.parse(sync)));
        state = new RocksDbStateStore(env);
        log = new RocksDbLogStore(env);
        message = Message.builder("bench/queue").payload(PAYLOAD).qos(QoS.AT_LEAST_ONCE).build();
        for (int i = 0; i < RETAINED; i++) {
            join(state.putRetained(Message.builder("bench/retained/" + i).payload(PAYLOAD).retain(true).build()));
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        long commits = env.groupCommits();
        long writes = env.committedWrites();
        System.out.printf("%n[storage] sync=%s: %d writes in %d group commits, %.2f writes per commit%n", sync,
                writes, commits, commits == 0 ? 0.0 : (double) writes / commits);
        state.close();
        log.close();
        env.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    public long logAppend() {
        return join(log.append("bench", message));
    }

    @Benchmark
    public void offsetCommit(Worker w) {
        join(log.commitOffset("bench", "group-" + w.id, ++w.counter));
    }

    @Benchmark
    public void sessionSave(Worker w) {
        join(state.saveSession(new SessionState("client-" + w.id + "-" + (w.counter++ % 1000), "mqtt", 5, 300, 0)));
    }

    @Benchmark
    public int retainedLoad() {
        List<Message> retained = join(state.loadRetained());
        if (retained.size() != RETAINED) {
            throw new IllegalStateException("loaded " + retained.size() + " retained messages, expected " + RETAINED);
        }
        return retained.size();
    }

    private static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }
}
