package io.fluxmq.storage.rocksdb;

import static io.fluxmq.storage.rocksdb.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.storage.SessionState;
import io.fluxmq.api.storage.StorageException.Kind;
import io.fluxmq.storage.conformance.TestMessages;
import io.fluxmq.storage.rocksdb.engine.GroupCommitWriter;
import io.fluxmq.storage.rocksdb.engine.Settings;
import io.fluxmq.storage.rocksdb.engine.SyncPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer groups queued writes into one batch, respects the batch size, refuses writes
 * instead of blocking when its queue is full, and under "always" writes one batch per write.
 */
class GroupCommitTest {
    @TempDir
    Path dir;
    private RocksDbEnvironment env;
    private final CountDownLatch gate = new CountDownLatch(1);

    @AfterEach
    void close() {
        gate.countDown();
        if (env != null) {
            env.close();
        }
    }

    /** Holds the writer thread inside a batch until the gate opens, so that writes pile up behind it. */
    private CompletionStage<Object> blockWriter() throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        CompletionStage<Object> blocker = env.write("gate", batch -> {
            entered.countDown();
            try {
                gate.await(Fixtures.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        assertThat(entered.await(10, TimeUnit.SECONDS)).as("the writer took the gate op").isTrue();
        return blocker;
    }

    @Test
    void writesQueuedWhileABatchIsWrittenGoIntoOneBatch() throws Exception {
        env = RocksDbEnvironment.open(Settings.defaults(dir, SyncPolicy.BATCH));
        RocksDbStateStore store = new RocksDbStateStore(env);
        GroupCommitWriter writer = env.writer();
        CompletionStage<Object> blocker = blockWriter();
        long before = writer.batches();

        List<CompletionStage<Void>> saves = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            saves.add(store.saveSession(new SessionState("c" + i, "mqtt", 5, 0, 0)));
        }
        gate.countDown();
        await(blocker);
        saves.forEach(Fixtures::await);

        assertThat(writer.batches() - before).as("the gate's batch plus one batch for the 200 queued saves")
                .isEqualTo(2);
        assertThat(await(store.loadSessions())).hasSize(200);
    }

    @Test
    void aGroupCommitHoldsAtMostMaxBatchSizeWrites() throws Exception {
        env = RocksDbEnvironment.open(Settings.defaults(dir, SyncPolicy.BATCH).withQueue(1000, 50));
        RocksDbLogStore log = new RocksDbLogStore(env);
        GroupCommitWriter writer = env.writer();
        CompletionStage<Object> blocker = blockWriter();
        long before = writer.batches();

        List<CompletionStage<Long>> appends = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            appends.add(log.append("q", TestMessages.simple("q/t", "m" + i)));
        }
        gate.countDown();
        await(blocker);
        for (int i = 0; i < 200; i++) {
            assertThat(await(appends.get(i))).as("offset of append %d, in submission order", i).isEqualTo(i);
        }
        assertThat(writer.batches() - before).as("gate batch + 200 writes in batches of 50").isEqualTo(5);
    }

    @Test
    void concurrentWritersShareFsyncsUnderTheBatchPolicy() throws Exception {
        env = RocksDbEnvironment.open(Settings.defaults(dir, SyncPolicy.BATCH));
        long[] counted = runConcurrentAppends(8, 250);
        long ops = counted[0];
        long batches = counted[1];

        assertThat(counted[2]).as("writes committed").isEqualTo(ops);
        double perBatch = (double) ops / batches;
        // Each thread waits for its own append, so at most 8 are ever queued: while one fsync runs,
        // the other threads' appends queue up and share the next one.
        assertThat(perBatch).as("writes per group commit (%d writes in %d batches)", ops, batches)
                .isGreaterThan(1.5);
    }

    @Test
    void theAlwaysPolicyWritesEveryWriteInABatchOfItsOwn() throws Exception {
        env = RocksDbEnvironment.open(Settings.defaults(dir, SyncPolicy.ALWAYS));
        long[] counted = runConcurrentAppends(4, 100);

        assertThat(counted[1]).as("batches for %d writes", counted[0]).isEqualTo(counted[0]);
    }

    @Test
    void aFullQueueFailsWritesAtOnceInsteadOfBlocking() throws Exception {
        env = RocksDbEnvironment.open(Settings.defaults(dir, SyncPolicy.BATCH).withQueue(8, 512));
        RocksDbStateStore store = new RocksDbStateStore(env);
        CompletionStage<Object> blocker = blockWriter();
        List<CompletionStage<Void>> queued = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            queued.add(store.saveSession(new SessionState("q" + i, "mqtt", 5, 0, 0)));
        }

        long start = System.nanoTime();
        CompletionStage<Void> refused = store.saveSession(new SessionState("overflow", "mqtt", 5, 0, 0));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(refused.toCompletableFuture().isDone()).as("refused without waiting").isTrue();
        assertThat(Fixtures.failure(refused).kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(tookMillis).as("milliseconds the refused call took").isLessThan(1000);
        assertThat(env.writer().failedOps()).isEqualTo(1);

        gate.countDown();
        await(blocker);
        queued.forEach(Fixtures::await);
        assertThat(await(store.loadSession("overflow"))).isEmpty();
        assertThat(await(store.loadSessions())).hasSize(8);
    }

    /** {writes, batches, committed writes} of the run, counted after the store started. */
    private long[] runConcurrentAppends(int threads, int perThread) throws Exception {
        RocksDbLogStore log = new RocksDbLogStore(env);
        long batchesBefore = env.groupCommits();
        long committedBefore = env.committedWrites();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String name = "log-" + t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        assertThat(await(log.append(name, TestMessages.simple("q/t", name + ":" + i)))).isEqualTo(i);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return new long[] {(long) threads * perThread, env.groupCommits() - batchesBefore,
            env.committedWrites() - committedBefore};
    }
}
