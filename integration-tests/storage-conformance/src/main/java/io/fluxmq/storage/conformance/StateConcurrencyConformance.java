package io.fluxmq.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.QoS;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.storage.InflightMessage;
import io.fluxmq.api.storage.InflightMessage.State;
import io.fluxmq.api.storage.StoredMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * StateStore methods may be called from any thread (every Netty event loop at once). These tests
 * use few enough operations to stay well inside any sensible offline-queue bound.
 */
interface StateConcurrencyConformance extends StateStoreFixture {

    /**
     * Rounds of 8 threads × 250 enqueues, emptied between rounds: enough operations to expose a
     * race while never queueing more than 2,000 messages for the client.
     */
    @Test
    default void concurrentEnqueuesToOneClientGetDistinctOrderedSequences() throws Exception {
        givenSession("c");
        long previousRoundMax = Long.MIN_VALUE;
        for (int round = 0; round < 5; round++) {
            long roundMax = enqueueConcurrentlyAndCheck(8, 250);
            assertThat(roundMax).as("sequences of round %d continue after the previous round", round)
                    .isGreaterThan(previousRoundMax);
            await(store().removeOffline("c", roundMax));
            assertThat(await(store().offlineCount("c"))).isZero();
            previousRoundMax = roundMax;
        }
    }

    /** One round of {@link #concurrentEnqueuesToOneClientGetDistinctOrderedSequences()}; returns the highest sequence. */
    private long enqueueConcurrentlyAndCheck(int threads, int perThread) throws Exception {
        // Each thread waits for its own enqueue before the next, so its messages must stay in order.
        List<List<Long>> returned = Concurrently.run(threads, t -> () -> {
            List<Long> sequences = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                sequences.add(await(store().enqueueOffline("c", message(t + ":" + i))));
            }
            return sequences;
        }, timeout().multipliedBy(4));

        Map<Long, String> expectedPayloads = new HashMap<>();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                String previous = expectedPayloads.put(returned.get(t).get(i), t + ":" + i);
                assertThat(previous).as("sequence %d handed out twice", returned.get(t).get(i)).isNull();
            }
        }
        assertThat(await(store().offlineCount("c"))).isEqualTo((long) threads * perThread);

        List<StoredMessage> peeked = await(store().peekOffline("c", threads * perThread));
        assertThat(peeked).extracting(StoredMessage::sequence).as("queue order is sequence order").isSorted()
                .containsExactlyInAnyOrderElementsOf(expectedPayloads.keySet());
        int[] nextPerThread = new int[threads];
        for (StoredMessage s : peeked) {
            String payload = s.message().payloadAsString();
            assertThat(payload).as("message stored under sequence %d", s.sequence())
                    .isEqualTo(expectedPayloads.get(s.sequence()));
            int t = Integer.parseInt(payload.substring(0, payload.indexOf(':')));
            int i = Integer.parseInt(payload.substring(payload.indexOf(':') + 1));
            assertThat(i).as("thread %d's messages in the order it enqueued them", t).isEqualTo(nextPerThread[t]++);
        }
        return peeked.get(peeked.size() - 1).sequence();
    }

    @Test
    default void concurrentClientsDoNotSeeEachOthersState() throws Exception {
        int threads = 8;
        int rounds = 50;

        Concurrently.run(threads, t -> () -> {
            String client = "client-" + t;
            givenSession(client);
            for (int i = 0; i < rounds; i++) {
                await(store().saveSubscription(client, subscription("t/" + t + "/" + i, QoS.AT_LEAST_ONCE)));
                await(store().saveInflight(client, outbound(i + 1, State.AWAITING_PUBACK)));
                await(store().enqueueOffline(client, message(client + ":" + i)));
                if (i % 2 == 1) {
                    await(store().deleteInflight(client, i + 1, InflightMessage.Direction.OUTBOUND));
                }
            }
            return null;
        }, timeout().multipliedBy(4));

        Map<String, List<Subscription>> all = await(store().loadAllSubscriptions());
        assertThat(await(store().loadSessions())).hasSize(threads);
        for (int t = 0; t < threads; t++) {
            String client = "client-" + t;
            String ownPrefix = "t/" + t + "/";
            assertThat(all.get(client)).as("subscriptions of %s", client).hasSize(rounds)
                    .allSatisfy(s -> assertThat(s.filter().filter()).startsWith(ownPrefix));
            assertThat(await(store().loadInflight(client))).as("inflight of %s", client)
                    .extracting(InflightMessage::packetId).containsExactly(oddNumbers(rounds));
            assertThat(await(store().peekOffline(client, rounds * 2))).as("offline queue of %s", client)
                    .hasSize(rounds)
                    .allSatisfy(s -> assertThat(s.message().payloadAsString()).startsWith(client + ":"));
        }
    }

    private static Integer[] oddNumbers(int rounds) {
        Integer[] odd = new Integer[rounds / 2];
        for (int i = 0; i < odd.length; i++) {
            odd[i] = 2 * i + 1;
        }
        return odd;
    }
}
