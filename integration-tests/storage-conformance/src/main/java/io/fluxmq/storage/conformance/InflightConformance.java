package io.fluxmq.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fluxmq.api.storage.InflightMessage;
import io.fluxmq.api.storage.InflightMessage.Direction;
import io.fluxmq.api.storage.InflightMessage.State;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * StateStore inflight exchanges: keyed by packet id and direction, loaded in the order they were
 * first saved so that a resumed session resends in the original order (MQTT-4.4.0-1), and a
 * replacement (a QoS 2 exchange moving on) keeps its place.
 */
interface InflightConformance extends StateStoreFixture {

    @Test
    default void savedInflightIsLoadedWithEveryField() {
        givenSession("c");
        InflightMessage out = outbound(1, State.AWAITING_PUBREC);
        InflightMessage in = new InflightMessage(65_535, Direction.INBOUND, State.AWAITING_PUBREL,
                TestMessages.full("inflight/full"));
        await(store().saveInflight("c", out));
        await(store().saveInflight("c", in));

        List<InflightMessage> loaded = await(store().loadInflight("c"));
        assertThat(loaded).containsExactly(out, in);
        MessageAssertions.assertSameMessage("inbound inflight", loaded.get(1).message(), in.message());
    }

    @Test
    default void samePacketIdInEachDirectionIsTwoExchanges() {
        givenSession("c");
        InflightMessage out = outbound(7, State.AWAITING_PUBACK);
        InflightMessage in = inbound(7);
        await(store().saveInflight("c", out));
        await(store().saveInflight("c", in));

        assertThat(await(store().loadInflight("c"))).containsExactly(out, in);

        await(store().deleteInflight("c", 7, Direction.OUTBOUND));
        assertThat(await(store().loadInflight("c"))).containsExactly(in);
    }

    @Test
    default void savingTheSameIdAndDirectionReplacesTheExchange() {
        givenSession("c");
        await(store().saveInflight("c", outbound(5, State.AWAITING_PUBREC)));
        InflightMessage released = outbound(5, State.AWAITING_PUBCOMP);
        await(store().saveInflight("c", released));

        assertThat(await(store().loadInflight("c"))).containsExactly(released);
    }

    @Test
    default void inflightIsLoadedInFirstSaveOrderNotByPacketId() {
        givenSession("c");
        int[] ids = {300, 10, 65_535, 1, 42};
        for (int id : ids) {
            await(store().saveInflight("c", outbound(id, State.AWAITING_PUBACK)));
        }

        assertThat(await(store().loadInflight("c"))).extracting(InflightMessage::packetId)
                .containsExactly(300, 10, 65_535, 1, 42);
    }

    @Test
    default void replacingAnExchangeKeepsItsPlaceInTheOrder() {
        givenSession("c");
        await(store().saveInflight("c", outbound(30, State.AWAITING_PUBREC)));
        await(store().saveInflight("c", outbound(10, State.AWAITING_PUBREC)));
        await(store().saveInflight("c", outbound(20, State.AWAITING_PUBREC)));
        await(store().saveInflight("c", outbound(30, State.AWAITING_PUBCOMP)));

        assertThat(await(store().loadInflight("c")))
                .extracting(InflightMessage::packetId, InflightMessage::state)
                .containsExactly(
                        tuple(30, State.AWAITING_PUBCOMP),
                        tuple(10, State.AWAITING_PUBREC),
                        tuple(20, State.AWAITING_PUBREC));
    }

    @Test
    default void anExchangeSavedAgainAfterDeleteGoesToTheEnd() {
        givenSession("c");
        await(store().saveInflight("c", outbound(1, State.AWAITING_PUBACK)));
        await(store().saveInflight("c", outbound(2, State.AWAITING_PUBACK)));
        await(store().deleteInflight("c", 1, Direction.OUTBOUND));
        await(store().saveInflight("c", outbound(1, State.AWAITING_PUBACK)));

        assertThat(await(store().loadInflight("c"))).extracting(InflightMessage::packetId).containsExactly(2, 1);
    }

    @Test
    default void deleteRemovesOnlyThatExchange() {
        givenSession("c");
        await(store().saveInflight("c", outbound(1, State.AWAITING_PUBACK)));
        await(store().saveInflight("c", outbound(2, State.AWAITING_PUBACK)));
        await(store().saveInflight("c", outbound(3, State.AWAITING_PUBACK)));
        await(store().deleteInflight("c", 2, Direction.OUTBOUND));

        assertThat(await(store().loadInflight("c"))).extracting(InflightMessage::packetId).containsExactly(1, 3);
    }

    @Test
    default void deletingAnUnknownExchangeCompletes() {
        givenSession("c");
        await(store().saveInflight("c", outbound(1, State.AWAITING_PUBACK)));
        await(store().deleteInflight("c", 1, Direction.INBOUND));
        await(store().deleteInflight("c", 99, Direction.OUTBOUND));
        await(store().deleteInflight("nobody", 1, Direction.OUTBOUND));

        assertThat(await(store().loadInflight("c"))).hasSize(1);
        assertThat(await(store().loadInflight("nobody"))).isEmpty();
    }

    @Test
    default void inflightOfClientsIsIsolated() {
        givenSession("a");
        givenSession("b");
        await(store().saveInflight("a", outbound(1, State.AWAITING_PUBACK)));
        await(store().saveInflight("b", outbound(1, State.AWAITING_PUBREC)));
        await(store().deleteInflight("a", 1, Direction.OUTBOUND));

        assertThat(await(store().loadInflight("a"))).isEmpty();
        assertThat(await(store().loadInflight("b"))).containsExactly(outbound(1, State.AWAITING_PUBREC));
    }

    @Test
    default void loadedInflightIsASnapshot() {
        givenSession("c");
        InflightMessage first = outbound(1, State.AWAITING_PUBACK);
        await(store().saveInflight("c", first));
        List<InflightMessage> loaded = await(store().loadInflight("c"));

        await(store().saveInflight("c", outbound(2, State.AWAITING_PUBACK)));
        await(store().saveInflight("c", outbound(1, State.AWAITING_PUBREC)));
        assertThat(loaded).as("a list returned earlier must not follow later writes").containsExactly(first);

        clearIfMutable(loaded);
        assertThat(await(store().loadInflight("c"))).as("clearing a returned list must not change the store")
                .hasSize(2);
    }
}
