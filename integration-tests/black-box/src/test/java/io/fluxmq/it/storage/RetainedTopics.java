package io.fluxmq.it.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Retained messages under {@code <prefix>/retained/}: step k retains a new topic, replaces the
 * message of the topic step k-1 added and deletes (empty retained message) the one step k-2 added.
 * {@link #assertKept} subscribes with a new MQTT 5 and a new MQTT 3.1.1 client and expects exactly
 * the retained messages left: none lost, none deleted come back, every replacement in force.
 */
final class RetainedTopics implements KeptState {
    private final StorageBroker broker;
    private final String prefix;
    private final Map<String, String> expected = new TreeMap<>();

    RetainedTopics(StorageBroker broker, String prefix) {
        this.broker = broker;
        this.prefix = prefix;
    }

    @Override
    public void write(int step) throws Exception {
        try (RecordingClient pub = new PahoV5RecordingClient(broker.tcpUri(), prefix + "-retained-pub")) {
            pub.connect(false);
            retain(pub, topic(step), "v" + step);
            if (step >= 1) {
                retain(pub, topic(step - 1), "v" + (step - 1) + "-replaced-in-step" + step);
            }
            if (step >= 2) {
                retain(pub, topic(step - 2), "");
            }
            pub.disconnect();
        }
    }

    private void retain(RecordingClient pub, String topic, String payload) throws Exception {
        // 0x10 (no matching subscribers) is a success too.
        assertThat(pub.publish(topic, payload, true)).as("PUBACK reason code for %s", topic).isLessThan(0x80);
        if (payload.isEmpty()) {
            expected.remove(topic);
        } else {
            expected.put(topic, payload);
        }
    }

    @Override
    public void assertKept(int steps) throws Exception {
        int n = 0;
        for (RecordingClient c : List.of(new PahoV5RecordingClient(broker.tcpUri(), prefix + "-retained-check5-" + steps),
                new PahoV3RecordingClient(broker.tcpUri(), prefix + "-retained-check3-" + steps))) {
            try (c) {
                c.connect(false);
                c.subscribe(prefix + "/retained/#");
                Map<String, String> got = c.awaitTopics(prefix + "/retained/", expected.size());
                assertThat(got).as("retained messages after %d steps (client %d)", steps, n++).isEqualTo(expected);
                assertThat(c.received()).allMatch(RecordingClient.Received::retained, "retained flag");
                c.disconnect();
            }
        }
    }

    @Override
    public void close() {
    }

    private String topic(int step) {
        return prefix + "/retained/t" + step;
    }
}
