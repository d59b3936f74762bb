package io.fluxmq.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.storage.LogEntry;
import io.fluxmq.api.storage.LogStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link LogStoreConformance} plus what a persistent backend promises: entries, offsets (after
 * truncation too), committed offsets and pending entries are there after the store is closed
 * and opened again on the same directory, and a deleted log stays deleted.
 */
public abstract class PersistentLogStoreConformance extends LogStoreConformance {

    /**
     * Closes {@code store} and opens the same data again. The default closes it with
     * {@link #closeStore(LogStore)} and calls {@link #createStore(Path)} on the same directory.
     */
    protected LogStore reopen(LogStore store, Path dir) throws Exception {
        closeStore(store);
        return createStore(dir);
    }

    /** Restarts the store under test. */
    protected final void restart() throws Exception {
        LogStore reopened = reopen(store(), directory());
        assertThat(reopened).as("reopen").isNotNull();
        replaceStore(reopened);
    }

    @Test
    void entriesSurviveRestarts() throws Exception {
        append("a", 0, 5);
        append("b", 0, 2);
        restart();

        assertThat(store().logs()).containsExactlyInAnyOrder("a", "b");
        List<LogEntry> a = await(store().read("a", 0, 10));
        assertThat(offsetsOf(a)).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(payloadsOf(a)).containsExactly("a:0", "a:1", "a:2", "a:3", "a:4");
        assertThat(await(store().append("a", entry("a", 5)))).as("first append after a restart").isEqualTo(5L);

        // A second restart catches stores that replay their journal once but do not keep it.
        restart();
        assertThat(store().nextOffset("a")).isEqualTo(6);
        assertThat(payloadsOf(await(store().read("b", 0, 10)))).containsExactly("b:0", "b:1");
    }

    @Test
    void appendTimesSurviveRestart() throws Exception {
        append("q", 0, 3);
        List<Long> before = await(store().read("q", 0, 10)).stream().map(LogEntry::appendedAtMillis).toList();
        restart();

        assertThat(await(store().read("q", 0, 10))).extracting(LogEntry::appendedAtMillis)
                .containsExactlyElementsOf(before);
    }

    @Test
    void truncationSurvivesRestart() throws Exception {
        append("q", 0, 10);
        await(store().truncateBefore("q", 6));
        append("emptied", 0, 4);
        await(store().truncateBefore("emptied", 4));
        restart();

        assertThat(store().firstOffset("q")).isEqualTo(6);
        assertThat(store().nextOffset("q")).isEqualTo(10);
        assertThat(offsetsOf(await(store().read("q", 0, 10)))).containsExactly(6L, 7L, 8L, 9L);
        assertThat(store().nextOffset("emptied")).as("nextOffset of an emptied log after a restart").isEqualTo(4);
        assertThat(store().firstOffset("emptied")).isEqualTo(4);
        assertThat(await(store().append("emptied", entry("emptied", 4)))).isEqualTo(4L);
    }

    @Test
    void consumerGroupsSurviveRestart() throws Exception {
        append("q", 0, 10);
        await(store().commitOffset("q", "g1", 4));
        await(store().commitOffset("q", "g1", 6));
        await(store().savePending("q", "g1", pending(8, "c1", 1)));
        await(store().savePending("q", "g1", pending(7, "c1", 1)));
        await(store().savePending("q", "g1", pending(7, "c2", 2)));
        await(store().savePending("q", "g2", pending(9, "c3", 1)));
        await(store().removePending("q", "g2", 9));
        restart();

        assertThat(await(store().committedOffset("q", "g1"))).hasValue(6);
        assertThat(await(store().committedOffset("q", "g2"))).isEmpty();
        assertThat(await(store().loadPending("q", "g1"))).containsExactly(pending(7, "c2", 2), pending(8, "c1", 1));
        assertThat(await(store().loadPending("q", "g2"))).isEmpty();
        assertThat(await(store().groups("q"))).contains("g1");
    }

    @Test
    void deletedLogStaysDeletedAfterRestart() throws Exception {
        append("q", 0, 5);
        await(store().commitOffset("q", "g", 2));
        await(store().savePending("q", "g", pending(3, "c1", 1)));
        await(store().deleteLog("q"));
        restart();

        assertThat(store().logs()).doesNotContain("q");
        assertThat(store().nextOffset("q")).isZero();
        assertThat(await(store().read("q", 0, 10))).isEmpty();
        assertThat(await(store().committedOffset("q", "g"))).isEmpty();
        assertThat(await(store().loadPending("q", "g"))).isEmpty();
    }

    @Test
    void everyMessagePropertySurvivesRestart() throws Exception {
        Map<String, Message> variants = TestMessages.variants("fidelity/log-restart");
        for (Message m : variants.values()) {
            await(store().append("fidelity", m));
        }
        restart();

        List<LogEntry> entries = await(store().read("fidelity", 0, variants.size()));
        assertThat(entries).hasSize(variants.size());
        int i = 0;
        for (Map.Entry<String, Message> e : variants.entrySet()) {
            MessageAssertions.assertSameMessage("log entry after restart, " + e.getKey(),
                    entries.get(i++).message(), e.getValue());
        }
    }

    @Test
    void copiedLogsSurviveRestart() throws Exception {
        await(store().startAt("q", 20));
        await(store().appendCopy("q", new LogEntry(20, 1_600_000_000_020L, entry("q", 20))));
        await(store().appendCopy("q", new LogEntry(21, 1_600_000_000_021L, entry("q", 21))));
        await(store().startAt("moved", 7));
        await(store().commitOffset("groups-only", "g", 3));
        restart();

        assertThat(store().logs()).containsExactlyInAnyOrder("q", "moved", "groups-only");
        assertThat(store().firstOffset("q")).isEqualTo(20);
        assertThat(store().nextOffset("q")).isEqualTo(22);
        List<LogEntry> q = await(store().read("q", 0, 10));
        assertThat(offsetsOf(q)).containsExactly(20L, 21L);
        assertThat(q).extracting(LogEntry::appendedAtMillis).containsExactly(1_600_000_000_020L, 1_600_000_000_021L);
        assertThat(store().firstOffset("moved")).isEqualTo(7);
        assertThat(store().nextOffset("moved")).isEqualTo(7);
        assertThat(await(store().append("moved", entry("moved", 7)))).isEqualTo(7L);
        assertThat(await(store().committedOffset("groups-only", "g"))).hasValue(3);
    }
}
