package io.fluxmq.core.storage;

import static io.fluxmq.core.storage.Stages.await;
import static io.fluxmq.core.storage.Stages.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.storage.LogStore;
import io.fluxmq.api.storage.SessionState;
import io.fluxmq.api.storage.StateStore;
import io.fluxmq.api.storage.StorageException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Selection, refusal, failure and readiness of the storage selector. */
class StorageSelectorTest {

    @Test
    void nothingIsSelectedOrRegisteredUntilTheConfiguredBackendHasBothStores() throws Exception {
        try (Harness h = new Harness("memory")) {
            // The selector thread may already have added why (which stores are missing): match the start.
            assertThat(h.selector.problems()).singleElement().asString().startsWith(StorageSelector.NOT_SELECTED_YET);
            assertThat(h.selector.name()).isEqualTo("storage");
            Backend memory = Harness.memory();
            h.selector.bindStateStore(memory.state(), Map.of("fluxmq.storage", "memory", "service.id", 1L));
            Thread.sleep(100);
            assertThat(h.publications()).as("a state store alone selects nothing").isZero();
            assertThat(h.selector.problems()).singleElement().asString().startsWith(StorageSelector.NOT_SELECTED_YET);
            assertThat(failure(h.state().saveSession(new SessionState("c", "mqtt", 5, 0, 0))))
                    .isInstanceOf(StorageException.class)
                    .extracting(t -> ((StorageException) t).kind()).isEqualTo(StorageException.Kind.UNAVAILABLE);

            h.selector.bindLogStore(memory.log(), Map.of("fluxmq.storage", "memory", "service.id", 2L));
            h.awaitBackend("memory");

            assertThat(h.publications()).isEqualTo(1);
            assertThat(h.selector.problems()).isEmpty();
            await(h.state().saveSession(new SessionState("c", "mqtt", 5, 0, 0)));
            assertThat(await(memory.state().loadSession("c"))).isPresent();
        }
        // closing the harness stops the selector
    }

    @Test
    void stoppingUnregistersTheSelectedStores() throws Exception {
        Harness h = new Harness("memory");
        h.bind(Harness.memory());
        h.awaitBackend("memory");
        h.close();
        assertThat(h.unpublished()).isTrue();
        assertThat(failure(h.state().loadSessions())).isInstanceOf(StorageException.class);
    }

    @Test
    void aSwitchToAnAbsentBackendIsRefusedAndMadeOnceItsStoresAppear(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness("memory")) {
            Backend memory = h.bind(Harness.memory());
            h.awaitBackend("memory");
            await(h.state().saveSession(new SessionState("before", "mqtt", 5, 60, 0)));

            h.configure("rocksdb");
            h.awaitProblem("refused");

            assertThat(h.state().backend()).as("still on the old backend").isEqualTo("memory");
            await(h.state().saveSession(new SessionState("while-refused", "mqtt", 5, 60, 0)));
            assertThat(await(memory.state().loadSessions())).hasSize(2);

            Backend rocksdb = h.bind(h.rocksdb(dir));
            h.awaitBackend("rocksdb");

            assertThat(h.selector.problems()).isEmpty();
            assertThat(await(rocksdb.state().loadSessions())).extracting(SessionState::clientId)
                    .containsExactlyInAnyOrder("before", "while-refused");
        }
    }

    @Test
    void aTargetFailingMidWayLeavesEverythingOnTheOldBackendAndReleasesHeldWrites(@TempDir Path dir)
            throws Exception {
        CountDownLatch copying = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Harness h = new Harness("memory")) {
            Backend memory = h.bind(Harness.memory());
            Backend rocks = h.rocksdb(dir);
            AtomicInteger writes = new AtomicInteger();
            // The 20th write the copy makes waits until the test has queued writes; the ones after it fail.
            h.bind("rocksdb", Wrapped.failingAfter(StateStore.class, rocks.state(), 20, writes,
                    Wrapped.pause(copying, release)), rocks.log());
            h.awaitBackend("memory");
            TestData.fill(h.state(), h.log(), "");
            Snapshot before = Snapshot.of(memory);

            h.configure("rocksdb");
            assertThat(copying.await(30, TimeUnit.SECONDS)).isTrue();
            List<CompletionStage<Long>> held = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                held.add(h.state().enqueueOffline("client-0", TestData.message("o", "held-" + i)));
            }
            assertThat(held).noneMatch(s -> s.toCompletableFuture().isDone());
            release.countDown();
            h.awaitProblem("failed");

            assertThat(writes.get()).as("the target failed mid-way").isGreaterThan(20);
            assertThat(h.state().backend()).isEqualTo("memory");
            assertThat(h.selector.gate().paused()).isFalse();
            assertThat(held.stream().map(Stages::await).toList()).as("held writes went to the old backend, in order")
                    .isSorted().doesNotHaveDuplicates();
            Snapshot after = Snapshot.of(memory);
            List<String> queue = after.offline().get("client-0").stream().map(m -> m.message().payloadAsString())
                    .toList();
            List<String> expected = new ArrayList<>(before.offline().get("client-0").stream()
                    .map(m -> m.message().payloadAsString()).toList());
            for (int i = 0; i < 10; i++) {
                expected.add("held-" + i);
            }
            assertThat(queue).isEqualTo(expected);
            assertThat(after.sessions()).isEqualTo(before.sessions());
            assertThat(after.subscriptions()).isEqualTo(before.subscriptions());
            assertThat(after.inflight()).isEqualTo(before.inflight());
            assertThat(after.retained()).isEqualTo(before.retained());
            assertThat(after.wills()).isEqualTo(before.wills());
            assertThat(after.definitions()).isEqualTo(before.definitions());
            assertThat(after.logs()).isEqualTo(before.logs());
            assertThat(h.selector.problems()).singleElement().asString()
                    .contains("'memory' to 'rocksdb' failed", "injected failure after 20 writes", "still on 'memory'");

            // The failure stays reported, and is not retried, until the configuration or the target changes.
            int attempted = writes.get();
            h.bind("spare", Harness.memory().state(), Harness.memory().log());
            await(h.state().saveSession(new SessionState("later", "mqtt", 5, 60, 0)));
            Thread.sleep(100);
            assertThat(h.selector.problems()).singleElement().asString().contains("failed");
            assertThat(writes.get()).isEqualTo(attempted);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aFailedSwitchIsRetriedOnANewConfigurationAndThePartialCopyIsCleared(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness("memory")) {
            Backend memory = h.bind(Harness.memory());
            Backend rocks = h.rocksdb(dir);
            AtomicInteger writes = new AtomicInteger();
            Backend failing = h.bind("rocksdb", Wrapped.failingAfter(StateStore.class, rocks.state(), 25, writes),
                    Wrapped.failingAfter(LogStore.class, rocks.log(), 25, writes));
            h.awaitBackend("memory");
            TestData.fill(h.state(), h.log(), "");
            h.configure("rocksdb");
            h.awaitProblem("failed");
            org.awaitility.Awaitility.await().atMost(Harness.WAIT)
                    .until(() -> !Snapshot.of(rocks).sessions().isEmpty());

            h.unbind(failing);
            h.bind(rocks);
            h.configure("rocksdb");
            // Not awaitBackend: it fails fast on the earlier failure, which stays reported until
            // this retry succeeds.
            org.awaitility.Awaitility.await().atMost(Harness.WAIT)
                    .until(() -> "rocksdb".equals(h.state().backend()) && !h.selector.gate().paused());

            assertThat(h.selector.problems()).as("a successful switch ends the failure report").isEmpty();
            assertThat(Snapshot.of(rocks)).isEqualTo(Snapshot.of(memory));
        }
    }

    @Test
    void aMigrationThatTimesOutKeepsTheOldBackend(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness(new Settings("memory", Duration.ofMillis(500), 1000, Duration.ofSeconds(30)))) {
            Backend memory = h.bind(Harness.memory());
            Backend rocks = h.rocksdb(dir);
            h.bind("rocksdb", Wrapped.hanging(StateStore.class, rocks.state()), rocks.log());
            h.awaitBackend("memory");
            TestData.fill(h.state(), h.log(), "");

            h.selector.update(new Settings("rocksdb", Duration.ofMillis(500), 1000, Duration.ofSeconds(30)));
            h.awaitProblem("did not finish within");

            assertThat(h.state().backend()).isEqualTo("memory");
            await(h.state().saveSession(new SessionState("after", "mqtt", 5, 60, 0)));
            assertThat(await(memory.state().loadSession("after"))).isPresent();
        }
    }

    @Test
    void writesBeyondTheHeldLimitFailWithUnavailable(@TempDir Path dir) throws Exception {
        CountDownLatch copying = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Harness h = new Harness(new Settings("memory", Duration.ofSeconds(60), 3, Duration.ofSeconds(30)))) {
            Backend real = Harness.memory();
            h.bind("memory", Wrapped.pausingOn(StateStore.class, real.state(), "loadWills", copying, release),
                    real.log());
            h.bind(h.rocksdb(dir));
            h.awaitBackend("memory");

            h.selector.update(new Settings("rocksdb", Duration.ofSeconds(60), 3, Duration.ofSeconds(30)));
            assertThat(copying.await(30, TimeUnit.SECONDS)).isTrue();
            List<CompletionStage<Void>> writes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                writes.add(h.state().saveSession(new SessionState("c" + i, "mqtt", 5, 60, 0)));
            }
            release.countDown();
            h.awaitBackend("rocksdb");

            for (int i = 0; i < 3; i++) {
                await(writes.get(i));
            }
            for (int i = 3; i < 5; i++) {
                assertThat(failure(writes.get(i))).isInstanceOf(StorageException.class)
                        .extracting(t -> ((StorageException) t).kind()).isEqualTo(StorageException.Kind.UNAVAILABLE);
            }
        } finally {
            release.countDown();
        }
    }

    @Test
    void theBackendInUseGoingAwayHoldsCallsUntilItComesBack(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness("rocksdb")) {
            Backend rocks = h.rocksdb(dir);
            Backend first = h.bind(rocks);
            h.awaitBackend("rocksdb");
            await(h.state().saveSession(new SessionState("kept", "mqtt", 5, 60, 0)));

            h.unbind(first);
            h.awaitProblem("'rocksdb', is not available: storage calls wait for it");

            var session = h.state().loadSession("kept");
            assertThat(h.log().nextOffset("q")).isZero();
            List<CompletionStage<Void>> held = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                held.add(h.state().enqueueOffline("kept", TestData.message("q/" + i, "m")).thenApply(seq -> null));
            }
            held.add(h.state().saveSession(new SessionState("x", "mqtt", 5, 60, 0)));
            var queued = h.state().peekOffline("kept", 10);
            Thread.sleep(200);
            assertThat(held).as("writes wait while the backend is away").noneMatch(w -> w.toCompletableFuture().isDone());
            assertThat(session.toCompletableFuture().isDone()).as("reads wait too").isFalse();
            assertThat(queued.toCompletableFuture().isDone()).isFalse();

            // The same data under new service ids, as after a bundle update: no migration, just back in use.
            h.bind(rocks);
            h.awaitBackend("rocksdb");
            held.forEach(Stages::await);
            assertThat(await(session)).as("a read held in the outage is answered").isPresent();
            assertThat(await(queued)).as("answered too (the writes held before it were not awaited)").isNotNull();
            assertThat(h.selector.problems()).isEmpty();
            assertThat(await(h.state().loadSession("kept"))).isPresent();
            assertThat(await(h.state().loadSession("x"))).isPresent();
            assertThat(await(h.state().peekOffline("kept", 10))).extracting(m -> m.message().topic().value())
                    .as("held writes applied in call order").containsExactly("q/0", "q/1", "q/2");
            assertThat(h.publications()).as("consumers keep the same selected stores").isEqualTo(1);
        }
    }

    @Test
    void callsHeldForABackendThatDoesNotComeBackFailAfterTheOutageTimeout(@TempDir Path dir) throws Exception {
        Settings settings = new Settings("rocksdb", Duration.ofSeconds(60), 1000, Duration.ofMillis(300));
        try (Harness h = new Harness(settings)) {
            Backend rocks = h.rocksdb(dir);
            Backend first = h.bind(rocks);
            h.awaitBackend("rocksdb");

            h.unbind(first);
            CompletionStage<Void> held = h.state().saveSession(new SessionState("held", "mqtt", 5, 60, 0));
            var heldRead = h.state().loadSession("held");
            assertThat(failure(held)).isInstanceOf(StorageException.class)
                    .extracting(t -> ((StorageException) t).kind()).isEqualTo(StorageException.Kind.UNAVAILABLE);
            assertThat(failure(heldRead)).as("a held read fails with the held writes").isInstanceOf(StorageException.class)
                    .extracting(t -> ((StorageException) t).kind()).isEqualTo(StorageException.Kind.UNAVAILABLE);
            h.awaitProblem("'rocksdb', is not available: storage calls fail");
            CompletionStage<Void> later = h.state().saveSession(new SessionState("later", "mqtt", 5, 60, 0));
            assertThat(later.toCompletableFuture().isDone()).as("fails at once after the timeout").isTrue();
            assertThat(failure(later)).isInstanceOf(StorageException.class);

            h.bind(rocks);
            h.awaitBackend("rocksdb");
            await(h.state().saveSession(new SessionState("back", "mqtt", 5, 60, 0)));
            assertThat(await(h.state().loadSession("held"))).isEmpty();
            assertThat(await(h.state().loadSession("back"))).isPresent();
        }
    }
}
