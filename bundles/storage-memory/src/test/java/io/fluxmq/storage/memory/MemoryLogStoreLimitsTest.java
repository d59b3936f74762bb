package io.fluxmq.storage.memory;

import static io.fluxmq.storage.conformance.Await.await;
import static io.fluxmq.storage.conformance.Await.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxmq.api.storage.LogEntry;
import io.fluxmq.api.storage.PendingEntry;
import io.fluxmq.api.storage.StorageException;
import io.fluxmq.storage.conformance.TestMessages;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The memory log store's own promises: its bound, configuration updates, closing and compaction. */
class MemoryLogStoreLimitsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void aFullLogFailsAppendsWithFullUntilItIsTruncated() {
        MemoryLogStore store = new MemoryLogStore(3);
        for (int i = 0; i < 3; i++) {
            await(store.append("q", TestMessages.simple("t", "m" + i)), TIMEOUT);
        }

        Throwable failure = awaitFailure(store.append("q", TestMessages.simple("t", "m3")), TIMEOUT);
        assertThat(failure).isInstanceOf(StorageException.class);
        assertThat(((StorageException) failure).kind()).isEqualTo(StorageException.Kind.FULL);
        assertThat(store.nextOffset("q")).as("a refused append takes no offset").isEqualTo(3);
        assertThat(await(store.append("other", TestMessages.simple("t", "x")), TIMEOUT)).as("the bound is per log")
                .isZero();

        await(store.truncateBefore("q", 1), TIMEOUT);
        assertThat(await(store.append("q", TestMessages.simple("t", "m3")), TIMEOUT)).isEqualTo(3L);
    }

    @Test
    void copiedEntriesObeyTheLogLimit() {
        MemoryLogStore store = new MemoryLogStore(2);
        await(store.startAt("q", 5), TIMEOUT);
        await(store.appendCopy("q", new LogEntry(5, 1L, TestMessages.simple("t", "m5"))), TIMEOUT);
        await(store.appendCopy("q", new LogEntry(6, 2L, TestMessages.simple("t", "m6"))), TIMEOUT);

        Throwable failure = awaitFailure(store.appendCopy("q", new LogEntry(7, 3L, TestMessages.simple("t", "m7"))),
                TIMEOUT);
        assertThat(failure).isInstanceOf(StorageException.class);
        assertThat(((StorageException) failure).kind()).isEqualTo(StorageException.Kind.FULL);
        assertThat(store.nextOffset("q")).isEqualTo(7);
    }

    @Test
    void zeroMeansNoLimitAndNewLimitsKeepStoredEntries() {
        MemoryLogStore store = new MemoryLogStore(config(0));
        for (int i = 0; i < 5; i++) {
            await(store.append("q", TestMessages.simple("t", "m" + i)), TIMEOUT);
        }

        store.modified(config(2));
        assertThat(await(store.read("q", 0, 10), TIMEOUT)).as("entries kept over the new limit").hasSize(5);
        assertThat(awaitFailure(store.append("q", TestMessages.simple("t", "m5")), TIMEOUT))
                .isInstanceOf(StorageException.class);

        store.modified(config(0));
        assertThat(await(store.append("q", TestMessages.simple("t", "m5")), TIMEOUT)).isEqualTo(5L);
    }

    @Test
    void negativeLimitsAreRejected() {
        assertThatThrownBy(() -> new MemoryLogStore(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Truncation in small steps over more entries than the compaction threshold keeps reads exact. */
    @Test
    void readsStayExactAcrossCompactions() {
        MemoryLogStore store = new MemoryLogStore(0);
        int total = 5_000;
        for (int i = 0; i < total; i++) {
            await(store.append("q", TestMessages.simple("t", Integer.toString(i))), TIMEOUT);
        }

        for (long first = 7; first < total; first += 7) {
            assertThat(await(store.truncateBefore("q", first), TIMEOUT)).isEqualTo(7L);
            List<LogEntry> entries = await(store.read("q", 0, 3), TIMEOUT);
            long expected = first;
            for (LogEntry e : entries) {
                assertThat(e.offset()).isEqualTo(expected);
                assertThat(e.message().payloadAsString()).isEqualTo(Long.toString(expected));
                expected++;
            }
        }
        assertThat(await(store.read("q", 0, total), TIMEOUT)).extracting(LogEntry::offset)
                .containsExactly(4_998L, 4_999L);
    }

    @Test
    void aClosedStoreFailsStagesWithUnavailableAndLooksEmpty() {
        MemoryLogStore store = new MemoryLogStore();
        await(store.append("q", TestMessages.simple("t", "m")), TIMEOUT);
        store.close();

        List<Supplier<CompletionStage<?>>> calls = List.of(
                () -> store.append("q", TestMessages.simple("t", "m")),
                () -> store.read("q", 0, 10),
                () -> store.truncateBefore("q", 1),
                () -> store.deleteLog("q"),
                () -> store.commitOffset("q", "g", 1),
                () -> store.committedOffset("q", "g"),
                () -> store.savePending("q", "g", new PendingEntry(0, "c", 0, 1)),
                () -> store.removePending("q", "g", 0),
                () -> store.loadPending("q", "g"),
                () -> store.groups("q"));
        for (Supplier<CompletionStage<?>> call : calls) {
            Throwable failure = awaitFailure(call.get(), TIMEOUT);
            assertThat(failure).isInstanceOf(StorageException.class);
            assertThat(((StorageException) failure).kind()).isEqualTo(StorageException.Kind.UNAVAILABLE);
        }
        assertThat(store.logs()).isEmpty();
        assertThat(store.nextOffset("q")).isZero();
    }

    @Test
    void badArgumentsFailTheStageInsteadOfThrowing() {
        MemoryLogStore store = new MemoryLogStore();

        assertThat(awaitFailure(store.read("q", 0, -1), TIMEOUT)).isInstanceOf(IllegalArgumentException.class);
        assertThat(awaitFailure(store.append("q", null), TIMEOUT)).isInstanceOf(NullPointerException.class);
        assertThat(awaitFailure(store.append(null, TestMessages.simple("t", "m")), TIMEOUT))
                .isInstanceOf(NullPointerException.class);
        assertThat(awaitFailure(store.savePending("q", "g", null), TIMEOUT)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theBackendIsMemory() {
        assertThat(new MemoryLogStore().backend()).isEqualTo("memory");
    }

    /** A configuration as Declarative Services would hand it to the component. */
    static MemoryLogStore.Config config(int maxEntriesPerLog) {
        return new MemoryLogStore.Config() {
            @Override
            public int maxEntriesPerLog() {
                return maxEntriesPerLog;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return MemoryLogStore.Config.class;
            }
        };
    }
}
