package io.fluxmq.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.QoS;
import io.fluxmq.api.storage.InflightMessage;
import io.fluxmq.api.storage.SessionState;
import io.fluxmq.api.storage.WillMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** StateStore sessions: save, load, replace, loadSessions, and delete with its cascade. */
interface SessionConformance extends StateStoreFixture {

    @Test
    default void savedSessionIsLoadedWithEveryField() {
        SessionState session = new SessionState("session-a", "mqtt", 4, SessionState.NEVER_EXPIRES,
                1_700_000_000_000L);
        await(store().saveSession(session));

        assertThat(await(store().loadSession("session-a"))).contains(session);
    }

    @Test
    default void unknownSessionLoadsEmpty() {
        assertThat(await(store().loadSession("nobody"))).isEmpty();
        assertThat(await(store().loadSessions())).isEmpty();
    }

    @Test
    default void savingAgainReplacesTheSession() {
        givenSession("session-a");
        SessionState disconnected = new SessionState("session-a", "amqp", 5, 60, 1_700_000_001_000L);
        await(store().saveSession(disconnected));

        assertThat(await(store().loadSession("session-a"))).contains(disconnected);
        assertThat(await(store().loadSessions())).containsExactly(disconnected);
    }

    @Test
    default void loadSessionsReturnsEverySession() {
        SessionState a = givenSession("a");
        SessionState b = givenSession("b");
        SessionState c = givenSession("c/with/slashes and spaces ü");

        assertThat(await(store().loadSessions())).containsExactlyInAnyOrder(a, b, c);
    }

    @Test
    default void deletedSessionIsGone() {
        givenSession("a");
        SessionState b = givenSession("b");
        await(store().deleteSession("a"));

        assertThat(await(store().loadSession("a"))).isEmpty();
        assertThat(await(store().loadSessions())).containsExactly(b);
    }

    @Test
    default void deleteSessionCascadesToSubscriptionsInflightAndOfflineQueue() {
        givenSession("doomed");
        await(store().saveSubscription("doomed", subscription("a/b", QoS.AT_LEAST_ONCE)));
        await(store().saveSubscription("doomed", subscription("$share/g/a/b", QoS.AT_LEAST_ONCE)));
        await(store().saveInflight("doomed", outbound(1, InflightMessage.State.AWAITING_PUBACK)));
        await(store().saveInflight("doomed", inbound(2)));
        await(store().enqueueOffline("doomed", message("queued")));

        await(store().deleteSession("doomed"));

        assertThat(await(store().loadSubscriptions("doomed"))).as("subscriptions after deleteSession").isEmpty();
        assertThat(await(store().loadAllSubscriptions()).getOrDefault("doomed", List.of()))
                .as("loadAllSubscriptions after deleteSession").isEmpty();
        assertThat(await(store().loadInflight("doomed"))).as("inflight after deleteSession").isEmpty();
        assertThat(await(store().peekOffline("doomed", 10))).as("offline queue after deleteSession").isEmpty();
        assertThat(await(store().offlineCount("doomed"))).as("offline count after deleteSession").isZero();

        // A new session with the same client id must not inherit anything.
        givenSession("doomed");
        assertThat(await(store().loadSubscriptions("doomed"))).as("subscriptions of a re-created session").isEmpty();
        assertThat(await(store().loadInflight("doomed"))).as("inflight of a re-created session").isEmpty();
        assertThat(await(store().offlineCount("doomed"))).as("offline count of a re-created session").isZero();
    }

    @Test
    default void deleteSessionLeavesOtherClientsAlone() {
        givenSession("doomed");
        givenSession("survivor");
        for (String client : List.of("doomed", "survivor")) {
            await(store().saveSubscription(client, subscription("a/b", QoS.AT_LEAST_ONCE)));
            await(store().saveInflight(client, outbound(1, InflightMessage.State.AWAITING_PUBACK)));
            await(store().enqueueOffline(client, message("queued")));
        }

        await(store().deleteSession("doomed"));

        assertThat(await(store().loadSession("survivor"))).isPresent();
        assertThat(await(store().loadSubscriptions("survivor"))).hasSize(1);
        assertThat(await(store().loadInflight("survivor"))).hasSize(1);
        assertThat(await(store().offlineCount("survivor"))).isEqualTo(1L);
    }

    /**
     * The contract names what deleteSession cascades to; wills and retained messages are not among
     * them, because the broker may still have to publish a will after the session is gone.
     */
    @Test
    default void deleteSessionKeepsWillsAndRetainedMessages() {
        givenSession("doomed");
        WillMessage will = new WillMessage("doomed", TestMessages.simple("wills/doomed", "bye"), 0);
        await(store().putWill(will));
        await(store().putRetained(TestMessages.simple("retained/doomed", "kept")));

        await(store().deleteSession("doomed"));

        assertThat(await(store().loadWills())).containsExactly(will);
        assertThat(await(store().loadRetained())).hasSize(1);
    }

    @Test
    default void deletingAnUnknownSessionCompletes() {
        await(store().deleteSession("nobody"));

        assertThat(await(store().loadSessions())).isEmpty();
    }

    @Test
    default void loadedSessionsAreSnapshots() {
        givenSession("a");
        List<SessionState> loaded = await(store().loadSessions());
        List<SessionState> copy = new ArrayList<>(loaded);

        givenSession("b");
        await(store().deleteSession("a"));
        assertThat(loaded).as("a list returned earlier must not follow later writes").isEqualTo(copy);

        clearIfMutable(loaded);
        assertThat(await(store().loadSessions())).as("clearing a returned list must not change the store")
                .extracting(SessionState::clientId).containsExactly("b");
    }
}
