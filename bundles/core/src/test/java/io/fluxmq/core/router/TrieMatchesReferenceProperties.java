package io.fluxmq.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.message.QoS;
import io.fluxmq.api.router.RetainHandling;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.router.SubscriptionOptions;
import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.api.topic.TopicName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random subscribe/unsubscribe sequences over a small alphabet of levels (so that filters overlap,
 * share nodes and get pruned), then random topics: the trie must deliver exactly what the API's
 * reference matcher {@link TopicFilter#matches} says, with one member per matching shared group.
 */
class TrieMatchesReferenceProperties {
    private static final List<String> NAME_LEVELS = List.of("", "a", "b", "$SYS", "$x");
    private static final List<String> SUBSCRIBERS = List.of("s0", "s1", "s2", "s3");

    sealed interface Op permits Subscribe, Unsubscribe, UnsubscribeAll {
    }

    record Subscribe(String subscriber, int filter, boolean noLocal) implements Op {
    }

    record Unsubscribe(String subscriber, int filter) implements Op {
    }

    record UnsubscribeAll(String subscriber) implements Op {
    }

    record Key(String subscriber, TopicFilter filter) {
    }

    @Property(tries = 400)
    void trieDeliversWhatTheReferenceMatcherSays(@ForAll("filterPools") List<String> pool,
            @ForAll("operations") List<Op> ops, @ForAll("topicLists") List<String> topics) {
        TrieMessageRouter router = new TrieMessageRouter();
        Map<String, RecordingSubscriber> subscribers = new HashMap<>();
        SUBSCRIBERS.forEach(id -> subscribers.put(id, new RecordingSubscriber(id)));
        Map<Key, Subscription> model = new LinkedHashMap<>();

        for (Op op : ops) {
            apply(op, pool, router, subscribers, model);
        }
        assertThat(router.subscriptionCount()).isEqualTo(model.size());
        for (String id : SUBSCRIBERS) {
            assertThat(router.subscriptionsOf(id)).containsExactlyInAnyOrderElementsOf(
                    model.entrySet().stream().filter(e -> e.getKey().subscriber().equals(id))
                            .map(Map.Entry::getValue).toList());
        }
        for (String topic : topics) {
            for (String publisher : new String[] {null, "s0"}) {
                checkRoute(router, subscribers, model, TopicName.of(topic), publisher);
            }
        }

        SUBSCRIBERS.forEach(router::unsubscribeAll);
        assertThat(router.subscriptionCount()).isZero();
        assertThat(router.trieNodeCount()).as("every node pruned").isEqualTo(1);
    }

    private static void apply(Op op, List<String> pool, TrieMessageRouter router,
            Map<String, RecordingSubscriber> subscribers, Map<Key, Subscription> model) {
        if (op instanceof Subscribe s) {
            TopicFilter filter = TopicFilter.of(pool.get(s.filter() % pool.size()));
            // MQTT 5 forbids no-local on shared subscriptions (MQTT-3.8.3-4).
            boolean noLocal = s.noLocal() && !filter.isShared();
            Subscription subscription = new Subscription(filter, new SubscriptionOptions(QoS.AT_LEAST_ONCE,
                    noLocal, false, RetainHandling.SEND_ON_SUBSCRIBE, 0));
            boolean isNew = model.put(new Key(s.subscriber(), filter), subscription) == null;
            assertThat(router.subscribe(subscribers.get(s.subscriber()), subscription)).isEqualTo(isNew);
        } else if (op instanceof Unsubscribe u) {
            TopicFilter filter = TopicFilter.of(pool.get(u.filter() % pool.size()));
            boolean existed = model.remove(new Key(u.subscriber(), filter)) != null;
            assertThat(router.unsubscribe(u.subscriber(), filter)).isEqualTo(existed);
        } else if (op instanceof UnsubscribeAll a) {
            int before = model.size();
            model.keySet().removeIf(k -> k.subscriber().equals(a.subscriber()));
            assertThat(router.unsubscribeAll(a.subscriber())).isEqualTo(before - model.size());
        }
    }

    private static void checkRoute(TrieMessageRouter router, Map<String, RecordingSubscriber> subscribers,
            Map<Key, Subscription> model, TopicName topic, String publisher) {
        subscribers.values().forEach(RecordingSubscriber::clear);
        int routed = router.route(Message.builder(topic).build(), publisher);

        List<String> expectedDirect = new ArrayList<>();
        Map<TopicFilter, Set<String>> expectedGroups = new HashMap<>();
        model.forEach((key, subscription) -> {
            TopicFilter f = key.filter();
            if (!f.matches(topic)) {
                return;
            }
            if (f.isShared()) {
                expectedGroups.computeIfAbsent(f, x -> new java.util.HashSet<>()).add(key.subscriber());
            } else if (!(subscription.options().noLocal() && key.subscriber().equals(publisher))) {
                expectedDirect.add(key.subscriber() + " " + f);
            }
        });
        List<RecordingSubscriber.Delivery> all = subscribers.values().stream()
                .flatMap(s -> s.deliveries().stream()).toList();
        List<String> actualDirect = all.stream().filter(d -> !d.subscription().filter().isShared())
                .map(d -> d.subscriberId() + " " + d.subscription().filter()).toList();
        Map<TopicFilter, List<String>> actualGroups = all.stream().filter(d -> d.subscription().filter().isShared())
                .collect(Collectors.groupingBy(d -> d.subscription().filter(),
                        Collectors.mapping(RecordingSubscriber.Delivery::subscriberId, Collectors.toList())));

        assertThat(actualDirect).as("direct deliveries on %s", topic).containsExactlyInAnyOrderElementsOf(expectedDirect);
        assertThat(actualGroups.keySet()).as("shared groups reached on %s", topic)
                .containsExactlyInAnyOrderElementsOf(expectedGroups.keySet());
        actualGroups.forEach((group, got) -> assertThat(got).as("one member of %s", group).hasSize(1)
                .allSatisfy(member -> assertThat(expectedGroups.get(group)).contains(member)));
        assertThat(routed).isEqualTo(all.size());
        assertThat(all).allSatisfy(d -> assertThat(d.message().topic()).isEqualTo(topic));
    }

    @Provide
    Arbitrary<List<String>> filterPools() {
        Arbitrary<String> plain = Combinators.combine(
                Arbitraries.of(concat(NAME_LEVELS, "+")).list().ofMaxSize(3), Arbitraries.of(true, false))
                .as((levels, hash) -> {
                    List<String> all = new ArrayList<>(levels);
                    if (hash) {
                        all.add("#");
                    }
                    return String.join("/", all);
                })
                .filter(TopicFilter::isValid);
        Arbitrary<String> shared = Combinators.combine(Arbitraries.of("g1", "g2"), plain)
                .as((group, filter) -> "$share/" + group + "/" + filter);
        return Arbitraries.frequencyOf(Tuple.of(3, plain), Tuple.of(1, shared)).list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<String> who = Arbitraries.of(SUBSCRIBERS);
        Arbitrary<Integer> which = Arbitraries.integers().between(0, 7);
        Arbitrary<Op> subscribe = Combinators.combine(who, which, Arbitraries.of(true, false)).as(Subscribe::new);
        Arbitrary<Op> unsubscribe = Combinators.combine(who, which).as(Unsubscribe::new);
        Arbitrary<Op> unsubscribeAll = who.map(UnsubscribeAll::new);
        return Arbitraries.frequencyOf(Tuple.of(6, subscribe), Tuple.of(3, unsubscribe), Tuple.of(1, unsubscribeAll))
                .list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<String>> topicLists() {
        return Arbitraries.of(NAME_LEVELS).list().ofMinSize(1).ofMaxSize(4)
                .map(levels -> String.join("/", levels))
                .filter(TopicName::isValid)
                .list().ofMinSize(1).ofMaxSize(10);
    }

    private static List<String> concat(List<String> list, String extra) {
        List<String> all = new ArrayList<>(list);
        all.add(extra);
        return all;
    }
}
