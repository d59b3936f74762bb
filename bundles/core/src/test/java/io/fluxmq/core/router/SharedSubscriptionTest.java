package io.fluxmq.core.router;

import static io.fluxmq.core.router.Routing.msg;
import static io.fluxmq.core.router.Routing.sub;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.router.Subscriber;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.topic.TopicFilter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Shared subscriptions, MQTT 5 section 4.8.2. */
class SharedSubscriptionTest {
    private final TrieMessageRouter router = new TrieMessageRouter();
    private final List<RecordingSubscriber> members = IntStream.range(0, 3)
            .mapToObj(i -> new RecordingSubscriber("m" + i)).toList();

    @Test
    void eachMessageGoesToExactlyOneMemberInTurn() {
        members.forEach(m -> router.subscribe(m, sub("$share/g/sensors/+")));
        int[] deliveredTo = new int[300];

        for (int i = 0; i < 300; i++) {
            assertThat(router.route(msg("sensors/" + i), null)).isEqualTo(1);
            deliveredTo[i] = indexOfMemberThatGot(i);
        }

        assertThat(members).allSatisfy(m -> assertThat(m.count()).isEqualTo(100));
        // Round-robin, not merely balanced in total: every three consecutive messages reach three members.
        for (int i = 0; i + 2 < 300; i++) {
            assertThat(Set.of(deliveredTo[i], deliveredTo[i + 1], deliveredTo[i + 2])).hasSize(3);
        }
    }

    @Test
    void aMemberLeavingLeavesTheRestToShareFairly() {
        members.forEach(m -> router.subscribe(m, sub("$share/g/t")));
        router.route(msg("t"), null);
        assertThat(router.unsubscribe("m1", TopicFilter.of("$share/g/t"))).isTrue();
        members.forEach(RecordingSubscriber::clear);

        for (int i = 0; i < 200; i++) {
            assertThat(router.route(msg("t"), null)).isEqualTo(1);
        }

        assertThat(members.get(0).count()).isEqualTo(100);
        assertThat(members.get(1).count()).isZero();
        assertThat(members.get(2).count()).isEqualTo(100);
    }

    @Test
    void mqtt_4_8_2_eachMatchingGroupAndFilterPairGetsItsOwnCopy() {
        router.subscribe(members.get(0), sub("$share/g1/a/+"));
        router.subscribe(members.get(1), sub("$share/g1/a/+"));
        router.subscribe(members.get(2), sub("$share/g2/a/+"));
        // Same group name on another filter: a different shared subscription.
        router.subscribe(members.get(0), sub("$share/g1/a/#"));

        assertThat(router.route(msg("a/b"), null)).isEqualTo(3);
        List<TopicFilter> got = members.stream().flatMap(m -> m.filters().stream()).toList();
        assertThat(got).containsExactlyInAnyOrder(
                TopicFilter.of("$share/g1/a/+"), TopicFilter.of("$share/g2/a/+"), TopicFilter.of("$share/g1/a/#"));
    }

    @Test
    void aSubscriberCanHoldASharedAndANonSharedSubscriptionOnOneFilter() {
        RecordingSubscriber s = members.get(0);
        assertThat(router.subscribe(s, sub("a/b"))).isTrue();
        assertThat(router.subscribe(s, sub("$share/g/a/b"))).isTrue();
        assertThat(router.subscriptionCount()).isEqualTo(2);

        assertThat(router.route(msg("a/b"), null)).isEqualTo(2);
        assertThat(s.filters()).containsExactlyInAnyOrder(TopicFilter.of("a/b"), TopicFilter.of("$share/g/a/b"));

        assertThat(router.unsubscribe("m0", TopicFilter.of("$share/g/a/b"))).isTrue();
        s.clear();
        assertThat(router.route(msg("a/b"), null)).isEqualTo(1);
        assertThat(s.filters()).containsExactly(TopicFilter.of("a/b"));
    }

    @Test
    void resubscribingToTheGroupReplacesInPlace() {
        members.forEach(m -> router.subscribe(m, sub("$share/g/t")));
        assertThat(router.subscribe(members.get(1), sub("$share/g/t"))).isFalse();
        assertThat(router.subscriptionCount()).isEqualTo(3);

        for (int i = 0; i < 30; i++) {
            router.route(msg("t"), null);
        }
        assertThat(members).allSatisfy(m -> assertThat(m.count()).isEqualTo(10));
    }

    @Test
    void groupsOfManyMembersStillDeliverOnce() {
        Set<String> reached = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            String id = "w" + i;
            router.subscribe(new Subscriber() {
                @Override
                public String id() {
                    return id;
                }

                @Override
                public void deliver(Message message, Subscription subscription) {
                    reached.add(id);
                }
            }, sub("$share/workers/jobs"));
        }
        for (int i = 0; i < 1_000; i++) {
            assertThat(router.route(msg("jobs"), null)).isEqualTo(1);
        }
        assertThat(reached).hasSize(500);
        assertThat(router.subscriptionCount()).isEqualTo(500);
    }

    private int indexOfMemberThatGot(int message) {
        String topic = "sensors/" + message;
        for (int m = 0; m < members.size(); m++) {
            if (members.get(m).deliveries().stream().anyMatch(d -> d.message().topic().value().equals(topic))) {
                return m;
            }
        }
        return -1;
    }
}
