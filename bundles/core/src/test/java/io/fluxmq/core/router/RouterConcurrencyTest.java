package io.fluxmq.core.router;

import static io.fluxmq.core.router.Routing.msg;
import static io.fluxmq.core.router.Routing.sub;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.router.Subscriber;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.api.topic.TopicName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Subscribes, unsubscribes and routes from several threads at once, on filters chosen to share
 * and fight over the same trie nodes, so that nodes are pruned while others subscribe below them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RouterConcurrencyTest {
    /** Overlapping filters: one node path is created, emptied and pruned over and over. */
    private static final List<String> CHURN_FILTERS = List.of("s/a/x", "s/+/x", "s/a", "s/a/x/y", "s/#", "t/+",
            "$share/g/s/a/x", "$share/h/s/+/x", "s/b/+/y", "+/a/#");
    /** Filters of subscribers that stay subscribed throughout: they must receive every message. */
    private static final List<String> STABLE_FILTERS = List.of("s/a/x", "s/+/x", "s/#", "#", "s/a/x/y",
            "$share/stable/s/a/x", "$share/stable/s/a/x");
    private static final List<String> TOPICS = List.of("s/a/x", "s/b/x", "s/a", "s/a/x/y", "t/a", "s/b/c/y", "u",
            "$SYS/a");

    /** Deliveries to stable subscribers counted on the routing thread, where deliver() runs. */
    private static final ThreadLocal<int[]> STABLE_HITS = ThreadLocal.withInitial(() -> new int[1]);

    private final TrieMessageRouter router = new TrieMessageRouter();
    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger routesChecked = new AtomicInteger();
    /** While tallying, every subscriber notes "id filter" of each delivery here. */
    private final Queue<String> tally = new ConcurrentLinkedQueue<>();
    private volatile boolean tallying;

    @Test
    void stableSubscribersReceiveEverythingWhileOthersChurnAndTheEndStateIsExact() throws Exception {
        for (int i = 0; i < STABLE_FILTERS.size(); i++) {
            router.subscribe(stableSubscriber("stable" + i), sub(STABLE_FILTERS.get(i)));
        }
        Map<String, Integer> stableMatches = new HashMap<>();
        TOPICS.forEach(t -> stableMatches.put(t, expectedStableDeliveries(TopicName.of(t))));

        int churners = 3;
        List<Map<String, Set<TopicFilter>>> models = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        AtomicBoolean churning = new AtomicBoolean(true);
        CountDownLatch churnDone = new CountDownLatch(churners);
        for (int k = 0; k < churners; k++) {
            Map<String, Set<TopicFilter>> model = new HashMap<>();
            models.add(model);
            int seed = k;
            threads.add(thread(() -> {
                try {
                    churn(seed, model);
                } finally {
                    churnDone.countDown();
                }
            }));
        }
        for (int r = 0; r < 2; r++) {
            int seed = 100 + r;
            threads.add(thread(() -> routeWhile(churning, seed, stableMatches)));
        }
        threads.forEach(Thread::start);
        assertThat(churnDone.await(100, TimeUnit.SECONDS)).isTrue();
        churning.set(false);
        for (Thread t : threads) {
            t.join(10_000);
        }

        assertThat(failures).isEmpty();
        assertThat(routesChecked.get()).as("routes checked during the churn").isGreaterThan(1_000);
        int expectedCount = STABLE_FILTERS.size();
        for (Map<String, Set<TopicFilter>> model : models) {
            for (Map.Entry<String, Set<TopicFilter>> e : model.entrySet()) {
                expectedCount += e.getValue().size();
                assertThat(router.subscriptionsOf(e.getKey())).extracting(Subscription::filter)
                        .containsExactlyInAnyOrderElementsOf(e.getValue());
            }
        }
        assertThat(router.subscriptionCount()).isEqualTo(expectedCount);
        Map<String, Set<TopicFilter>> everyone = new HashMap<>();
        models.forEach(everyone::putAll);
        for (int i = 0; i < STABLE_FILTERS.size(); i++) {
            everyone.put("stable" + i, Set.of(TopicFilter.of(STABLE_FILTERS.get(i))));
        }
        TOPICS.forEach(topic -> checkDeliveries(TopicName.of(topic), everyone));

        for (Map<String, Set<TopicFilter>> model : models) {
            model.keySet().forEach(router::unsubscribeAll);
        }
        for (int i = 0; i < STABLE_FILTERS.size(); i++) {
            assertThat(router.unsubscribeAll("stable" + i)).isEqualTo(1);
        }
        assertThat(router.subscriptionCount()).isZero();
        assertThat(router.subscriberCount()).isZero();
        assertThat(router.trieNodeCount()).as("no empty node left behind").isEqualTo(1);
    }

    /** Each churn thread owns its subscriber ids, so every return value is predictable. */
    private void churn(int seed, Map<String, Set<TopicFilter>> model) {
        Random random = new Random(seed);
        Subscriber[] mine = new Subscriber[6];
        for (int i = 0; i < mine.length; i++) {
            mine[i] = tallyingSubscriber("churn" + seed + "-" + i);
        }
        try {
            for (int op = 0; op < 40_000; op++) {
                Subscriber s = mine[random.nextInt(mine.length)];
                Set<TopicFilter> has = model.computeIfAbsent(s.id(), x -> new HashSet<>());
                TopicFilter f = TopicFilter.of(CHURN_FILTERS.get(random.nextInt(CHURN_FILTERS.size())));
                int dice = random.nextInt(10);
                if (dice < 5) {
                    check(router.subscribe(s, new Subscription(f, sub("x").options())) == has.add(f), "subscribe", f);
                } else if (dice < 9) {
                    check(router.unsubscribe(s.id(), f) == has.remove(f), "unsubscribe", f);
                } else {
                    int n = has.size();
                    has.clear();
                    check(router.unsubscribeAll(s.id()) == n, "unsubscribeAll", f);
                }
            }
        } catch (Throwable t) {
            failures.add(t);
        }
    }

    private void routeWhile(AtomicBoolean churning, int seed, Map<String, Integer> stableMatches) {
        Random random = new Random(seed);
        try {
            // Bounded even if churning never ends.
            for (int i = 0; i < 5_000_000 && churning.get(); i++) {
                String topic = TOPICS.get(random.nextInt(TOPICS.size()));
                STABLE_HITS.get()[0] = 0;
                router.route(msg(topic), null);
                int hits = STABLE_HITS.get()[0];
                check(hits == stableMatches.get(topic), "stable deliveries " + hits + " on", topic);
                routesChecked.incrementAndGet();
            }
        } catch (Throwable t) {
            failures.add(t);
        }
    }

    /** Nothing lost in a pruned branch: routing reaches exactly the subscriptions the models hold. */
    private void checkDeliveries(TopicName topic, Map<String, Set<TopicFilter>> subscriptions) {
        List<String> expectedDirect = new ArrayList<>();
        Set<TopicFilter> expectedShared = new HashSet<>();
        subscriptions.forEach((id, filters) -> filters.stream().filter(f -> f.matches(topic)).forEach(f -> {
            if (f.isShared()) {
                expectedShared.add(f);
            } else {
                expectedDirect.add(id + " " + f);
            }
        }));
        tally.clear();
        tallying = true;
        router.route(msg(topic.value()), null);
        tallying = false;
        List<String> direct = tally.stream().filter(d -> !d.contains("$share/")).toList();
        List<String> sharedFilters = tally.stream().filter(d -> d.contains("$share/"))
                .map(d -> d.substring(d.indexOf(' ') + 1)).toList();
        assertThat(direct).as("direct deliveries on %s", topic).containsExactlyInAnyOrderElementsOf(expectedDirect);
        assertThat(sharedFilters).as("one delivery per shared group on %s", topic)
                .containsExactlyInAnyOrderElementsOf(expectedShared.stream().map(TopicFilter::toString).toList());
    }

    private void check(boolean ok, String what, Object on) {
        if (!ok && failures.size() < 10) {
            failures.add(new AssertionError(what + " disagrees with the model on " + on));
        }
    }

    private static int expectedStableDeliveries(TopicName topic) {
        Set<TopicFilter> sharedGroupsHit = new HashSet<>();
        int n = 0;
        for (String f : STABLE_FILTERS) {
            TopicFilter filter = TopicFilter.of(f);
            if (filter.matches(topic) && (!filter.isShared() || sharedGroupsHit.add(filter))) {
                n++;
            }
        }
        return n;
    }

    private Subscriber stableSubscriber(String id) {
        return new Subscriber() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public void deliver(Message message, Subscription subscription) {
                STABLE_HITS.get()[0]++;
                if (tallying) {
                    tally.add(id + " " + subscription.filter());
                }
            }
        };
    }

    @Test
    void theSubscriptionTableAndTheTrieAgreeAfterContendedChurnOnTheSameSubscribers() throws Exception {
        List<RecordingSubscriber> shared = List.of(new RecordingSubscriber("x0"), new RecordingSubscriber("x1"));
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            Random random = new Random(k);
            threads.add(thread(() -> {
                try {
                    for (int op = 0; op < 30_000; op++) {
                        RecordingSubscriber s = shared.get(random.nextInt(shared.size()));
                        Subscription f = sub(CHURN_FILTERS.get(random.nextInt(CHURN_FILTERS.size())));
                        switch (random.nextInt(5)) {
                            case 0, 1 -> router.subscribe(s, f);
                            case 2, 3 -> router.unsubscribe(s.id(), f.filter());
                            default -> router.unsubscribeAll(s.id());
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(60_000);
        }
        assertThat(failures).isEmpty();

        // Whatever the interleaving, what subscriptionsOf reports must be exactly what routing reaches.
        int total = 0;
        for (RecordingSubscriber s : shared) {
            total += router.subscriptionsOf(s.id()).size();
        }
        assertThat(router.subscriptionCount()).isEqualTo(total);
        for (String topic : TOPICS) {
            shared.forEach(RecordingSubscriber::clear);
            router.route(msg(topic), null);
            for (RecordingSubscriber s : shared) {
                List<TopicFilter> expected = router.subscriptionsOf(s.id()).stream().map(Subscription::filter)
                        .filter(f -> !f.isShared() && f.matches(TopicName.of(topic))).toList();
                assertThat(s.filters().stream().filter(f -> !f.isShared()).toList())
                        .as("%s on %s", s.id(), topic).containsExactlyInAnyOrderElementsOf(expected);
            }
        }
        shared.forEach(s -> router.unsubscribeAll(s.id()));
        assertThat(router.trieNodeCount()).isEqualTo(1);
    }

    /** Churning subscribers: their deliveries are checked only once the churn is over. */
    private Subscriber tallyingSubscriber(String id) {
        return new Subscriber() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public void deliver(Message message, Subscription subscription) {
                if (tallying) {
                    tally.add(id + " " + subscription.filter());
                }
            }
        };
    }

    private static Thread thread(Runnable body) {
        Thread t = new Thread(body);
        t.setDaemon(true);
        return t;
    }
}
