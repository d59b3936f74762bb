package io.fluxmq.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.storage.StoredMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * StateStore {@code enqueueOfflineCopy} (API 1.1): a storage migration copies an offline queue
 * with its sequence numbers, because a resumed session may already hold them (removeOffline up to
 * a sequence it peeked before the switch).
 */
interface OfflineCopyConformance extends StateStoreFixture {

    default void copy(String clientId, long sequence, String payload) {
        await(store().enqueueOfflineCopy(clientId, new StoredMessage(sequence, message(payload))));
    }

    @Test
    default void copiedMessagesKeepTheirSequences() {
        givenSession("c");
        copy("c", 41, "a");
        copy("c", 42, "b");

        List<StoredMessage> peeked = await(store().peekOffline("c", 10));
        assertThat(peeked).extracting(StoredMessage::sequence).containsExactly(41L, 42L);
        assertThat(peeked).extracting(s -> s.message().payloadAsString()).containsExactly("a", "b");
        assertThat(await(store().offlineCount("c"))).isEqualTo(2L);
    }

    @Test
    default void enqueueAfterACopyContinuesAfterIt() {
        givenSession("c");
        copy("c", 41, "a");
        copy("c", 42, "b");

        long next = await(store().enqueueOffline("c", message("c")));

        assertThat(next).as("the sequence handed out after copied ones").isGreaterThan(42L);
        assertThat(await(store().peekOffline("c", 10))).extracting(StoredMessage::sequence)
                .containsExactly(41L, 42L, next);
    }

    @Test
    default void aCopyMustFollowTheLastQueuedMessage() {
        givenSession("c");
        copy("c", 5, "a");

        assertThat(awaitFailure(store().enqueueOfflineCopy("c", new StoredMessage(7, message("gap")))))
                .as("a copy that leaves a gap").isInstanceOf(IllegalStateException.class);
        assertThat(awaitFailure(store().enqueueOfflineCopy("c", new StoredMessage(5, message("again")))))
                .as("a copy with the last sequence again").isInstanceOf(IllegalStateException.class);
        assertThat(awaitFailure(store().enqueueOfflineCopy("c", new StoredMessage(4, message("back")))))
                .as("a copy below the last sequence").isInstanceOf(IllegalStateException.class);

        assertThat(await(store().peekOffline("c", 10))).extracting(s -> s.message().payloadAsString())
                .as("the queue after refused copies").containsExactly("a");
        copy("c", 6, "b");
        assertThat(await(store().peekOffline("c", 10))).extracting(StoredMessage::sequence).containsExactly(5L, 6L);
    }

    @Test
    default void aCopyAfterEnqueuedMessagesMustFollowThem() {
        givenSession("c");
        long first = await(store().enqueueOffline("c", message("a")));
        long second = await(store().enqueueOffline("c", message("b")));

        assertThat(awaitFailure(store().enqueueOfflineCopy("c", new StoredMessage(second + 2, message("gap")))))
                .isInstanceOf(IllegalStateException.class);
        copy("c", second + 1, "c");

        assertThat(await(store().peekOffline("c", 10))).extracting(StoredMessage::sequence)
                .containsExactly(first, second, second + 1);
    }

    @Test
    default void aCopyIntoAnEmptiedQueueMustBeBeyondEverySequenceHandedOut() {
        givenSession("c");
        long first = await(store().enqueueOffline("c", message("a")));
        long last = await(store().enqueueOffline("c", message("b")));
        await(store().removeOffline("c", last));

        assertThat(awaitFailure(store().enqueueOfflineCopy("c", new StoredMessage(last, message("old")))))
                .as("a copy reusing a sequence handed out before").isInstanceOf(IllegalStateException.class);
        assertThat(awaitFailure(store().enqueueOfflineCopy("c", new StoredMessage(first, message("older")))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(await(store().offlineCount("c"))).isZero();

        copy("c", last + 100, "new");
        assertThat(await(store().peekOffline("c", 10))).extracting(StoredMessage::sequence)
                .containsExactly(last + 100);
        assertThat(await(store().offlineCount("c"))).isEqualTo(1L);
    }

    @Test
    default void removeOfflineWorksOnCopiedSequences() {
        givenSession("c");
        for (long s = 10; s <= 14; s++) {
            copy("c", s, "m" + s);
        }

        await(store().removeOffline("c", 12));

        assertThat(await(store().peekOffline("c", 10))).extracting(StoredMessage::sequence).containsExactly(13L, 14L);
        assertThat(await(store().offlineCount("c"))).isEqualTo(2L);
        await(store().removeOffline("c", 14));
        assertThat(await(store().offlineCount("c"))).isZero();
        assertThat(await(store().enqueueOffline("c", message("after")))).isGreaterThan(14L);
    }

    @Test
    default void copiesToOneClientLeaveOthersAlone() {
        givenSession("a");
        givenSession("b");
        long b1 = await(store().enqueueOffline("b", message("b1")));

        copy("a", 1_000, "a1");

        assertThat(await(store().peekOffline("b", 10))).extracting(StoredMessage::sequence).containsExactly(b1);
        assertThat(await(store().enqueueOffline("b", message("b2")))).isGreaterThan(b1).isLessThan(1_000L);
    }

    @Test
    default void deleteSessionRemovesACopiedQueue() {
        givenSession("c");
        copy("c", 7, "a");

        await(store().deleteSession("c"));

        assertThat(await(store().offlineCount("c"))).isZero();
        assertThat(await(store().peekOffline("c", 10))).isEmpty();
    }

    @Test
    default void aCopiedMessageKeepsEveryProperty() {
        givenSession("c");
        Map<String, Message> variants = TestMessages.variants("fidelity/offline-copy");
        long sequence = 500;
        for (Message m : variants.values()) {
            await(store().enqueueOfflineCopy("c", new StoredMessage(sequence++, m)));
        }

        List<StoredMessage> peeked = await(store().peekOffline("c", variants.size()));
        assertThat(peeked).hasSize(variants.size());
        List<String> names = new ArrayList<>(variants.keySet());
        for (int i = 0; i < peeked.size(); i++) {
            assertThat(peeked.get(i).sequence()).isEqualTo(500L + i);
            MessageAssertions.assertSameMessage("copied offline message, " + names.get(i),
                    peeked.get(i).message(), variants.get(names.get(i)));
        }
    }
}
