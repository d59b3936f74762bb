package io.fluxmq.storage.memory;

import static io.fluxmq.storage.conformance.Await.await;
import static io.fluxmq.storage.conformance.Await.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxmq.api.storage.InflightMessage;
import io.fluxmq.api.storage.SessionState;
import io.fluxmq.api.storage.StorageException;
import io.fluxmq.api.storage.StoredMessage;
import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.api.topic.TopicName;
import io.fluxmq.storage.conformance.TestMessages;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The memory state store's own promises: its configured bounds, configuration updates and closing. */
class MemoryStateStoreLimitsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void aFullOfflineQueueFailsTheStageWithFull() {
        MemoryStateStore store = new MemoryStateStore(3, 0);
        long first = await(store.enqueueOffline("c", TestMessages.simple("t", "1")), TIMEOUT);
        await(store.enqueueOffline("c", TestMessages.simple("t", "2")), TIMEOUT);
        await(store.enqueueOffline("c", TestMessages.simple("t", "3")), TIMEOUT);

        CompletionStage<Long> refused = store.enqueueOffline("c", TestMessages.simple("t", "4"));

        assertFull(awaitFailure(refused, TIMEOUT));
        assertThat(await(store.offlineCount("c"), TIMEOUT)).isEqualTo(3L);
        assertThat(await(store.enqueueOffline("other", TestMessages.simple("t", "x")), TIMEOUT))
                .as("the bound is per client").isNotNull();

        await(store.removeOffline("c", first), TIMEOUT);
        assertThat(await(store.enqueueOffline("c", TestMessages.simple("t", "4")), TIMEOUT))
                .as("room again after removeOffline").isGreaterThan(first);
    }

    @Test
    void copiedOfflineMessagesObeyTheOfflineLimit() {
        MemoryStateStore store = new MemoryStateStore(2, 0);
        await(store.enqueueOfflineCopy("c", new StoredMessage(10, TestMessages.simple("t", "1"))), TIMEOUT);
        await(store.enqueueOfflineCopy("c", new StoredMessage(11, TestMessages.simple("t", "2"))), TIMEOUT);

        assertFull(awaitFailure(store.enqueueOfflineCopy("c", new StoredMessage(12, TestMessages.simple("t", "3"))),
                TIMEOUT));
        assertThat(await(store.offlineCount("c"), TIMEOUT)).isEqualTo(2L);
    }

    @Test
    void zeroMeansNoOfflineLimit() {
        MemoryStateStore store = new MemoryStateStore(0, 0);
        for (int i = 0; i < 20_000; i++) {
            await(store.enqueueOffline("c", TestMessages.simple("t", "m")), TIMEOUT);
        }

        assertThat(await(store.offlineCount("c"), TIMEOUT)).isEqualTo(20_000L);
    }

    @Test
    void theRetainedLimitRefusesNewTopicsButNotReplacements() {
        MemoryStateStore store = new MemoryStateStore(0, 2);
        await(store.putRetained(TestMessages.simple("r/a", "a")), TIMEOUT);
        await(store.putRetained(TestMessages.simple("r/b", "b")), TIMEOUT);

        assertFull(awaitFailure(store.putRetained(TestMessages.simple("r/c", "c")), TIMEOUT));
        await(store.putRetained(TestMessages.simple("r/a", "a2")), TIMEOUT);
        await(store.removeRetained(TopicName.of("r/b")), TIMEOUT);
        await(store.putRetained(TestMessages.simple("r/c", "c")), TIMEOUT);

        assertThat(await(store.loadRetained(), TIMEOUT)).extracting(m -> m.payloadAsString())
                .containsExactlyInAnyOrder("a2", "c");
    }

    @Test
    void newLimitsApplyToLaterWritesWithoutLosingData() {
        MemoryStateStore store = new MemoryStateStore(config(10, 10));
        for (int i = 0; i < 5; i++) {
            await(store.enqueueOffline("c", TestMessages.simple("t", "m" + i)), TIMEOUT);
        }

        store.modified(config(2, 10));
        assertThat(await(store.offlineCount("c"), TIMEOUT)).as("messages kept over the new limit").isEqualTo(5L);
        assertFull(awaitFailure(store.enqueueOffline("c", TestMessages.simple("t", "m5")), TIMEOUT));

        store.modified(config(0, 10));
        await(store.enqueueOffline("c", TestMessages.simple("t", "m5")), TIMEOUT);
        assertThat(await(store.offlineCount("c"), TIMEOUT)).isEqualTo(6L);
    }

    @Test
    void negativeLimitsAreRejected() {
        assertThatThrownBy(() -> new MemoryStateStore(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MemoryStateStore(config(0, -5))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aClosedStoreFailsEveryStageWithUnavailable() {
        MemoryStateStore store = new MemoryStateStore();
        await(store.saveSession(new SessionState("c", "mqtt", 5, 0, 0)), TIMEOUT);
        store.close();

        List<Supplier<CompletionStage<?>>> calls = List.of(
                () -> store.saveSession(new SessionState("c", "mqtt", 5, 0, 0)),
                () -> store.loadSession("c"),
                store::loadSessions,
                () -> store.deleteSession("c"),
                () -> store.loadSubscriptions("c"),
                () -> store.deleteSubscription("c", TopicFilter.of("a")),
                store::loadAllSubscriptions,
                () -> store.loadInflight("c"),
                () -> store.deleteInflight("c", 1, InflightMessage.Direction.OUTBOUND),
                () -> store.enqueueOffline("c", TestMessages.simple("t", "m")),
                () -> store.peekOffline("c", 1),
                () -> store.removeOffline("c", 1),
                () -> store.offlineCount("c"),
                () -> store.putRetained(TestMessages.simple("t", "m")),
                () -> store.removeRetained(TopicName.of("t")),
                store::loadRetained,
                () -> store.removeWill("c"),
                store::loadWills);
        for (Supplier<CompletionStage<?>> call : calls) {
            Throwable failure = awaitFailure(call.get(), TIMEOUT);
            assertThat(failure).isInstanceOf(StorageException.class);
            assertThat(((StorageException) failure).kind()).isEqualTo(StorageException.Kind.UNAVAILABLE);
        }
    }

    @Test
    void badArgumentsFailTheStageInsteadOfThrowing() {
        MemoryStateStore store = new MemoryStateStore();

        assertThat(awaitFailure(store.saveSession(null), TIMEOUT)).isInstanceOf(NullPointerException.class);
        assertThat(awaitFailure(store.enqueueOffline(null, TestMessages.simple("t", "m")), TIMEOUT))
                .isInstanceOf(NullPointerException.class);
        assertThat(awaitFailure(store.enqueueOffline("c", null), TIMEOUT)).isInstanceOf(NullPointerException.class);
        assertThat(awaitFailure(store.saveSubscription("c", null), TIMEOUT)).isInstanceOf(NullPointerException.class);
        assertThat(awaitFailure(store.peekOffline("c", -1), TIMEOUT)).isInstanceOf(IllegalArgumentException.class);
        assertThat(awaitFailure(store.putRetained(null), TIMEOUT)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theBackendIsMemory() {
        assertThat(new MemoryStateStore().backend()).isEqualTo("memory");
    }

    private static void assertFull(Throwable failure) {
        assertThat(failure).isInstanceOf(StorageException.class);
        assertThat(((StorageException) failure).kind()).isEqualTo(StorageException.Kind.FULL);
    }

    /** A configuration as Declarative Services would hand it to the component. */
    static MemoryStateStore.Config config(int maxOffline, int maxRetained) {
        return new MemoryStateStore.Config() {
            @Override
            public int maxOfflineMessages() {
                return maxOffline;
            }

            @Override
            public int maxRetainedMessages() {
                return maxRetained;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return MemoryStateStore.Config.class;
            }
        };
    }
}
