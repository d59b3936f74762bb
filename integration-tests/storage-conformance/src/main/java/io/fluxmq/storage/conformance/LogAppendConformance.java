package io.fluxmq.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.storage.LogEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LogStore appends and reads: offsets from 0, one apart, read from any offset up to a maximum. */
interface LogAppendConformance extends LogStoreFixture {

    @Test
    default void unknownLogIsEmptyAtOffsetZero() {
        assertThat(store().firstOffset("none")).as("firstOffset of an unknown log").isZero();
        assertThat(store().nextOffset("none")).as("nextOffset of an unknown log").isZero();
        assertThat(await(store().read("none", 0, 10))).isEmpty();
        assertThat(store().logs()).doesNotContain("none");
    }

    @Test
    default void offsetsStartAtZeroAndGrowByOne() {
        assertThat(append("q", 0, 5)).containsExactly(0L, 1L, 2L, 3L, 4L);

        assertThat(store().firstOffset("q")).isZero();
        assertThat(store().nextOffset("q")).isEqualTo(5);
    }

    @Test
    default void readReturnsEntriesFromTheOffsetUpToMax() {
        append("q", 0, 10);

        List<LogEntry> middle = await(store().read("q", 3, 4));
        assertThat(offsetsOf(middle)).containsExactly(3L, 4L, 5L, 6L);
        assertThat(payloadsOf(middle)).containsExactly("q:3", "q:4", "q:5", "q:6");
        assertThat(middle.get(0).message()).isEqualTo(entry("q", 3));

        assertThat(offsetsOf(await(store().read("q", 8, 100)))).as("read past the end").containsExactly(8L, 9L);
        assertThat(await(store().read("q", 0, 100))).hasSize(10);
        assertThat(await(store().read("q", 10, 10))).as("read at nextOffset").isEmpty();
        assertThat(await(store().read("q", 500, 10))).as("read beyond nextOffset").isEmpty();
        assertThat(await(store().read("q", 0, 0))).as("read with max 0").isEmpty();
    }

    @Test
    default void entriesCarryTheTimeOfTheirAppend() {
        long before = System.currentTimeMillis();
        append("q", 0, 3);
        long after = System.currentTimeMillis();

        List<LogEntry> entries = await(store().read("q", 0, 10));
        assertThat(entries).extracting(LogEntry::appendedAtMillis).allSatisfy(t ->
                assertThat(t).as("appendedAtMillis, epoch milliseconds").isBetween(before, after));
    }

    @Test
    default void logsAreIndependent() {
        append("a", 0, 3);
        append("b", 0, 2);
        assertThat(await(store().append("a", entry("a", 3)))).isEqualTo(3L);

        assertThat(payloadsOf(await(store().read("a", 0, 10)))).containsExactly("a:0", "a:1", "a:2", "a:3");
        assertThat(payloadsOf(await(store().read("b", 0, 10)))).containsExactly("b:0", "b:1");
        assertThat(store().nextOffset("b")).isEqualTo(2);
    }

    @Test
    default void logsListsEveryLogWithEntries() {
        append("a", 0, 1);
        append("queues/b with spaces ü", 0, 1);

        assertThat(store().logs()).containsExactlyInAnyOrder("a", "queues/b with spaces ü");
    }

    @Test
    default void readResultsAndLogsAreSnapshots() {
        append("q", 0, 2);
        List<LogEntry> read = await(store().read("q", 0, 10));
        List<LogEntry> copy = new ArrayList<>(read);
        var logs = store().logs();

        append("q", 2, 2);
        append("other", 0, 1);
        await(store().truncateBefore("q", 1));
        assertThat(read).as("a list returned earlier must not follow later writes").isEqualTo(copy);
        assertThat(logs).as("a set returned by logs() earlier must not follow later writes").containsExactly("q");

        clearIfMutable(read);
        clearIfMutable(logs);
        assertThat(await(store().read("q", 0, 10))).as("clearing a returned list must not change the store").hasSize(3);
        assertThat(store().logs()).hasSize(2);
    }

    @Test
    default void logKeepsEveryMessageProperty() {
        Map<String, Message> variants = TestMessages.variants("fidelity/log");
        for (Message m : variants.values()) {
            await(store().append("fidelity", m));
        }

        List<LogEntry> entries = await(store().read("fidelity", 0, variants.size()));
        assertThat(entries).hasSize(variants.size());
        int i = 0;
        for (Map.Entry<String, Message> e : variants.entrySet()) {
            MessageAssertions.assertSameMessage("log entry, " + e.getKey(), entries.get(i++).message(), e.getValue());
        }
    }
}
