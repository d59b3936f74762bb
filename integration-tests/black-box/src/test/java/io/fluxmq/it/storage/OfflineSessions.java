package io.fluxmq.it.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/**
 * Two persistent sessions, one MQTT 5 (session expiry one hour) and one MQTT 3.1.1 (clean session
 * 0), that stay offline while storage events happen: each step queues {@value #PER_STEP} QoS 1
 * messages for each. {@link #assertKept} resumes them: session present, and every queued message
 * arrives, the first copies in the order they were published. The sessions may subscribe to more
 * filters ({@code alsoFilters}); {@link #resumed()} gives what else they received.
 */
final class OfflineSessions implements KeptState {
    static final int PER_STEP = 50;

    private final StorageBroker broker;
    private final String prefix;
    private final List<RecordingClient> resumed = new ArrayList<>();

    /** Creates the sessions (subscribed to their own topic and {@code alsoFilters}) and leaves them offline. */
    OfflineSessions(StorageBroker broker, String prefix, String... alsoFilters) throws Exception {
        this.broker = broker;
        this.prefix = prefix;
        for (RecordingClient c : List.of(v5(), v3())) {
            try (c) {
                assertThat(c.connect(true)).as("session present of a new session").isFalse();
                String[] filters = new String[alsoFilters.length + 1];
                filters[0] = topic(idOf(c));
                System.arraycopy(alsoFilters, 0, filters, 1, alsoFilters.length);
                c.subscribe(filters);
                c.disconnect();
            }
        }
    }

    @Override
    public void write(int step) throws Exception {
        try (RecordingClient pub = new PahoV5RecordingClient(broker.tcpUri(), prefix + "-offline-pub")) {
            pub.connect(false);
            for (String id : List.of(v5Id(), v3Id())) {
                for (int i = 0; i < PER_STEP; i++) {
                    assertThat(pub.publish(topic(id), payload(step, i), false)).as("PUBACK reason code").isZero();
                }
            }
            pub.disconnect();
        }
    }

    @Override
    public void assertKept(int steps) throws Exception {
        List<String> expected = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            for (int i = 0; i < PER_STEP; i++) {
                expected.add(payload(step, i));
            }
        }
        for (RecordingClient c : List.of(v5(), v3())) {
            resumed.add(c);
            String id = idOf(c);
            assertThat(c.connect(true)).as("session present of %s", id).isTrue();
            List<String> got = c.awaitPayloads(topic(id), expected);
            assertThat(got).as("offline queue of %s", id).containsAll(expected);
            assertThat(got.stream().distinct().toList()).as("first copies in publish order, %s", id)
                    .containsExactlyElementsOf(expected);
        }
    }

    /** The resumed sessions' clients (MQTT 5, then 3.1.1), after {@link #assertKept}. */
    List<RecordingClient> resumed() {
        return List.copyOf(resumed);
    }

    @Override
    public void close() throws Exception {
        for (RecordingClient c : resumed) {
            c.close();
        }
    }

    private RecordingClient v5() throws Exception {
        return new PahoV5RecordingClient(broker.tcpUri(), v5Id());
    }

    private RecordingClient v3() throws Exception {
        return new PahoV3RecordingClient(broker.tcpUri(), v3Id());
    }

    private String idOf(RecordingClient c) {
        return c instanceof PahoV5RecordingClient ? v5Id() : v3Id();
    }

    private String v5Id() {
        return prefix + "-offline-v5";
    }

    private String v3Id() {
        return prefix + "-offline-v3";
    }

    private String topic(String clientId) {
        return prefix + "/offline/" + clientId;
    }

    private static String payload(int step, int i) {
        return "step" + step + "-" + i;
    }
}
