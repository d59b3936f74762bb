package io.fluxmq.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.storage.WillMessage;
import io.fluxmq.api.topic.TopicName;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * StateStore retained messages (one per topic) and wills (one per client). Clearing a retained
 * message on an empty payload is the router's business; the store keeps what it is given.
 */
interface RetainedAndWillConformance extends StateStoreFixture {

    @Test
    default void retainedMessagesAreLoadedOnePerTopic() {
        Message a = TestMessages.simple("r/a", "a");
        Message b = TestMessages.full("r/b");
        await(store().putRetained(a));
        await(store().putRetained(b));

        assertThat(await(store().loadRetained())).containsExactlyInAnyOrder(a, b);
    }

    @Test
    default void puttingTheSameTopicReplacesTheRetainedMessage() {
        await(store().putRetained(TestMessages.simple("r/a", "old")));
        Message replacement = TestMessages.simple("r/a", "new");
        await(store().putRetained(replacement));

        assertThat(await(store().loadRetained())).containsExactly(replacement);
    }

    @Test
    default void removeRetainedRemovesOnlyThatTopic() {
        Message keep = TestMessages.simple("r/keep", "k");
        await(store().putRetained(keep));
        await(store().putRetained(TestMessages.simple("r/drop", "d")));

        await(store().removeRetained(TopicName.of("r/drop")));

        assertThat(await(store().loadRetained())).containsExactly(keep);
    }

    @Test
    default void removingAnUnknownRetainedTopicCompletes() {
        await(store().removeRetained(TopicName.of("r/none")));

        assertThat(await(store().loadRetained())).isEmpty();
    }

    @Test
    default void loadedRetainedMessagesAreASnapshot() {
        Message first = TestMessages.simple("r/a", "a");
        await(store().putRetained(first));
        List<Message> loaded = await(store().loadRetained());

        await(store().putRetained(TestMessages.simple("r/b", "b")));
        await(store().removeRetained(TopicName.of("r/a")));
        assertThat(loaded).as("a list returned earlier must not follow later writes").containsExactly(first);

        clearIfMutable(loaded);
        assertThat(await(store().loadRetained())).as("clearing a returned list must not change the store")
                .hasSize(1);
    }

    @Test
    default void willsAreLoadedOnePerClient() {
        WillMessage a = new WillMessage("a", TestMessages.full("wills/a"), 30);
        WillMessage b = new WillMessage("b", TestMessages.simple("wills/b", "bye"), 0);
        await(store().putWill(a));
        await(store().putWill(b));

        assertThat(await(store().loadWills())).containsExactlyInAnyOrder(a, b);
    }

    @Test
    default void puttingAWillForTheSameClientReplacesIt() {
        await(store().putWill(new WillMessage("a", TestMessages.simple("wills/a", "old"), 10)));
        WillMessage replacement = new WillMessage("a", TestMessages.simple("wills/a2", "new"), 0);
        await(store().putWill(replacement));

        assertThat(await(store().loadWills())).containsExactly(replacement);
    }

    @Test
    default void removeWillRemovesOnlyThatClientsWill() {
        WillMessage keep = new WillMessage("keep", TestMessages.simple("wills/keep", "k"), 0);
        await(store().putWill(keep));
        await(store().putWill(new WillMessage("drop", TestMessages.simple("wills/drop", "d"), 0)));

        await(store().removeWill("drop"));
        await(store().removeWill("nobody"));

        assertThat(await(store().loadWills())).containsExactly(keep);
    }

    @Test
    default void loadedWillsAreASnapshot() {
        WillMessage first = new WillMessage("a", TestMessages.simple("wills/a", "a"), 0);
        await(store().putWill(first));
        List<WillMessage> loaded = await(store().loadWills());

        await(store().putWill(new WillMessage("b", TestMessages.simple("wills/b", "b"), 0)));
        await(store().removeWill("a"));
        assertThat(loaded).as("a list returned earlier must not follow later writes").containsExactly(first);

        clearIfMutable(loaded);
        assertThat(await(store().loadWills())).as("clearing a returned list must not change the store")
                .hasSize(1);
    }
}
