package io.fluxmq.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.storage.StoredMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * StateStore offline queues: per-client FIFO queues whose sequence numbers only ever grow, so
 * that "remove up to and including n" never removes a message enqueued after n was handed out.
 * The first sequence number is the backend's choice.
 */
interface OfflineQueueConformance extends StateStoreFixture {

    default List<Long> enqueue(String clientId, String... payloads) {
        List<Long> sequences = new ArrayList<>();
        for (String p : payloads) {
            sequences.add(await(store().enqueueOffline(clientId, message(p))));
        }
        return sequences;
    }

    @Test
    default void enqueueReturnsStrictlyIncreasingSequences() {
        givenSession("c");
        List<Long> sequences = enqueue("c", "1", "2", "3", "4", "5");

        assertThat(sequences).doesNotContainNull().isSorted().doesNotHaveDuplicates();
    }

    @Test
    default void peekReturnsOldestFirstWithTheEnqueuedSequences() {
        givenSession("c");
        List<Long> sequences = enqueue("c", "1", "2", "3");

        List<StoredMessage> peeked = await(store().peekOffline("c", 10));
        assertThat(peeked).extracting(StoredMessage::sequence).containsExactlyElementsOf(sequences);
        assertThat(peeked).extracting(s -> s.message().payloadAsString()).containsExactly("1", "2", "3");
        assertThat(peeked.get(0).message()).isEqualTo(message("1"));
    }

    @Test
    default void peekHonoursMaxAndRemovesNothing() {
        givenSession("c");
        enqueue("c", "1", "2", "3", "4");

        assertThat(await(store().peekOffline("c", 2))).extracting(s -> s.message().payloadAsString())
                .containsExactly("1", "2");
        assertThat(await(store().peekOffline("c", 0))).as("peek with max 0").isEmpty();
        assertThat(await(store().peekOffline("c", 100))).hasSize(4);
        assertThat(await(store().offlineCount("c"))).isEqualTo(4L);
    }

    @Test
    default void removeOfflineRemovesUpToAndIncludingTheSequence() {
        givenSession("c");
        List<Long> seq = enqueue("c", "1", "2", "3", "4");

        await(store().removeOffline("c", seq.get(1)));

        assertThat(await(store().peekOffline("c", 10))).extracting(StoredMessage::sequence)
                .containsExactly(seq.get(2), seq.get(3));
        assertThat(await(store().offlineCount("c"))).isEqualTo(2L);
    }

    @Test
    default void removeBelowTheHeadRemovesNothingAndBeyondTheTailRemovesAll() {
        givenSession("c");
        List<Long> seq = enqueue("c", "1", "2", "3");
        await(store().removeOffline("c", seq.get(0)));

        await(store().removeOffline("c", seq.get(0)));
        assertThat(await(store().offlineCount("c"))).as("removing an already removed sequence").isEqualTo(2L);

        await(store().removeOffline("c", seq.get(2) + 1_000));
        assertThat(await(store().peekOffline("c", 10))).as("removing beyond the tail").isEmpty();
        assertThat(await(store().offlineCount("c"))).isZero();
    }

    @Test
    default void sequencesKeepGrowingAfterTheQueueEmpties() {
        givenSession("c");
        List<Long> first = enqueue("c", "1", "2");
        await(store().removeOffline("c", first.get(1)));

        long next = await(store().enqueueOffline("c", message("3")));

        assertThat(next).as("a sequence handed out after removal").isGreaterThan(first.get(1));
        assertThat(await(store().peekOffline("c", 10))).extracting(StoredMessage::sequence).containsExactly(next);
    }

    @Test
    default void offlineCountFollowsEnqueueAndRemove() {
        givenSession("c");
        assertThat(await(store().offlineCount("c"))).isZero();
        List<Long> seq = enqueue("c", "1", "2", "3");
        assertThat(await(store().offlineCount("c"))).isEqualTo(3L);
        await(store().removeOffline("c", seq.get(0)));
        assertThat(await(store().offlineCount("c"))).isEqualTo(2L);
    }

    @Test
    default void queuesOfClientsAreIsolated() {
        givenSession("a");
        givenSession("b");
        List<Long> a = enqueue("a", "a1", "a2", "a3");
        enqueue("b", "b1", "b2");

        await(store().removeOffline("a", a.get(2)));

        assertThat(await(store().offlineCount("a"))).isZero();
        assertThat(await(store().offlineCount("b"))).as("another client's queue after removeOffline")
                .isEqualTo(2L);
        assertThat(await(store().peekOffline("b", 10))).extracting(s -> s.message().payloadAsString())
                .containsExactly("b1", "b2");
    }

    @Test
    default void unknownClientHasAnEmptyQueue() {
        assertThat(await(store().peekOffline("nobody", 10))).isEmpty();
        assertThat(await(store().offlineCount("nobody"))).isZero();
        await(store().removeOffline("nobody", 10));
    }

    @Test
    default void peekedMessagesAreASnapshot() {
        givenSession("c");
        List<Long> seq = enqueue("c", "1", "2");
        List<StoredMessage> peeked = await(store().peekOffline("c", 10));
        List<StoredMessage> copy = new ArrayList<>(peeked);

        await(store().removeOffline("c", seq.get(0)));
        enqueue("c", "3");
        assertThat(peeked).as("a list returned earlier must not follow later writes").isEqualTo(copy);

        clearIfMutable(peeked);
        assertThat(await(store().offlineCount("c"))).as("clearing a returned list must not change the store")
                .isEqualTo(2L);
    }

    @Test
    default void theSameMessageMayBeQueuedTwice() {
        givenSession("c");
        Message m = message("twice");
        long first = await(store().enqueueOffline("c", m));
        long second = await(store().enqueueOffline("c", m));

        assertThat(second).isGreaterThan(first);
        assertThat(await(store().peekOffline("c", 10))).extracting(StoredMessage::message).containsExactly(m, m);
    }
}
