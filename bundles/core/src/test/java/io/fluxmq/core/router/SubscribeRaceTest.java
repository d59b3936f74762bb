package io.fluxmq.core.router;

import static io.fluxmq.core.router.Routing.msg;
import static io.fluxmq.core.router.Routing.sub;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.router.Subscriber;
import io.fluxmq.api.router.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A subscription must be live the moment subscribe() returns, even when another thread empties
 * and prunes the node or the subscriber record it is being added to. Each thread checks its own
 * subscription right after making it, by routing on its own thread, so a subscription that fell
 * into a pruned node or a retired record is seen at once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SubscribeRaceTest {
    private static final int THREADS = 3;
    private static final int CYCLES = 100_000;

    private final TrieMessageRouter router = new TrieMessageRouter();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();

    @Test
    void subscribingToALeafThatAnotherThreadPrunesIsNotLost() throws Exception {
        // Same filter, own subscriber ids: the leaf empties and is pruned whenever all are out.
        race(k -> "leaf" + k, k -> "r/s/t");
        assertThat(router.trieNodeCount()).isEqualTo(1);
    }

    @Test
    void subscribingThroughARecordThatAnotherThreadRetiresIsNotLost() throws Exception {
        // Same subscriber id, own filters: the id's record is retired whenever all are out.
        race(k -> "shared-id", k -> "q/" + k);
        assertThat(router.subscriberCount()).isZero();
    }

    private void race(IntFunction<String> idOf, IntFunction<String> filterOf) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < THREADS; k++) {
            String id = idOf.apply(k);
            Subscription subscription = sub(filterOf.apply(k));
            threads.add(new Thread(() -> cycle(id, subscription)));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(50_000);
        }
        assertThat(failures).isEmpty();
        assertThat(router.subscriptionCount()).isZero();
    }

    private void cycle(String id, Subscription subscription) {
        OwnThreadCounter me = new OwnThreadCounter(id);
        Message message = msg(subscription.filter().filter());
        for (int i = 0; i < CYCLES && failures.size() < 5; i++) {
            if (!router.subscribe(me, subscription)) {
                failures.add(id + ": subscribe did not report a new subscription");
            }
            if (!router.subscriptionsOf(id).contains(subscription)) {
                failures.add(id + ": subscriptionsOf misses " + subscription.filter() + " after subscribe");
            }
            int before = me.count;
            router.route(message, null);
            if (me.count != before + 1) {
                failures.add(id + ": routing right after subscribe did not reach " + subscription.filter());
            }
            if (!router.unsubscribe(id, subscription.filter())) {
                failures.add(id + ": unsubscribe did not find " + subscription.filter());
            }
        }
    }

    /** Counts only deliveries made on its owner's thread, that is from its owner's own route() calls. */
    private static final class OwnThreadCounter implements Subscriber {
        private final String id;
        private final Thread owner = Thread.currentThread();
        int count;

        OwnThreadCounter(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void deliver(Message message, Subscription subscription) {
            if (Thread.currentThread() == owner) {
                count++;
            }
        }
    }
}
