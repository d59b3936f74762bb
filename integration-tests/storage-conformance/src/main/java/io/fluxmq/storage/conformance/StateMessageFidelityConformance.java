package io.fluxmq.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.storage.InflightMessage;
import io.fluxmq.api.storage.InflightMessage.Direction;
import io.fluxmq.api.storage.InflightMessage.State;
import io.fluxmq.api.storage.StoredMessage;
import io.fluxmq.api.storage.WillMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every StateStore path that stores a message hands back an equal one: each property of
 * {@link TestMessages#variants(String)} survives the offline queue, inflight, retained and wills.
 */
interface StateMessageFidelityConformance extends StateStoreFixture {

    @Test
    default void offlineQueueKeepsEveryMessageProperty() {
        givenSession("c");
        Map<String, Message> variants = TestMessages.variants("fidelity/offline");
        for (Message m : variants.values()) {
            await(store().enqueueOffline("c", m));
        }

        List<StoredMessage> peeked = await(store().peekOffline("c", variants.size()));
        assertThat(peeked).hasSize(variants.size());
        int i = 0;
        for (Map.Entry<String, Message> e : variants.entrySet()) {
            MessageAssertions.assertSameMessage("offline queue, " + e.getKey(), peeked.get(i++).message(), e.getValue());
        }
    }

    @Test
    default void inflightKeepsEveryMessageProperty() {
        givenSession("c");
        Map<String, Message> variants = TestMessages.variants("fidelity/inflight");
        int packetId = 1;
        for (Message m : variants.values()) {
            await(store().saveInflight("c", new InflightMessage(packetId++, Direction.OUTBOUND, State.AWAITING_PUBACK, m)));
        }

        List<InflightMessage> loaded = await(store().loadInflight("c"));
        assertThat(loaded).hasSize(variants.size());
        int i = 0;
        for (Map.Entry<String, Message> e : variants.entrySet()) {
            MessageAssertions.assertSameMessage("inflight, " + e.getKey(), loaded.get(i++).message(), e.getValue());
        }
    }

    @Test
    default void retainedKeepsEveryMessageProperty() {
        Map<String, Message> variants = TestMessages.variants("fidelity/retained");
        for (Message m : variants.values()) {
            await(store().putRetained(m));
        }

        List<Message> loaded = new ArrayList<>(await(store().loadRetained()));
        assertThat(loaded).hasSize(variants.size());
        loaded.sort(Comparator.comparing(Message::topic));
        List<Map.Entry<String, Message>> expected = new ArrayList<>(variants.entrySet());
        expected.sort(Comparator.comparing(e -> e.getValue().topic()));
        for (int i = 0; i < expected.size(); i++) {
            MessageAssertions.assertSameMessage("retained, " + expected.get(i).getKey(), loaded.get(i),
                    expected.get(i).getValue());
        }
    }

    @Test
    default void willsKeepEveryMessageProperty() {
        Map<String, Message> variants = TestMessages.variants("fidelity/will");
        for (Map.Entry<String, Message> e : variants.entrySet()) {
            await(store().putWill(new WillMessage(e.getKey(), e.getValue(), 0xFFFF_FFFFL)));
        }

        List<WillMessage> loaded = await(store().loadWills());
        assertThat(loaded).extracting(WillMessage::clientId).containsExactlyInAnyOrderElementsOf(variants.keySet());
        for (WillMessage will : loaded) {
            assertThat(will.delayIntervalSeconds()).as("will delay interval").isEqualTo(0xFFFF_FFFFL);
            MessageAssertions.assertSameMessage("will, " + will.clientId(), will.message(),
                    variants.get(will.clientId()));
        }
    }
}
