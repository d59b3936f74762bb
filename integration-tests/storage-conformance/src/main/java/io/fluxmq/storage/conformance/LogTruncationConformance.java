package io.fluxmq.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * LogStore truncation and deletion. Truncation removes a prefix and never renumbers: consumer
 * groups hold offsets, and a renumbered log would hand them other messages.
 */
interface LogTruncationConformance extends LogStoreFixture {

    @Test
    default void truncateBeforeRemovesThePrefixAndCountsIt() {
        append("q", 0, 10);

        assertThat(await(store().truncateBefore("q", 4))).as("entries removed").isEqualTo(4L);
        assertThat(store().firstOffset("q")).isEqualTo(4);
        assertThat(store().nextOffset("q")).isEqualTo(10);
    }

    @Test
    default void truncationNeverRenumbers() {
        append("q", 0, 10);
        await(store().truncateBefore("q", 4));

        assertThat(offsetsOf(await(store().read("q", 4, 3)))).containsExactly(4L, 5L, 6L);
        assertThat(payloadsOf(await(store().read("q", 4, 3)))).containsExactly("q:4", "q:5", "q:6");
        assertThat(await(store().append("q", entry("q", 10)))).as("offset of the next append").isEqualTo(10L);
    }

    @Test
    default void readBelowTheFirstOffsetStartsAtTheFirstRetainedEntry() {
        append("q", 0, 10);
        await(store().truncateBefore("q", 4));

        assertThat(offsetsOf(await(store().read("q", 0, 3)))).containsExactly(4L, 5L, 6L);
    }

    @Test
    default void truncatingBelowTheFirstOffsetRemovesNothing() {
        append("q", 0, 10);
        await(store().truncateBefore("q", 4));

        assertThat(await(store().truncateBefore("q", 4))).as("truncating at the first offset again").isZero();
        assertThat(await(store().truncateBefore("q", 2))).as("truncating below the first offset").isZero();
        assertThat(store().firstOffset("q")).isEqualTo(4);
    }

    @Test
    default void truncatingEverythingKeepsTheLogAndItsNextOffset() {
        append("q", 0, 10);

        assertThat(await(store().truncateBefore("q", 1_000))).as("entries removed").isEqualTo(10L);
        assertThat(store().nextOffset("q")).as("nextOffset of an emptied log").isEqualTo(10);
        assertThat(store().firstOffset("q")).as("firstOffset of an emptied log is its nextOffset").isEqualTo(10);
        assertThat(await(store().read("q", 0, 10))).isEmpty();
        assertThat(store().logs()).contains("q");

        assertThat(await(store().append("q", entry("q", 10)))).isEqualTo(10L);
        assertThat(offsetsOf(await(store().read("q", 0, 10)))).containsExactly(10L);
    }

    @Test
    default void truncatingAnUnknownLogRemovesNothing() {
        assertThat(await(store().truncateBefore("none", 10))).isZero();
    }

    @Test
    default void truncationLeavesOtherLogsAndGroupsAlone() {
        append("q", 0, 10);
        append("other", 0, 10);
        await(store().commitOffset("q", "g", 7));
        await(store().savePending("q", "g", pending(8, "c1", 1)));

        await(store().truncateBefore("q", 9));

        assertThat(store().firstOffset("other")).isZero();
        assertThat(await(store().read("other", 0, 100))).hasSize(10);
        assertThat(await(store().committedOffset("q", "g"))).hasValue(7);
        assertThat(await(store().loadPending("q", "g"))).containsExactly(pending(8, "c1", 1));
    }

    @Test
    default void deleteLogRemovesEntriesOffsetsAndGroups() {
        append("q", 0, 5);
        await(store().truncateBefore("q", 2));
        await(store().commitOffset("q", "g", 3));
        await(store().savePending("q", "g", pending(4, "c1", 1)));

        await(store().deleteLog("q"));

        assertThat(store().logs()).doesNotContain("q");
        assertThat(await(store().read("q", 0, 10))).isEmpty();
        assertThat(store().firstOffset("q")).isZero();
        assertThat(store().nextOffset("q")).isZero();
        assertThat(await(store().committedOffset("q", "g"))).isEmpty();
        assertThat(await(store().loadPending("q", "g"))).isEmpty();
        assertThat(await(store().groups("q"))).isEmpty();
    }

    @Test
    default void aDeletedLogStartsAgainAtZero() {
        append("q", 0, 5);
        await(store().deleteLog("q"));

        assertThat(await(store().append("q", entry("q", 100)))).isZero();
        assertThat(payloadsOf(await(store().read("q", 0, 10)))).containsExactly("q:100");
    }

    @Test
    default void deleteLogLeavesOtherLogsAlone() {
        append("q", 0, 5);
        append("other", 0, 3);
        await(store().commitOffset("other", "g", 1));

        await(store().deleteLog("q"));

        assertThat(store().logs()).containsExactly("other");
        assertThat(await(store().read("other", 0, 10))).hasSize(3);
        assertThat(await(store().committedOffset("other", "g"))).hasValue(1);
    }

    @Test
    default void deletingAnUnknownLogCompletes() {
        await(store().deleteLog("none"));

        assertThat(store().logs()).isEmpty();
    }
}
