package io.fluxmq.core.router;

import static io.fluxmq.core.router.Routing.msg;
import static io.fluxmq.core.router.Routing.noLocal;
import static io.fluxmq.core.router.Routing.sub;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.message.QoS;
import io.fluxmq.api.router.Subscriber;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.topic.TopicFilter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Subscribe, replace, unsubscribe and what the router delivers meanwhile. */
class SubscriptionLifecycleTest {
    private final TrieMessageRouter router = new TrieMessageRouter();
    private final RecordingSubscriber alice = new RecordingSubscriber("alice");
    private final RecordingSubscriber bob = new RecordingSubscriber("bob");

    @Test
    void mqtt_3_8_4_3_subscribingAgainWithTheSameFilterReplacesTheSubscription() {
        assertThat(router.subscribe(alice, sub("a/+", QoS.AT_MOST_ONCE))).isTrue();
        assertThat(router.subscribe(alice, sub("a/+", QoS.EXACTLY_ONCE))).isFalse();

        assertThat(router.subscriptionCount()).isEqualTo(1);
        assertThat(router.subscriptionsOf("alice")).containsExactly(sub("a/+", QoS.EXACTLY_ONCE));
        assertThat(router.route(msg("a/b"), null)).isEqualTo(1);
        assertThat(alice.deliveries().get(0).subscription().options().maxQos()).isEqualTo(QoS.EXACTLY_ONCE);
    }

    @Test
    void replacingWithANewSubscriberInstanceDeliversToTheNewInstance() {
        RecordingSubscriber aliceReconnected = new RecordingSubscriber("alice");
        router.subscribe(alice, sub("a"));
        assertThat(router.subscribe(aliceReconnected, sub("a"))).isFalse();

        router.route(msg("a"), null);

        assertThat(alice.count()).isZero();
        assertThat(aliceReconnected.count()).isEqualTo(1);
    }

    @Test
    void overlappingSubscriptionsDeliverOncePerMatchingSubscription() {
        router.subscribe(alice, sub("a/+"));
        router.subscribe(alice, sub("a/#"));
        router.subscribe(alice, sub("a/b"));
        router.subscribe(alice, sub("a/c"));

        assertThat(router.route(msg("a/b"), null)).isEqualTo(3);
        assertThat(alice.filters()).containsExactlyInAnyOrder(
                TopicFilter.of("a/+"), TopicFilter.of("a/#"), TopicFilter.of("a/b"));
    }

    @Test
    void mqtt_3_8_3_3_noLocalSkipsTheSubscribersOwnMessages() {
        router.subscribe(alice, noLocal("t"));
        router.subscribe(bob, sub("t"));

        assertThat(router.route(msg("t"), "alice")).isEqualTo(1);
        assertThat(alice.count()).isZero();
        assertThat(bob.count()).isEqualTo(1);

        assertThat(router.route(msg("t"), "bob")).isEqualTo(2);
        assertThat(router.route(msg("t"), null)).isEqualTo(2);
        assertThat(alice.count()).isEqualTo(2);
    }

    @Test
    void withoutNoLocalASubscriberGetsItsOwnMessages() {
        router.subscribe(alice, sub("t"));

        assertThat(router.route(msg("t"), "alice")).isEqualTo(1);
    }

    @Test
    void unsubscribeRemovesOnlyThatFilterAndSaysWhetherItExisted() {
        router.subscribe(alice, sub("a"));
        router.subscribe(alice, sub("b"));
        router.subscribe(bob, sub("a"));

        assertThat(router.unsubscribe("alice", TopicFilter.of("a"))).isTrue();
        assertThat(router.unsubscribe("alice", TopicFilter.of("a"))).isFalse();
        assertThat(router.unsubscribe("carol", TopicFilter.of("a"))).isFalse();
        assertThat(router.unsubscribe("alice", TopicFilter.of("$share/g/b"))).isFalse();

        assertThat(router.route(msg("a"), null)).isEqualTo(1);
        assertThat(bob.count()).isEqualTo(1);
        assertThat(router.subscriptionsOf("alice")).containsExactly(sub("b"));
        assertThat(router.subscriptionCount()).isEqualTo(2);
    }

    @Test
    void unsubscribeAllRemovesEverySubscriptionOfTheSubscriber() {
        router.subscribe(alice, sub("a"));
        router.subscribe(alice, sub("a/#"));
        router.subscribe(alice, sub("$share/g/a"));
        router.subscribe(bob, sub("a"));

        assertThat(router.unsubscribeAll("alice")).isEqualTo(3);
        assertThat(router.unsubscribeAll("alice")).isZero();

        assertThat(router.route(msg("a"), null)).isEqualTo(1);
        assertThat(alice.count()).isZero();
        assertThat(router.subscriptionsOf("alice")).isEmpty();
        assertThat(router.subscriptionCount()).isEqualTo(1);
        assertThat(router.subscriberCount()).isEqualTo(1);
    }

    @Test
    void subscriptionsOfListsInTheOrderMade() {
        List<Subscription> made = List.of(sub("z"), sub("a/+"), sub("$share/g/a/+"), sub("#"));
        made.forEach(s -> router.subscribe(alice, s));

        assertThat(router.subscriptionsOf("alice")).containsExactlyElementsOf(made);
        assertThat(router.subscriptionsOf("nobody")).isEmpty();
    }

    @Test
    void emptyNodesArePrunedButSharedPathsStay() {
        router.subscribe(alice, sub("a/b/c"));
        router.subscribe(alice, sub("a/b"));
        router.subscribe(bob, sub("a/+/c/#"));
        assertThat(router.trieNodeCount()).isEqualTo(1 + 3 + 3);

        router.unsubscribe("alice", TopicFilter.of("a/b/c"));
        assertThat(router.trieNodeCount()).isEqualTo(1 + 2 + 3);

        router.unsubscribeAll("bob");
        assertThat(router.trieNodeCount()).isEqualTo(3);

        router.unsubscribe("alice", TopicFilter.of("a/b"));
        assertThat(router.trieNodeCount()).isEqualTo(1);
        assertThat(router.subscriberCount()).isZero();
    }

    @Test
    void aFilterWithThousandsOfSubscribersGrowsAndShrinks() {
        // Crosses the array-to-map threshold of NodeSubscribers both ways.
        List<RecordingSubscriber> all = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            RecordingSubscriber s = new RecordingSubscriber("c" + i);
            all.add(s);
            assertThat(router.subscribe(s, sub("broadcast"))).isTrue();
        }
        assertThat(router.subscribe(all.get(7), sub("broadcast", QoS.AT_LEAST_ONCE))).isFalse();
        assertThat(router.route(msg("broadcast"), null)).isEqualTo(2_000);
        assertThat(all).allSatisfy(s -> assertThat(s.count()).isEqualTo(1));

        for (int i = 0; i < 1_990; i++) {
            assertThat(router.unsubscribe("c" + i, TopicFilter.of("broadcast"))).isTrue();
        }
        assertThat(router.route(msg("broadcast"), null)).isEqualTo(10);
        assertThat(all.subList(1_990, 2_000)).allSatisfy(s -> assertThat(s.count()).isEqualTo(2));
        assertThat(all.get(0).count()).isEqualTo(1);
        assertThat(router.subscriptionCount()).isEqualTo(10);
    }

    @Test
    void aThrowingSubscriberDoesNotCostOthersTheirMessage() {
        Subscriber broken = new Subscriber() {
            @Override
            public String id() {
                return "broken";
            }

            @Override
            public void deliver(Message message, Subscription subscription) {
                throw new IllegalStateException("boom");
            }
        };
        router.subscribe(alice, sub("t"));
        router.subscribe(broken, sub("t"));
        router.subscribe(bob, sub("t"));
        long failuresBefore = DeliveryFailures.count();

        assertThat(router.route(msg("t"), null)).isEqualTo(2);
        assertThat(alice.count()).isEqualTo(1);
        assertThat(bob.count()).isEqualTo(1);
        assertThat(DeliveryFailures.count()).isEqualTo(failuresBefore + 1);
    }

    @Test
    void aSubscriberMayPublishFromInsideDeliver() {
        // A bridge that republishes synchronously re-enters route() on the same thread.
        Subscriber bridge = new Subscriber() {
            @Override
            public String id() {
                return "bridge";
            }

            @Override
            public void deliver(Message message, Subscription subscription) {
                router.route(msg("out/" + message.topic().level(1)), "bridge");
            }
        };
        router.subscribe(bridge, sub("in/+"));
        router.subscribe(alice, sub("out/#"));
        router.subscribe(bob, sub("in/+"));

        assertThat(router.route(msg("in/x"), null)).isEqualTo(2);
        assertThat(alice.deliveries()).extracting(d -> d.message().topic().value()).containsExactly("out/x");
        assertThat(bob.count()).isEqualTo(1);
    }
}
