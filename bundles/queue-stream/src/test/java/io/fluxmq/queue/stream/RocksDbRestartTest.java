package io.fluxmq.queue.stream;

import static io.fluxmq.queue.stream.Streams.TIMEOUT;
import static io.fluxmq.queue.stream.Streams.appendRange;
import static io.fluxmq.queue.stream.Streams.config;
import static io.fluxmq.queue.stream.Streams.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fluxmq.api.queue.AckOutcome;
import io.fluxmq.api.queue.Queue;
import io.fluxmq.api.queue.QueueConfig;
import io.fluxmq.api.queue.QueueConfig.Retention;
import io.fluxmq.queue.testkit.Recorder;
import io.fluxmq.queue.testkit.TestQueueContext;
import io.fluxmq.storage.rocksdb.RocksDbEnvironment;
import io.fluxmq.storage.rocksdb.RocksDbLogStore;
import io.fluxmq.storage.rocksdb.engine.Settings;
import io.fluxmq.storage.rocksdb.engine.SyncPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stream on the RocksDB log store, reopened on the same directory as a broker restart does. */
class RocksDbRestartTest {
    @TempDir
    Path dir;

    /** One "broker run": the environment, the log store and the context, closed together. */
    private final class Run implements AutoCloseable {
        final RocksDbEnvironment env = RocksDbEnvironment.open(Settings.defaults(dir, SyncPolicy.BATCH));
        final RocksDbLogStore store = new RocksDbLogStore(env);
        final TestQueueContext context = new TestQueueContext(store);

        Queue open(QueueConfig config) {
            return new StreamQueueType(Streams.FAST).create(config, context);
        }

        @Override
        public void close() {
            context.close();
            store.close();
            env.close();
        }
    }

    @Test
    void explicitAndAutomaticCommitsSurviveARestart() throws InterruptedException {
        QueueConfig config = Streams.autoCommit(config("s"), Duration.ofMillis(50));
        Instant middle;
        try (Run run = new Run()) {
            Queue q = run.open(config);
            appendRange(q, 0, 10);
            Thread.sleep(30);
            middle = Instant.now();
            Thread.sleep(30);
            appendRange(q, 10, 20);
            Recorder acked = new Recorder();
            q.attach(spec("a", "acking", "earliest"), acked).addCredit(100);
            await().atMost(TIMEOUT).until(() -> acked.count() == 20);
            Recorder auto = new Recorder();
            q.attach(spec("b", "auto", "earliest"), auto).addCredit(12);
            await().atMost(TIMEOUT).until(() -> auto.count() == 12);
            await().atMost(TIMEOUT).until(() -> Streams.await(run.store.committedOffset("s", "auto")).orElse(-1) == 12);
            q.close();
        }
        try (Run run = new Run()) {
            Queue q = run.open(config);
            assertThat(q.stats().depth()).isEqualTo(20);
            assertThat(q.stats().bytes()).isEqualTo(10 * 2 + 10 * 3);
            Recorder auto = new Recorder();
            q.attach(spec("b", "auto", null), auto).addCredit(100);
            await().atMost(TIMEOUT).until(() -> auto.count() == 8);
            assertThat(auto.offsets()).first().isEqualTo(12L);
            Recorder acked = new Recorder();
            q.attach(spec("a", "acking", null), acked).addCredit(100);
            Streams.assertNoMoreDeliveries(acked, 0);

            Recorder replay = new Recorder();
            q.attach(spec("t", "by-time", middle.toString()), replay).addCredit(100);
            await().atMost(TIMEOUT).until(() -> replay.count() == 10);
            assertThat(replay.offsets()).first().isEqualTo(10L);
            q.close();
        }
    }

    @Test
    void anAckedPositionAndRetentionSurviveARestart() {
        QueueConfig config = Streams.retention(config("s"), new Retention(Duration.ZERO, 0, 15));
        try (Run run = new Run()) {
            Queue q = run.open(config);
            appendRange(q, 0, 20);
            await().atMost(TIMEOUT).until(() -> run.store.firstOffset("s") == 5);
            Recorder r = new Recorder();
            q.attach(spec("c", "g", "earliest"), r).addCredit(100);
            await().atMost(TIMEOUT).until(() -> r.count() == 15);
            assertThat(Streams.await(q.ack("g", "c", 9))).isEqualTo(AckOutcome.OK);
            q.close();
        }
        try (Run run = new Run()) {
            assertThat(run.store.firstOffset("s")).isEqualTo(5);
            Queue q = run.open(config);
            Recorder r = new Recorder();
            q.attach(spec("c", "g", null), r).addCredit(100);
            await().atMost(TIMEOUT).until(() -> r.count() == 10);
            assertThat(r.offsets()).first().isEqualTo(10L);
            assertThat(r.offsets()).last().isEqualTo(19L);
            appendRange(q, 20, 22);
            await().atMost(TIMEOUT).until(() -> run.store.firstOffset("s") == 7);
            await().atMost(TIMEOUT).until(() -> r.count() == 12);
            q.close();
        }
    }
}
