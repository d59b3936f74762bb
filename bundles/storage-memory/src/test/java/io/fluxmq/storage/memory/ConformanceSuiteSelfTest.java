package io.fluxmq.storage.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.storage.InflightMessage;
import io.fluxmq.api.storage.LogEntry;
import io.fluxmq.api.storage.LogStore;
import io.fluxmq.api.storage.PendingEntry;
import io.fluxmq.api.storage.StateStore;
import io.fluxmq.api.storage.StoredMessage;
import io.fluxmq.storage.conformance.LogStoreConformance;
import io.fluxmq.storage.conformance.PersistentLogStoreConformance;
import io.fluxmq.storage.conformance.PersistentStateStoreConformance;
import io.fluxmq.storage.conformance.StateStoreConformance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Proves that the conformance suite can fail: it runs the suite against memory stores with one
 * rule of the contract broken on purpose (see {@link Faults}) and expects the test that guards
 * that rule to fail. It also runs the persistent suites against a store whose "restart" keeps
 * the instance, which exercises the restart tests without a persistent backend.
 *
 * <p>The suites under test are nested classes, which Surefire does not run on their own.
 */
class ConformanceSuiteSelfTest {

    @Test
    void restartTestsPassForAStoreThatKeepsItsData() {
        TestExecutionSummary state = run(StateSurvivingRestart.class);
        TestExecutionSummary log = run(LogSurvivingRestart.class);

        assertThat(failedTests(state)).isEmpty();
        assertThat(failedTests(log)).isEmpty();
        assertThat(state.getTestsSucceededCount()).as("state tests run").isGreaterThan(60);
        assertThat(log.getTestsSucceededCount()).as("log tests run").isGreaterThan(35);
    }

    @Test
    void restartTestsCatchAStoreThatForgetsOnRestart() {
        assertThat(failedTests(run(StateForgettingRestart.class)))
                .contains("sessionsSurviveRestarts", "offlineQueueSurvivesRestartAndSequencesKeepGrowing");
        assertThat(failedTests(run(LogForgettingRestart.class)))
                .contains("entriesSurviveRestarts", "consumerGroupsSurviveRestart");
    }

    @Test
    void catchesInflightOrderedByPacketId() {
        assertThat(failedTests(run(InflightSortedById.class)))
                .contains("inflightIsLoadedInFirstSaveOrderNotByPacketId", "replacingAnExchangeKeepsItsPlaceInTheOrder");
    }

    @Test
    void catchesLostUserProperties() {
        assertThat(failedTests(run(OfflineLosesUserProperties.class))).contains("offlineQueueKeepsEveryMessageProperty");
    }

    @Test
    void catchesADeleteThatDoesNotCascade() {
        assertThat(failedTests(run(DeleteSessionDoesNothing.class)))
                .contains("deleteSessionCascadesToSubscriptionsInflightAndOfflineQueue", "deletedSessionIsGone");
    }

    @Test
    void catchesReusedSequences() {
        assertThat(failedTests(run(ConstantSequence.class)))
                .contains("enqueueReturnsStrictlyIncreasingSequences", "peekReturnsOldestFirstWithTheEnqueuedSequences");
    }

    @Test
    void catchesAStageThatNeverCompletes() {
        assertThat(failedTests(run(LoadSessionsHangs.class))).contains("loadSessionsReturnsEverySession");
    }

    @Test
    void catchesRenumberingAfterTruncation() {
        assertThat(failedTests(run(RenumberedLog.class)))
                .contains("truncationNeverRenumbers", "readBelowTheFirstOffsetStartsAtTheFirstRetainedEntry");
    }

    @Test
    void catchesAReadThatIgnoresMax() {
        assertThat(failedTests(run(ReadIgnoresMax.class))).contains("readReturnsEntriesFromTheOffsetUpToMax");
    }

    @Test
    void catchesACommittedOffsetInventedForAGroupThatNeverCommitted() {
        assertThat(failedTests(run(CommittedDefaultsToZero.class)))
                .contains("committedOffsetIsEmptyWhenNothingWasCommitted");
    }

    @Test
    void catchesPendingEntriesOutOfOffsetOrder() {
        assertThat(failedTests(run(PendingInReverse.class))).contains("pendingEntriesAreLoadedOrderedByOffset");
    }

    @Test
    void catchesAnOfflineCopyThatRenumbers() {
        assertThat(failedTests(run(OfflineCopyRenumbers.class)))
                .contains("copiedMessagesKeepTheirSequences", "aCopyMustFollowTheLastQueuedMessage");
    }

    @Test
    void catchesALogCopyThatRestampsEntries() {
        assertThat(failedTests(run(LogCopyRestamps.class)))
                .contains("appendCopyKeepsOffsetAndAppendTime", "appendCopyMustHaveTheNextOffset");
    }

    @Test
    void catchesAStartAtThatDoesNothing() {
        assertThat(failedTests(run(StartAtIgnored.class)))
                .contains("startAtMovesAnEmptyLog", "aTruncatedLogIsCopiedWithStartAtThenAppendCopy");
    }

    @Test
    void catchesDefinitionsThatLeakAcrossNamespaces() {
        assertThat(failedTests(run(DefinitionsOfEveryNamespace.class)))
                .contains("namespacesAreIsolated", "namespaceAndKeyNeverRunIntoEachOther",
                        "removeDefinitionRemovesOnlyThatRecord");
    }

    private static TestExecutionSummary run(Class<?> suite) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(suite)).build(), listener);
        return listener.getSummary();
    }

    /** Method names of the failed tests. */
    private static List<String> failedTests(TestExecutionSummary summary) {
        return summary.getFailures().stream()
                .map(f -> f.getTestIdentifier().getDisplayName().replace("()", ""))
                .toList();
    }

    // The suites below are the memory stores, each with one fault.

    static class StateSurvivingRestart extends PersistentStateStoreConformance {
        @Override
        protected StateStore createStore(Path dir) {
            return new MemoryStateStore();
        }

        @Override
        protected StateStore reopen(StateStore store, Path dir) {
            return store;
        }
    }

    static class StateForgettingRestart extends PersistentStateStoreConformance {
        @Override
        protected StateStore createStore(Path dir) {
            return new MemoryStateStore();
        }
    }

    static class LogSurvivingRestart extends PersistentLogStoreConformance {
        @Override
        protected LogStore createStore(Path dir) {
            return new MemoryLogStore();
        }

        @Override
        protected LogStore reopen(LogStore store, Path dir) {
            return store;
        }
    }

    static class LogForgettingRestart extends PersistentLogStoreConformance {
        @Override
        protected LogStore createStore(Path dir) {
            return new MemoryLogStore();
        }
    }

    static class InflightSortedById extends StateStoreConformance {
        @Override
        protected StateStore createStore(Path dir) {
            return Faults.override(StateStore.class, new MemoryStateStore(), "loadInflight", (real, args) ->
                    real.loadInflight((String) args[0]).thenApply(list -> list.stream()
                            .sorted(Comparator.comparingInt(InflightMessage::packetId)).toList()));
        }
    }

    static class OfflineLosesUserProperties extends StateStoreConformance {
        @Override
        protected StateStore createStore(Path dir) {
            return Faults.override(StateStore.class, new MemoryStateStore(), "peekOffline", (real, args) ->
                    real.peekOffline((String) args[0], (Integer) args[1]).thenApply(list -> list.stream()
                            .map(s -> new StoredMessage(s.sequence(), withoutUserProperties(s.message())))
                            .toList()));
        }

        private static Message withoutUserProperties(Message m) {
            return m.toBuilder().userProperties(List.of()).build();
        }
    }

    static class DeleteSessionDoesNothing extends StateStoreConformance {
        @Override
        protected StateStore createStore(Path dir) {
            return Faults.override(StateStore.class, new MemoryStateStore(), "deleteSession",
                    (real, args) -> CompletableFuture.completedStage(null));
        }
    }

    static class ConstantSequence extends StateStoreConformance {
        @Override
        protected StateStore createStore(Path dir) {
            return Faults.override(StateStore.class, new MemoryStateStore(), "enqueueOffline", (real, args) ->
                    real.enqueueOffline((String) args[0], (Message) args[1]).thenApply(sequence -> 1L));
        }
    }

    static class DefinitionsOfEveryNamespace extends StateStoreConformance {
        @Override
        protected StateStore createStore(Path dir) {
            // Answers the records of every namespace, as a store keyed by the record key alone would.
            return Faults.override(StateStore.class, new MemoryStateStore(), "loadDefinitions", (real, args) -> {
                Map<String, byte[]> all = new HashMap<>();
                for (String ns : real.definitionNamespaces().toCompletableFuture().join()) {
                    all.putAll(real.loadDefinitions(ns).toCompletableFuture().join());
                }
                return CompletableFuture.completedStage(all);
            });
        }
    }

    static class LoadSessionsHangs extends StateStoreConformance {
        @Override
        protected StateStore createStore(Path dir) {
            return Faults.override(StateStore.class, new MemoryStateStore(), "loadSessions",
                    (real, args) -> new CompletableFuture<>());
        }

        @Override
        public Duration timeout() {
            return Duration.ofMillis(200);
        }
    }

    static class RenumberedLog extends LogStoreConformance {
        @Override
        protected LogStore createStore(Path dir) {
            return Faults.override(LogStore.class, new MemoryLogStore(), "read", (real, args) -> {
                String log = (String) args[0];
                long first = real.firstOffset(log);
                CompletionStage<List<LogEntry>> read = real.read(log, (Long) args[1] + first, (Integer) args[2]);
                return read.thenApply(list -> list.stream()
                        .map(e -> new LogEntry(e.offset() - first, e.appendedAtMillis(), e.message())).toList());
            });
        }
    }

    static class ReadIgnoresMax extends LogStoreConformance {
        @Override
        protected LogStore createStore(Path dir) {
            return Faults.override(LogStore.class, new MemoryLogStore(), "read",
                    (real, args) -> real.read((String) args[0], (Long) args[1], Integer.MAX_VALUE));
        }
    }

    static class CommittedDefaultsToZero extends LogStoreConformance {
        @Override
        protected LogStore createStore(Path dir) {
            return Faults.override(LogStore.class, new MemoryLogStore(), "committedOffset", (real, args) ->
                    real.committedOffset((String) args[0], (String) args[1])
                            .thenApply(o -> o.isPresent() ? o : OptionalLong.of(0)));
        }
    }

    static class PendingInReverse extends LogStoreConformance {
        @Override
        protected LogStore createStore(Path dir) {
            return Faults.override(LogStore.class, new MemoryLogStore(), "loadPending", (real, args) ->
                    real.loadPending((String) args[0], (String) args[1]).thenApply(list -> list.stream()
                            .sorted(Comparator.comparingLong(PendingEntry::offset).reversed()).toList()));
        }
    }

    static class OfflineCopyRenumbers extends StateStoreConformance {
        @Override
        protected StateStore createStore(Path dir) {
            return Faults.override(StateStore.class, new MemoryStateStore(), "enqueueOfflineCopy", (real, args) ->
                    real.enqueueOffline((String) args[0], ((StoredMessage) args[1]).message()).thenApply(s -> null));
        }
    }

    static class LogCopyRestamps extends LogStoreConformance {
        @Override
        protected LogStore createStore(Path dir) {
            return Faults.override(LogStore.class, new MemoryLogStore(), "appendCopy", (real, args) ->
                    real.append((String) args[0], ((LogEntry) args[1]).message()).thenApply(o -> null));
        }
    }

    static class StartAtIgnored extends LogStoreConformance {
        @Override
        protected LogStore createStore(Path dir) {
            return Faults.override(LogStore.class, new MemoryLogStore(), "startAt",
                    (real, args) -> CompletableFuture.completedStage(null));
        }
    }
}
