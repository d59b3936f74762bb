package io.fluxmq.api.storage;

import io.fluxmq.api.message.Message;
import java.util.Objects;

/**
 * A QoS 1 or 2 exchange that has not finished, kept so that a resumed session can complete it.
 *
 * @param packetId the protocol's packet identifier (1..65535 in MQTT)
 * @param message the message; may be null for {@link State#AWAITING_PUBCOMP} and
 *        {@link State#AWAITING_PUBREL}, where only the packet identifier matters
 */
public record InflightMessage(int packetId, Direction direction, State state, Message message) {

    /** Which side sent the PUBLISH. */
    public enum Direction {
        /** The broker delivers to the client. */
        OUTBOUND,
        /** The client publishes to the broker (QoS 2 only: the packet id is held until PUBREL). */
        INBOUND
    }

    /** The step the exchange waits for. */
    public enum State {
        AWAITING_PUBACK,
        AWAITING_PUBREC,
        AWAITING_PUBCOMP,
        AWAITING_PUBREL
    }

    public InflightMessage {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(state, "state");
    }
}
