package io.fluxmq.core.storage;

import static io.fluxmq.core.storage.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.storage.LogEntry;
import io.fluxmq.api.storage.SessionState;
import io.fluxmq.api.storage.StateStore;
import io.fluxmq.api.storage.StoredMessage;
import io.fluxmq.api.topic.TopicName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a switch carries over: everything, with sequences, offsets and times; and nothing stale. */
class MigrationTest {

    @Test
    void everythingIsCopiedBothWaysWithSequencesOffsetsAndAppendTimes(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness("memory")) {
            Backend memory = h.bind(Harness.memory());
            Backend rocksdb = h.bind(h.rocksdb(dir));
            h.awaitBackend("memory");
            TestData.fill(h.state(), h.log(), "");
            Snapshot before = Snapshot.of(memory);
            assertThat(before.logs()).containsKeys("queue", "emptied", "groups-only");
            assertThat(before.definitions()).containsOnlyKeys("amqp091/exchanges", "amqp091/queues",
                    "amqp091/bindings");
            assertThat(before.definitions().get("amqp091/exchanges")).containsOnlyKeys("orders", "vhost:/|amq.ü", "");

            h.configure("rocksdb");
            h.awaitBackend("rocksdb");

            assertThat(Snapshot.of(rocksdb)).as("the RocksDB backend after the switch").isEqualTo(before);
            assertThat(Snapshot.of(h.state(), h.log())).as("what the selected stores answer").isEqualTo(before);
            assertThat(h.selector.problems()).isEmpty();
            assertThat(h.publications()).as("the selected stores are registered once").isEqualTo(1);

            // The copy continues where the source left off: sequences and offsets are not reused.
            assertThat(await(h.log().append("queue", TestData.message("q", "after")))).isEqualTo(25L);
            assertThat(await(h.log().append("emptied", TestData.message("q", "after")))).isEqualTo(5L);
            long seq = await(h.state().enqueueOffline("client-0", TestData.message("o", "after")));
            List<StoredMessage> copiedQueue = before.offline().get("client-0");
            assertThat(seq).isGreaterThan(copiedQueue.get(copiedQueue.size() - 1).sequence());

            await(h.state().putDefinition("amqp091/queues", "declared-on-rocksdb", TestData.bytes("q")));
            assertThat(await(rocksdb.state().loadDefinitions("amqp091/queues")))
                    .as("a definition written after the switch").containsKey("declared-on-rocksdb");
            assertThat(await(memory.state().loadDefinitions("amqp091/queues"))).doesNotContainKey("declared-on-rocksdb");

            Snapshot onRocks = Snapshot.of(rocksdb);
            h.configure("memory");
            h.awaitBackend("memory");

            assertThat(Snapshot.of(memory)).as("the memory backend after switching back").isEqualTo(onRocks);
        }
    }

    @Test
    void staleDataInTheTargetDoesNotComeBackAndTheSourceIsLeftAlone(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness("memory")) {
            Backend memory = h.bind(Harness.memory());
            Backend rocksdb = h.bind(h.rocksdb(dir));
            h.awaitBackend("memory");
            TestData.fill(h.state(), h.log(), "");
            h.configure("rocksdb");
            h.awaitBackend("rocksdb");

            // Changed on RocksDB only; the memory backend still holds the old data.
            await(h.state().deleteSession("client-2"));
            await(h.state().removeRetained(TopicName.of("r/3")));
            await(h.state().removeWill("client-1"));
            await(h.log().deleteLog("queue"));
            await(h.state().putRetained(TestData.message("r/new", "new")));
            await(h.state().removeDefinition("amqp091/exchanges", "orders"));
            await(h.state().removeDefinition("amqp091/bindings", "orders->q:1"));
            await(h.state().putDefinition("amqp091/queues", "q:1/日本", TestData.bytes("replaced")));
            await(h.state().putDefinition("amqp091/new", "n", TestData.bytes("new")));
            long removedUpTo = await(h.state().peekOffline("client-4", 1)).get(0).sequence();
            await(h.state().removeOffline("client-4", removedUpTo));
            Snapshot live = Snapshot.of(rocksdb);
            assertThat(Snapshot.of(memory)).as("the memory backend holds stale data").isNotEqualTo(live);

            h.configure("memory");
            h.awaitBackend("memory");

            Snapshot after = Snapshot.of(memory);
            assertThat(after).isEqualTo(live);
            assertThat(after.sessions()).doesNotContainKey("client-2");
            assertThat(after.retained()).doesNotContainKey("r/3").containsKey("r/new");
            assertThat(after.wills()).isEmpty();
            assertThat(after.logs()).doesNotContainKey("queue");
            assertThat(after.definitions()).as("stale definitions are cleared, a whole namespace too")
                    .containsOnlyKeys("amqp091/exchanges", "amqp091/queues", "amqp091/new");
            assertThat(after.definitions().get("amqp091/exchanges")).containsOnlyKeys("vhost:/|amq.ü", "");
            assertThat(await(memory.state().loadDefinitions("amqp091/queues")).get("q:1/日本"))
                    .asString(java.nio.charset.StandardCharsets.UTF_8).isEqualTo("replaced");
            assertThat(after.offline().get("client-4")).extracting(StoredMessage::sequence)
                    .allMatch(s -> s > removedUpTo);
            assertThat(Snapshot.of(rocksdb)).as("the source is never changed by a switch").isEqualTo(live);
        }
    }

    @Test
    void writesHeldDuringTheCopyCompleteInOrderOnTheNewBackend(@TempDir Path dir) throws Exception {
        CountDownLatch copying = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Harness h = new Harness("memory")) {
            Backend real = Harness.memory();
            // The copy reads the wills last of the state store: it stops there until released.
            StateStore source = Wrapped.pausingOn(StateStore.class, real.state(), "loadWills", copying, release);
            h.bind("memory", source, real.log());
            Backend rocksdb = h.bind(h.rocksdb(dir));
            h.awaitBackend("memory");
            await(h.state().saveSession(new SessionState("c", "mqtt", 5, 60, 0)));
            long copiedSeq = await(h.state().enqueueOffline("c", TestData.message("o", "0")));
            await(h.state().putDefinition("amqp091/queues", "copied", TestData.bytes("old")));
            await(h.log().append("q", TestData.message("q", "0")));

            h.configure("rocksdb");
            assertThat(copying.await(30, TimeUnit.SECONDS)).as("the copy started").isTrue();
            assertThat(h.selector.gate().paused()).isTrue();
            List<CompletionStage<Long>> enqueued = new ArrayList<>();
            List<CompletionStage<Long>> appended = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                enqueued.add(h.state().enqueueOffline("c", TestData.message("o", String.valueOf(i))));
                appended.add(h.log().append("q", TestData.message("q", String.valueOf(i))));
            }
            CompletionStage<Void> retained = h.state().putRetained(TestData.message("r", "held"));
            CompletionStage<Void> removed = h.state().removeDefinition("amqp091/queues", "copied");
            CompletionStage<Void> declared = h.state().putDefinition("amqp091/queues", "held", TestData.bytes("new"));
            Thread.sleep(100);
            assertThat(enqueued).as("held writes wait for the switch")
                    .noneMatch(s -> s.toCompletableFuture().isDone());
            assertThat(retained.toCompletableFuture().isDone()).isFalse();
            assertThat(declared.toCompletableFuture().isDone()).isFalse();
            assertThat(await(h.state().loadSession("c"))).as("reads go on, to the old backend").isPresent();
            assertThat(h.state().backend()).isEqualTo("memory");

            release.countDown();
            h.awaitBackend("rocksdb");

            List<Long> sequences = enqueued.stream().map(Stages::await).toList();
            assertThat(sequences).isSorted().doesNotHaveDuplicates().allMatch(s -> s > copiedSeq);
            assertThat(appended.stream().map(Stages::await).toList()).containsExactly(1L, 2L, 3L, 4L, 5L);
            await(retained);
            assertThat(await(rocksdb.state().peekOffline("c", 10))).extracting(m -> m.message().payloadAsString())
                    .containsExactly("0", "1", "2", "3", "4", "5");
            assertThat(await(rocksdb.log().read("q", 0, 10))).extracting(LogEntry::offset)
                    .containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
            assertThat(await(rocksdb.state().loadRetained())).extracting(Message::payloadAsString)
                    .containsExactly("held");
            assertThat(await(real.state().peekOffline("c", 10))).as("nothing held went to the old backend")
                    .hasSize(1);
            await(removed);
            await(declared);
            assertThat(await(rocksdb.state().loadDefinitions("amqp091/queues"))).as("held definition writes, in order")
                    .containsOnlyKeys("held");
            assertThat(await(real.state().loadDefinitions("amqp091/queues"))).containsOnlyKeys("copied");
            assertThat(h.selector.gate().heldWrites()).isEqualTo(13);
        } finally {
            release.countDown();
        }
    }

    @Test
    void writesStillInFlightWhenTheSwitchStartsAreCopied(@TempDir Path dir) throws Exception {
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (Harness h = new Harness("memory")) {
            Backend real = Harness.memory();
            h.bind("memory", Wrapped.delayingWrites(StateStore.class, real.state(), 300, writer), real.log());
            Backend rocksdb = h.bind(h.rocksdb(dir));
            h.awaitBackend("memory");

            CompletionStage<Void> session = h.state().saveSession(new SessionState("late", "mqtt", 5, 60, 0));
            CompletionStage<Long> queued = h.state().enqueueOffline("late", TestData.message("o", "late"));
            h.configure("rocksdb");
            h.awaitBackend("rocksdb");

            assertThat(session.toCompletableFuture().isDone()).isTrue();
            await(queued);
            assertThat(await(rocksdb.state().loadSession("late"))).as("a write in flight at the pause").isPresent();
            assertThat(await(rocksdb.state().peekOffline("late", 10))).hasSize(1);
        } finally {
            writer.shutdownNow();
        }
    }
}
