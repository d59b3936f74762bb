package io.fluxmq.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.QoS;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.topic.TopicFilter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * StateStore subscriptions: one per filter and client, where a shared filter
 * ({@code $share/<group>/<filter>}) is a different filter from the plain one and from the same
 * filter in another group. The order of loaded subscriptions is not part of the contract.
 */
interface SubscriptionConformance extends StateStoreFixture {

    @Test
    default void savedSubscriptionsAreLoadedWithEveryOption() {
        givenSession("c");
        List<Subscription> saved = List.of(
                subscriptionWithEveryOption("sensors/+/temperature"),
                subscription("#", QoS.AT_MOST_ONCE),
                subscription("$SYS/broker/#", QoS.AT_LEAST_ONCE),
                subscription("a//b/", QoS.AT_LEAST_ONCE),
                subscription("ünïcödé/日本/🚀", QoS.EXACTLY_ONCE));
        for (Subscription s : saved) {
            await(store().saveSubscription("c", s));
        }

        assertThat(await(store().loadSubscriptions("c"))).containsExactlyInAnyOrderElementsOf(saved);
    }

    @Test
    default void savingTheSameFilterReplacesItsOptions() {
        givenSession("c");
        await(store().saveSubscription("c", subscription("a/b", QoS.AT_MOST_ONCE)));
        Subscription replacement = subscriptionWithEveryOption("a/b");
        await(store().saveSubscription("c", replacement));

        assertThat(await(store().loadSubscriptions("c"))).containsExactly(replacement);
    }

    @Test
    default void sharedFiltersAreDistinctFromPlainOnesAndFromOtherGroups() {
        givenSession("c");
        Subscription plain = subscription("a/b", QoS.AT_MOST_ONCE);
        Subscription groupG = subscription("$share/g/a/b", QoS.AT_LEAST_ONCE);
        Subscription groupH = subscription("$share/h/a/b", QoS.EXACTLY_ONCE);
        await(store().saveSubscription("c", plain));
        await(store().saveSubscription("c", groupG));
        await(store().saveSubscription("c", groupH));

        List<Subscription> loaded = await(store().loadSubscriptions("c"));
        assertThat(loaded).containsExactlyInAnyOrder(plain, groupG, groupH);
        Subscription loadedG = loaded.stream().filter(s -> "g".equals(s.filter().shareGroup())).findFirst().orElseThrow();
        assertThat(loadedG.filter().text()).isEqualTo("$share/g/a/b");
        assertThat(loadedG.filter().filter()).isEqualTo("a/b");
    }

    @Test
    default void deleteRemovesOnlyThatFilter() {
        givenSession("c");
        Subscription plain = subscription("a/b", QoS.AT_MOST_ONCE);
        Subscription shared = subscription("$share/g/a/b", QoS.AT_LEAST_ONCE);
        Subscription other = subscription("x/#", QoS.AT_LEAST_ONCE);
        for (Subscription s : List.of(plain, shared, other)) {
            await(store().saveSubscription("c", s));
        }

        await(store().deleteSubscription("c", TopicFilter.of("a/b")));
        assertThat(await(store().loadSubscriptions("c"))).containsExactlyInAnyOrder(shared, other);

        await(store().deleteSubscription("c", TopicFilter.of("$share/g/a/b")));
        assertThat(await(store().loadSubscriptions("c"))).containsExactly(other);
    }

    @Test
    default void deletingAnUnknownSubscriptionCompletes() {
        givenSession("c");
        await(store().saveSubscription("c", subscription("a/b", QoS.AT_MOST_ONCE)));

        await(store().deleteSubscription("c", TopicFilter.of("$share/g/a/b")));
        await(store().deleteSubscription("nobody", TopicFilter.of("a/b")));

        assertThat(await(store().loadSubscriptions("c"))).hasSize(1);
    }

    @Test
    default void unknownClientHasNoSubscriptions() {
        assertThat(await(store().loadSubscriptions("nobody"))).isEmpty();
        assertThat(await(store().loadAllSubscriptions())).isEmpty();
    }

    @Test
    default void subscriptionsOfClientsAreIsolated() {
        givenSession("a");
        givenSession("b");
        await(store().saveSubscription("a", subscription("t/1", QoS.AT_MOST_ONCE)));
        await(store().saveSubscription("b", subscription("t/1", QoS.EXACTLY_ONCE)));
        await(store().deleteSubscription("a", TopicFilter.of("t/1")));

        assertThat(await(store().loadSubscriptions("a"))).isEmpty();
        assertThat(await(store().loadSubscriptions("b"))).containsExactly(subscription("t/1", QoS.EXACTLY_ONCE));
    }

    @Test
    default void loadAllSubscriptionsIsKeyedByClient() {
        givenSession("a");
        givenSession("b");
        givenSession("emptied");
        Subscription a1 = subscription("a/1", QoS.AT_MOST_ONCE);
        Subscription a2 = subscription("$share/g/a/2", QoS.AT_LEAST_ONCE);
        Subscription b1 = subscription("b/#", QoS.EXACTLY_ONCE);
        await(store().saveSubscription("a", a1));
        await(store().saveSubscription("a", a2));
        await(store().saveSubscription("b", b1));
        await(store().saveSubscription("emptied", a1));
        await(store().deleteSubscription("emptied", a1.filter()));

        Map<String, List<Subscription>> all = await(store().loadAllSubscriptions());
        assertThat(all.get("a")).containsExactlyInAnyOrder(a1, a2);
        assertThat(all.get("b")).containsExactly(b1);
        assertThat(all.getOrDefault("emptied", List.of()))
                .as("a client whose subscriptions were all deleted is absent or maps to an empty list").isEmpty();
        assertThat(all.keySet()).isSubsetOf("a", "b", "emptied");
    }

    @Test
    default void loadedSubscriptionsAreSnapshots() {
        givenSession("c");
        Subscription first = subscription("a/b", QoS.AT_MOST_ONCE);
        await(store().saveSubscription("c", first));
        List<Subscription> loaded = await(store().loadSubscriptions("c"));
        Map<String, List<Subscription>> all = await(store().loadAllSubscriptions());

        await(store().saveSubscription("c", subscription("x/y", QoS.AT_MOST_ONCE)));
        await(store().saveSubscription("c", subscriptionWithEveryOption("a/b")));
        assertThat(loaded).as("a list returned earlier must not follow later writes").containsExactly(first);
        assertThat(all.get("c")).as("loadAllSubscriptions must not follow later writes").containsExactly(first);

        clearIfMutable(loaded);
        for (List<Subscription> list : all.values()) {
            clearIfMutable(list);
        }
        clearIfMutable(all);
        assertThat(await(store().loadSubscriptions("c"))).as("clearing a returned list must not change the store")
                .hasSize(2);
    }
}
