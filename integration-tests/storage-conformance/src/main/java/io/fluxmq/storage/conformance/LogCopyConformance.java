package io.fluxmq.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.storage.LogEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * LogStore {@code startAt} and {@code appendCopy} (API 1.1): a storage migration copies a log
 * with its offsets and append times, because consumer groups hold offsets and retention may look
 * at append times; and {@code logs()} lists every log a migration must copy.
 */
interface LogCopyConformance extends LogStoreFixture {

    /** An append time no store could take from its clock. */
    long COPIED_AT = 1_600_000_000_000L;

    default LogEntry copied(String log, long offset) {
        return new LogEntry(offset, COPIED_AT + offset, entry(log, (int) offset));
    }

    @Test
    default void appendCopyKeepsOffsetAndAppendTime() {
        await(store().appendCopy("q", copied("q", 0)));
        await(store().appendCopy("q", copied("q", 1)));

        List<LogEntry> read = await(store().read("q", 0, 10));
        assertThat(read).extracting(LogEntry::offset).containsExactly(0L, 1L);
        assertThat(read).extracting(LogEntry::appendedAtMillis).containsExactly(COPIED_AT, COPIED_AT + 1);
        assertThat(payloadsOf(read)).containsExactly("q:0", "q:1");
        assertThat(store().nextOffset("q")).isEqualTo(2);
        assertThat(store().logs()).containsExactly("q");
    }

    @Test
    default void startAtMovesAnEmptyLog() {
        await(store().startAt("q", 100));

        assertThat(store().firstOffset("q")).isEqualTo(100);
        assertThat(store().nextOffset("q")).isEqualTo(100);
        assertThat(store().logs()).as("a log moved by startAt is listed").containsExactly("q");
        assertThat(await(store().read("q", 0, 10))).isEmpty();
        assertThat(await(store().append("q", entry("q", 1)))).as("the next append").isEqualTo(100L);
        assertThat(offsetsOf(await(store().read("q", 0, 10)))).containsExactly(100L);
    }

    @Test
    default void aTruncatedLogIsCopiedWithStartAtThenAppendCopy() {
        await(store().startAt("q", 50));
        for (long o = 50; o < 53; o++) {
            await(store().appendCopy("q", copied("q", o)));
        }

        assertThat(store().firstOffset("q")).isEqualTo(50);
        assertThat(store().nextOffset("q")).isEqualTo(53);
        List<LogEntry> read = await(store().read("q", 0, 10));
        assertThat(read).extracting(LogEntry::offset).containsExactly(50L, 51L, 52L);
        assertThat(read).extracting(LogEntry::appendedAtMillis).containsExactly(COPIED_AT + 50, COPIED_AT + 51,
                COPIED_AT + 52);
        assertThat(await(store().append("q", entry("q", 53)))).isEqualTo(53L);
        assertThat(await(store().truncateBefore("q", 52))).isEqualTo(2L);
        assertThat(offsetsOf(await(store().read("q", 0, 10)))).containsExactly(52L, 53L);
    }

    @Test
    default void appendCopyMustHaveTheNextOffset() {
        assertThat(awaitFailure(store().appendCopy("q", copied("q", 1))))
                .as("offset 1 on an unknown log").isInstanceOf(IllegalStateException.class);
        assertThat(store().logs()).as("a refused copy does not create the log").isEmpty();

        await(store().startAt("q", 10));
        assertThat(awaitFailure(store().appendCopy("q", copied("q", 9)))).as("below the next offset")
                .isInstanceOf(IllegalStateException.class);
        assertThat(awaitFailure(store().appendCopy("q", copied("q", 11)))).as("beyond the next offset")
                .isInstanceOf(IllegalStateException.class);
        await(store().appendCopy("q", copied("q", 10)));
        assertThat(awaitFailure(store().appendCopy("q", copied("q", 10)))).as("the same offset again")
                .isInstanceOf(IllegalStateException.class);

        assertThat(offsetsOf(await(store().read("q", 0, 10)))).containsExactly(10L);
        assertThat(store().nextOffset("q")).isEqualTo(11);
    }

    @Test
    default void appendCopyFollowsAppends() {
        append("q", 0, 3);

        await(store().appendCopy("q", copied("q", 3)));

        assertThat(offsetsOf(await(store().read("q", 0, 10)))).containsExactly(0L, 1L, 2L, 3L);
        assertThat(await(store().append("q", entry("q", 4)))).isEqualTo(4L);
    }

    @Test
    default void startAtRefusesALogThatHoldsEntries() {
        append("q", 0, 3);

        assertThat(awaitFailure(store().startAt("q", 10))).isInstanceOf(IllegalStateException.class);
        assertThat(store().firstOffset("q")).isZero();
        assertThat(store().nextOffset("q")).isEqualTo(3);
        assertThat(offsetsOf(await(store().read("q", 0, 10)))).containsExactly(0L, 1L, 2L);
    }

    @Test
    default void startAtNeverMovesOffsetsBack() {
        append("q", 0, 5);
        await(store().truncateBefore("q", 5));

        assertThat(awaitFailure(store().startAt("q", 3))).isInstanceOf(IllegalStateException.class);
        assertThat(store().nextOffset("q")).isEqualTo(5);

        await(store().startAt("q", 5));
        assertThat(store().nextOffset("q")).as("startAt at the next offset").isEqualTo(5);
        await(store().startAt("q", 8));
        assertThat(store().firstOffset("q")).isEqualTo(8);
        assertThat(store().nextOffset("q")).isEqualTo(8);
        assertThat(await(store().append("q", entry("q", 8)))).isEqualTo(8L);
    }

    @Test
    default void startAtRefusesANegativeOffset() {
        assertThat(awaitFailure(store().startAt("q", -1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(store().logs()).isEmpty();
    }

    @Test
    default void startAtKeepsConsumerGroups() {
        await(store().commitOffset("q", "g", 40));
        await(store().savePending("q", "g", pending(41, "c1", 1)));

        await(store().startAt("q", 42));

        assertThat(await(store().committedOffset("q", "g"))).hasValue(40);
        assertThat(await(store().loadPending("q", "g"))).containsExactly(pending(41, "c1", 1));
        assertThat(store().nextOffset("q")).isEqualTo(42);
    }

    @Test
    default void aDeletedCopiedLogStartsAgainAtZero() {
        await(store().startAt("q", 20));
        await(store().appendCopy("q", copied("q", 20)));

        await(store().deleteLog("q"));

        assertThat(store().logs()).isEmpty();
        assertThat(store().nextOffset("q")).isZero();
        await(store().appendCopy("q", copied("q", 0)));
        assertThat(offsetsOf(await(store().read("q", 0, 10)))).containsExactly(0L);
    }

    @Test
    default void logsListsLogsThatOnlyHaveConsumerGroupState() {
        await(store().commitOffset("committed-only", "g", 3));
        await(store().savePending("pending-only", "g", pending(7, "c1", 1)));

        assertThat(store().logs()).containsExactlyInAnyOrder("committed-only", "pending-only");
        assertThat(store().nextOffset("committed-only")).isZero();
        assertThat(await(store().groups("pending-only"))).containsExactly("g");
    }

    @Test
    default void aCopiedEntryKeepsEveryProperty() {
        Map<String, Message> variants = TestMessages.variants("fidelity/log-copy");
        long offset = 0;
        for (Message m : variants.values()) {
            await(store().appendCopy("fidelity", new LogEntry(offset, COPIED_AT + offset, m)));
            offset++;
        }

        List<LogEntry> read = await(store().read("fidelity", 0, variants.size()));
        assertThat(read).hasSize(variants.size());
        List<String> names = new ArrayList<>(variants.keySet());
        for (int i = 0; i < read.size(); i++) {
            MessageAssertions.assertSameMessage("copied log entry, " + names.get(i), read.get(i).message(),
                    variants.get(names.get(i)));
        }
    }
}
