package io.fluxmq.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.storage.PendingEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** LogStore consumer groups: committed offsets and pending-entry lists, per log and per group. */
interface ConsumerGroupConformance extends LogStoreFixture {

    @Test
    default void committedOffsetIsEmptyWhenNothingWasCommitted() {
        append("q", 0, 3);

        assertThat(await(store().committedOffset("q", "g"))).isEmpty();
        assertThat(await(store().committedOffset("none", "g"))).isEmpty();
    }

    @Test
    default void committedOffsetIsTheLastCommit() {
        append("q", 0, 10);
        await(store().commitOffset("q", "g", 0));
        assertThat(await(store().committedOffset("q", "g"))).as("offset 0 is a commit, not an absent one")
                .hasValue(0);

        await(store().commitOffset("q", "g", 7));
        assertThat(await(store().committedOffset("q", "g"))).hasValue(7);
    }

    @Test
    default void committedOffsetsArePerGroupAndPerLog() {
        append("q", 0, 10);
        append("r", 0, 10);
        await(store().commitOffset("q", "g1", 3));
        await(store().commitOffset("q", "g2", 5));
        await(store().commitOffset("r", "g1", 9));

        assertThat(await(store().committedOffset("q", "g1"))).hasValue(3);
        assertThat(await(store().committedOffset("q", "g2"))).hasValue(5);
        assertThat(await(store().committedOffset("r", "g1"))).hasValue(9);
        assertThat(await(store().committedOffset("r", "g2"))).isEmpty();
    }

    @Test
    default void pendingEntriesAreLoadedOrderedByOffset() {
        append("q", 0, 10);
        PendingEntry p7 = pending(7, "c1", 1);
        PendingEntry p3 = pending(3, "c2", 2);
        PendingEntry p5 = pending(5, "c1", 1);
        await(store().savePending("q", "g", p7));
        await(store().savePending("q", "g", p3));
        await(store().savePending("q", "g", p5));

        assertThat(await(store().loadPending("q", "g"))).containsExactly(p3, p5, p7);
    }

    @Test
    default void savingTheSameOffsetReplacesThePendingEntry() {
        append("q", 0, 10);
        await(store().savePending("q", "g", pending(4, "c1", 1)));
        PendingEntry redelivered = new PendingEntry(4, "c2", 1_800_000_000_000L, 2);
        await(store().savePending("q", "g", redelivered));

        assertThat(await(store().loadPending("q", "g"))).containsExactly(redelivered);
    }

    @Test
    default void removePendingRemovesOnlyThatOffset() {
        append("q", 0, 10);
        for (long offset : new long[] {1, 2, 3}) {
            await(store().savePending("q", "g", pending(offset, "c1", 1)));
        }

        await(store().removePending("q", "g", 2));
        await(store().removePending("q", "g", 9));
        await(store().removePending("q", "unknown-group", 1));
        await(store().removePending("none", "g", 1));

        assertThat(await(store().loadPending("q", "g"))).extracting(PendingEntry::offset).containsExactly(1L, 3L);
    }

    @Test
    default void pendingEntriesArePerGroupAndPerLog() {
        append("q", 0, 10);
        append("r", 0, 10);
        await(store().savePending("q", "g1", pending(1, "c1", 1)));
        await(store().savePending("q", "g2", pending(1, "c9", 3)));
        await(store().savePending("r", "g1", pending(2, "c1", 1)));
        await(store().removePending("q", "g1", 1));

        assertThat(await(store().loadPending("q", "g1"))).isEmpty();
        assertThat(await(store().loadPending("q", "g2"))).containsExactly(pending(1, "c9", 3));
        assertThat(await(store().loadPending("r", "g1"))).containsExactly(pending(2, "c1", 1));
        assertThat(await(store().loadPending("none", "g1"))).isEmpty();
    }

    @Test
    default void groupsListsGroupsWithCommitsOrPendingEntries() {
        append("q", 0, 10);
        append("r", 0, 10);
        await(store().commitOffset("q", "committed", 2));
        await(store().savePending("q", "pending", pending(3, "c1", 1)));
        await(store().commitOffset("r", "elsewhere", 1));

        assertThat(await(store().groups("q"))).containsExactlyInAnyOrder("committed", "pending");
        assertThat(await(store().groups("none"))).isEmpty();
    }

    @Test
    default void pendingAndGroupsAreSnapshots() {
        append("q", 0, 10);
        PendingEntry first = pending(1, "c1", 1);
        await(store().savePending("q", "g", first));
        List<PendingEntry> loaded = await(store().loadPending("q", "g"));
        Set<String> groups = await(store().groups("q"));
        List<PendingEntry> loadedCopy = new ArrayList<>(loaded);

        await(store().savePending("q", "g", pending(0, "c1", 1)));
        await(store().savePending("q", "g", pending(1, "c2", 2)));
        await(store().commitOffset("q", "other", 5));
        assertThat(loaded).as("a list returned earlier must not follow later writes").isEqualTo(loadedCopy);
        assertThat(groups).as("a set returned earlier must not follow later writes").containsExactly("g");

        clearIfMutable(loaded);
        clearIfMutable(groups);
        assertThat(await(store().loadPending("q", "g"))).as("clearing a returned list must not change the store")
                .hasSize(2);
        assertThat(await(store().groups("q"))).hasSize(2);
    }
}
