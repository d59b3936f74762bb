package io.fluxmq.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.message.QoS;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.storage.InflightMessage;
import io.fluxmq.api.storage.InflightMessage.State;
import io.fluxmq.api.storage.SessionState;
import io.fluxmq.api.storage.StateStore;
import io.fluxmq.api.storage.StoredMessage;
import io.fluxmq.api.storage.WillMessage;
import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.api.topic.TopicName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link StateStoreConformance} plus what a persistent backend promises: everything a completed
 * write stored is there after the store is closed and opened again on the same directory, and
 * nothing that was deleted comes back.
 */
public abstract class PersistentStateStoreConformance extends StateStoreConformance {

    /**
     * Closes {@code store} and opens the same data again. The default closes it with
     * {@link #closeStore(StateStore)} and calls {@link #createStore(Path)} on the same directory.
     */
    protected StateStore reopen(StateStore store, Path dir) throws Exception {
        closeStore(store);
        return createStore(dir);
    }

    /** Restarts the store under test. */
    protected final void restart() throws Exception {
        StateStore reopened = reopen(store(), directory());
        assertThat(reopened).as("reopen").isNotNull();
        replaceStore(reopened);
    }

    @Test
    void sessionsSurviveRestarts() throws Exception {
        SessionState a = new SessionState("a", "mqtt", 5, SessionState.NEVER_EXPIRES, 0);
        SessionState b = new SessionState("b", "amqp", 1, 0, 1_700_000_000_000L);
        await(store().saveSession(a));
        await(store().saveSession(b));
        restart();
        assertThat(await(store().loadSessions())).containsExactlyInAnyOrder(a, b);

        // A second restart catches stores that replay their journal once but do not keep it.
        restart();
        assertThat(await(store().loadSession("a"))).contains(a);
        assertThat(await(store().loadSession("b"))).contains(b);
    }

    @Test
    void subscriptionsSurviveRestart() throws Exception {
        givenSession("c");
        Subscription plain = subscriptionWithEveryOption("a/+/c");
        Subscription shared = subscription("$share/g/a/+/c", QoS.AT_LEAST_ONCE);
        Subscription deleted = subscription("x/#", QoS.AT_MOST_ONCE);
        await(store().saveSubscription("c", plain));
        await(store().saveSubscription("c", shared));
        await(store().saveSubscription("c", deleted));
        await(store().deleteSubscription("c", TopicFilter.of("x/#")));
        restart();

        assertThat(await(store().loadSubscriptions("c"))).containsExactlyInAnyOrder(plain, shared);
        Map<String, List<Subscription>> all = await(store().loadAllSubscriptions());
        assertThat(all.get("c")).containsExactlyInAnyOrder(plain, shared);
    }

    @Test
    void inflightSurvivesRestartInFirstSaveOrder() throws Exception {
        givenSession("c");
        await(store().saveInflight("c", outbound(30, State.AWAITING_PUBREC)));
        await(store().saveInflight("c", outbound(10, State.AWAITING_PUBACK)));
        await(store().saveInflight("c", inbound(20)));
        await(store().saveInflight("c", outbound(30, State.AWAITING_PUBCOMP)));
        await(store().saveInflight("c", outbound(40, State.AWAITING_PUBACK)));
        await(store().deleteInflight("c", 40, InflightMessage.Direction.OUTBOUND));
        restart();

        assertThat(await(store().loadInflight("c"))).containsExactly(
                outbound(30, State.AWAITING_PUBCOMP), outbound(10, State.AWAITING_PUBACK), inbound(20));
    }

    @Test
    void offlineQueueSurvivesRestartAndSequencesKeepGrowing() throws Exception {
        givenSession("c");
        long first = await(store().enqueueOffline("c", message("1")));
        long second = await(store().enqueueOffline("c", message("2")));
        long third = await(store().enqueueOffline("c", message("3")));
        await(store().removeOffline("c", first));
        restart();

        assertThat(await(store().peekOffline("c", 10))).extracting(StoredMessage::sequence)
                .containsExactly(second, third);
        assertThat(await(store().offlineCount("c"))).isEqualTo(2L);
        await(store().removeOffline("c", third));
        restart();

        long fourth = await(store().enqueueOffline("c", message("4")));
        assertThat(fourth).as("a sequence handed out after a restart").isGreaterThan(third);
    }

    @Test
    void retainedMessagesAndWillsSurviveRestart() throws Exception {
        Message kept = TestMessages.full("r/kept");
        await(store().putRetained(TestMessages.simple("r/kept", "old")));
        await(store().putRetained(kept));
        await(store().putRetained(TestMessages.simple("r/removed", "gone")));
        await(store().removeRetained(TopicName.of("r/removed")));
        WillMessage will = new WillMessage("a", TestMessages.full("wills/a"), 120);
        await(store().putWill(will));
        await(store().putWill(new WillMessage("b", TestMessages.simple("wills/b", "gone"), 0)));
        await(store().removeWill("b"));
        restart();

        assertThat(await(store().loadRetained())).containsExactly(kept);
        assertThat(await(store().loadWills())).containsExactly(will);
    }

    @Test
    void deletedSessionStaysDeletedAfterRestart() throws Exception {
        givenSession("doomed");
        await(store().saveSubscription("doomed", subscription("a/b", QoS.AT_LEAST_ONCE)));
        await(store().saveInflight("doomed", outbound(1, State.AWAITING_PUBACK)));
        await(store().enqueueOffline("doomed", message("queued")));
        await(store().deleteSession("doomed"));
        restart();

        assertThat(await(store().loadSession("doomed"))).isEmpty();
        assertThat(await(store().loadSubscriptions("doomed"))).isEmpty();
        assertThat(await(store().loadAllSubscriptions()).getOrDefault("doomed", List.of())).isEmpty();
        assertThat(await(store().loadInflight("doomed"))).isEmpty();
        assertThat(await(store().offlineCount("doomed"))).isZero();
    }

    @Test
    void everyMessagePropertySurvivesRestart() throws Exception {
        givenSession("c");
        Map<String, Message> variants = TestMessages.variants("fidelity/restart");
        for (Message m : variants.values()) {
            await(store().enqueueOffline("c", m));
        }
        restart();

        List<StoredMessage> peeked = await(store().peekOffline("c", variants.size()));
        assertThat(peeked).hasSize(variants.size());
        int i = 0;
        for (Map.Entry<String, Message> e : variants.entrySet()) {
            MessageAssertions.assertSameMessage("offline queue after restart, " + e.getKey(),
                    peeked.get(i++).message(), e.getValue());
        }
    }

    @Test
    void copiedOfflineQueueSurvivesRestartWithItsSequences() throws Exception {
        givenSession("c");
        await(store().enqueueOfflineCopy("c", new StoredMessage(41, message("a"))));
        await(store().enqueueOfflineCopy("c", new StoredMessage(42, message("b"))));
        restart();

        assertThat(await(store().peekOffline("c", 10))).extracting(StoredMessage::sequence).containsExactly(41L, 42L);
        assertThat(await(store().offlineCount("c"))).isEqualTo(2L);
        assertThat(await(store().enqueueOffline("c", message("c")))).as("first enqueue after a restart")
                .isGreaterThan(42L);
    }

    @Test
    void definitionsSurviveRestarts() throws Exception {
        await(store().putDefinition("amqp091/exchanges", "orders", "direct".getBytes(StandardCharsets.UTF_8)));
        await(store().putDefinition("amqp091/exchanges", "orders", "topic".getBytes(StandardCharsets.UTF_8)));
        await(store().putDefinition("amqp091/exchanges", "a/b:ü", new byte[0]));
        await(store().putDefinition("amqp091/queues", "orders", new byte[] {0, (byte) 0xFF, 1}));
        await(store().putDefinition("amqp091/queues", "removed", new byte[] {1}));
        await(store().removeDefinition("amqp091/queues", "removed"));
        await(store().putDefinition("emptied", "x", new byte[] {1}));
        await(store().removeDefinition("emptied", "x"));
        restart();

        assertThat(await(store().definitionNamespaces())).containsExactlyInAnyOrder("amqp091/exchanges",
                "amqp091/queues");
        Map<String, byte[]> exchanges = await(store().loadDefinitions("amqp091/exchanges"));
        assertThat(exchanges).containsOnlyKeys("orders", "a/b:ü");
        assertThat(exchanges.get("orders")).asString(StandardCharsets.UTF_8).isEqualTo("topic");
        assertThat(exchanges.get("a/b:ü")).isEmpty();

        // A second restart catches stores that replay their journal once but do not keep it.
        restart();
        Map<String, byte[]> queues = await(store().loadDefinitions("amqp091/queues"));
        assertThat(queues).containsOnlyKeys("orders");
        assertThat(queues.get("orders")).containsExactly(0, 0xFF, 1);
        assertThat(await(store().loadDefinitions("emptied"))).isEmpty();
    }
}
