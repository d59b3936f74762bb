package io.fluxmq.it.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** What a subscriber received, in arrival order, for the real-client tests; filled from client threads. */
final class Messages {
    private final ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();

    void add(String payload) {
        received.add(payload);
    }

    List<String> list() {
        return new ArrayList<>(received);
    }

    int size() {
        return received.size();
    }

    /** Waits until at least {@code count} messages arrived, then a little longer to catch duplicates. */
    List<String> await(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            Raw.sleep(20);
        }
        Raw.sleep(300);
        return list();
    }

    /** Payloads "0".."n-1". */
    static List<String> numbered(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(String.valueOf(i));
        }
        return out;
    }

    /**
     * The delivery guarantee of {@code qos}: QoS 2 exactly once, in order; QoS 1 every message, the
     * first copies in order (duplicates allowed); QoS 0 (on loopback, far below any limit) every
     * message once, in order.
     */
    static void assertDelivered(List<String> got, int n, int qos) {
        List<String> expected = numbered(n);
        if (qos == 1) {
            List<String> firsts = new ArrayList<>(new java.util.LinkedHashSet<>(got));
            assertThat(firsts).as("QoS 1: every message, first copies in order").containsExactlyElementsOf(expected);
        } else {
            assertThat(got).as("QoS " + qos + ": every message exactly once, in order").containsExactlyElementsOf(expected);
        }
    }
}
