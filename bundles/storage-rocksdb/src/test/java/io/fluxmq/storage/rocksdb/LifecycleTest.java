package io.fluxmq.storage.rocksdb;

import static io.fluxmq.storage.rocksdb.Fixtures.await;
import static io.fluxmq.storage.rocksdb.Fixtures.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.router.SubscriptionOptions;
import io.fluxmq.api.storage.InflightMessage;
import io.fluxmq.api.storage.PendingEntry;
import io.fluxmq.api.storage.SessionState;
import io.fluxmq.api.storage.StorageException.Kind;
import io.fluxmq.api.storage.WillMessage;
import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.api.topic.TopicName;
import io.fluxmq.storage.conformance.TestMessages;
import io.fluxmq.storage.rocksdb.engine.SyncPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deactivation, in the order DS does it (stores, then the environment): every stage fails with
 * UNAVAILABLE afterwards, writes queued before the environment closes are written, and a new
 * environment on the same directory (a bundle update) finds everything.
 */
class LifecycleTest {
    @TempDir
    Path dir;

    @Test
    void everyStageOfAClosedStoreFailsWithUnavailable() {
        RocksDbEnvironment env = Fixtures.open(dir, SyncPolicy.BATCH);
        RocksDbStateStore state = new RocksDbStateStore(env);
        RocksDbLogStore log = new RocksDbLogStore(env);
        await(log.append("q", TestMessages.simple("q/t", "x")));
        state.close();
        log.close();
        try {
            List<CompletionStage<?>> stages = new ArrayList<>(everyStateCall(state));
            stages.addAll(everyLogCall(log));
            for (CompletionStage<?> s : stages) {
                assertThat(failure(s).kind()).isEqualTo(Kind.UNAVAILABLE);
            }
            assertThat(log.nextOffset("q")).isZero();
            assertThat(log.firstOffset("q")).isZero();
            assertThat(log.logs()).isEmpty();
        } finally {
            env.close();
        }
    }

    @Test
    void aClosedEnvironmentFailsStoresThatStillHoldItWithUnavailable() {
        RocksDbEnvironment env = Fixtures.open(dir, SyncPolicy.BATCH);
        RocksDbStateStore state = new RocksDbStateStore(env);
        RocksDbLogStore log = new RocksDbLogStore(env);
        env.close();

        for (CompletionStage<?> s : everyStateCall(state)) {
            assertThat(failure(s).kind()).isEqualTo(Kind.UNAVAILABLE);
        }
        for (CompletionStage<?> s : everyLogCall(log)) {
            assertThat(failure(s).kind()).isEqualTo(Kind.UNAVAILABLE);
        }
    }

    /** DS order: the store closes first (regression: its queued appends restarted at offset 0). */
    @Test
    void appendsQueuedWhenTheStoreClosesKeepTheirOffsetsAndAreFoundAfterReopening() {
        closeWithQueuedAppends(true);
    }

    /** The environment's own close writes what is still queued. */
    @Test
    void appendsQueuedWhenTheEnvironmentClosesAreWrittenAndFoundAfterReopening() {
        closeWithQueuedAppends(false);
    }

    private void closeWithQueuedAppends(boolean storeFirst) {
        RocksDbEnvironment env = Fixtures.open(dir, SyncPolicy.NONE);
        RocksDbLogStore log = new RocksDbLogStore(env);
        List<CompletionStage<Long>> appends = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            appends.add(log.append("q", TestMessages.simple("q/t", "m" + i)));
        }
        if (storeFirst) {
            log.close();
        }
        env.close();
        log.close();
        for (int i = 0; i < appends.size(); i++) {
            assertThat(await(appends.get(i))).isEqualTo(i);
        }

        RocksDbEnvironment updated = Fixtures.open(dir, SyncPolicy.NONE);
        try {
            RocksDbLogStore again = new RocksDbLogStore(updated);
            assertThat(again.nextOffset("q")).isEqualTo(2000);
            assertThat(await(again.read("q", 0, 2000))).extracting(e -> e.message().payloadAsString())
                    .as("every entry is the message appended at its offset")
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 2000).mapToObj(i -> "m" + i).toList());
        } finally {
            updated.close();
        }
    }

    private static List<CompletionStage<?>> everyStateCall(RocksDbStateStore s) {
        Subscription sub = new Subscription(TopicFilter.of("a/b"), SubscriptionOptions.DEFAULT);
        return List.of(s.saveSession(new SessionState("c", "mqtt", 5, 0, 0)), s.loadSession("c"), s.loadSessions(),
                s.deleteSession("c"), s.saveSubscription("c", sub), s.deleteSubscription("c", sub.filter()),
                s.loadSubscriptions("c"), s.loadAllSubscriptions(),
                s.saveInflight("c", new InflightMessage(1, InflightMessage.Direction.OUTBOUND,
                        InflightMessage.State.AWAITING_PUBACK, TestMessages.simple("a/b", "x"))),
                s.deleteInflight("c", 1, InflightMessage.Direction.OUTBOUND), s.loadInflight("c"),
                s.enqueueOffline("c", TestMessages.simple("a/b", "x")), s.peekOffline("c", 1), s.removeOffline("c", 1),
                s.offlineCount("c"), s.putRetained(TestMessages.simple("a/b", "x")), s.removeRetained(TopicName.of("a/b")),
                s.loadRetained(), s.putWill(new WillMessage("c", TestMessages.simple("a/b", "x"), 0)),
                s.removeWill("c"), s.loadWills());
    }

    private static List<CompletionStage<?>> everyLogCall(RocksDbLogStore l) {
        return List.of(l.append("q", TestMessages.simple("q/t", "x")), l.read("q", 0, 1), l.truncateBefore("q", 1),
                l.deleteLog("q"), l.commitOffset("q", "g", 1), l.committedOffset("q", "g"),
                l.savePending("q", "g", new PendingEntry(1, "c", 1, 1)), l.removePending("q", "g", 1),
                l.loadPending("q", "g"), l.groups("q"));
    }
}
