package io.fluxmq.mqtt.codec;

import io.fluxmq.mqtt.codec.packet.ConnAckPacket;
import io.fluxmq.mqtt.codec.packet.DisconnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttPacket;
import io.fluxmq.mqtt.codec.packet.MqttPacketType;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link MqttDecoder} emits, in place of a packet, when the input breaks the protocol. It is
 * always the last message of the connection: the decoder discards everything after it. The
 * handler must log it, count it, send {@link #response(boolean)} if there is one, and close the
 * connection (MQTT-4.13.1-1). Not reference-counted.
 *
 * <p>{@link #reasonCode()} is the MQTT 5 reason code of the problem even for MQTT 3.1.1
 * connections (for logs and metrics): {@code MALFORMED_PACKET}, {@code PROTOCOL_ERROR},
 * {@code PACKET_TOO_LARGE}, {@code TOPIC_NAME_INVALID} or {@code UNSUPPORTED_PROTOCOL_VERSION}.
 */
public final class MqttDecodeFailure {
    private final ReasonCode reasonCode;
    private final String rule;
    private final String message;
    private final MqttPacketType packetType;
    private final MqttVersion version;

    /**
     * @param reasonCode the MQTT 5 reason code of the problem
     * @param rule the normative statement (e.g. {@code MQTT-3.6.1-1}) or section broken
     * @param message what was wrong, for the log
     * @param packetType the packet being decoded, or null if its first byte was not a type
     * @param version the version whose packet format the peer reads, or null when it is unknown
     *        (the failure came before CONNECT's protocol level was read)
     */
    public MqttDecodeFailure(ReasonCode reasonCode, String rule, String message, MqttPacketType packetType,
            MqttVersion version) {
        this.reasonCode = Objects.requireNonNull(reasonCode, "reasonCode");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.message = Objects.requireNonNull(message, "message");
        this.packetType = packetType;
        this.version = version;
    }

    public ReasonCode reasonCode() {
        return reasonCode;
    }

    /** The normative statement id (e.g. {@code MQTT-3.8.3-2}) or spec section that was broken. */
    public String rule() {
        return rule;
    }

    public String message() {
        return message;
    }

    /** The packet being decoded, or null when the type nibble itself was invalid. */
    public MqttPacketType packetType() {
        return packetType;
    }

    /** The version whose format the peer reads, or null when not known (no answer is possible). */
    public MqttVersion version() {
        return version;
    }

    /**
     * The packet to send before closing, if the protocol lets the peer be told:
     * <ul>
     * <li>before the server has sent a CONNACK: a CONNACK with the reason code in MQTT 5; in
     *     MQTT 3.1.1 only for an unacceptable protocol level (return code 0x01, which 3.x clients
     *     including MQTT 3.1 ones read); a server must not send DISCONNECT before CONNACK
     *     (MQTT-3.14.0-1);</li>
     * <li>after it: a DISCONNECT with the reason code in MQTT 5 (for example 0x95 Packet too
     *     large); nothing in MQTT 3.1.1, which has no way to say why (MQTT-4.8.0-1 of 3.1.1:
     *     close the connection);</li>
     * <li>nothing when the version is unknown (the first bytes were not a valid CONNECT).</li>
     * </ul>
     * The packet is encoded in {@link #version()}, which the decoder has already set on the channel
     * for {@link MqttEncoder}. Reason String and User Properties are left to the caller.
     *
     * @param connAckSent whether this side (the server) already sent a CONNACK on the connection;
     *        a client-side decoder passes true
     */
    public Optional<MqttPacket> response(boolean connAckSent) {
        if (version == null) {
            return Optional.empty();
        }
        if (version == MqttVersion.MQTT_3_1_1) {
            return !connAckSent && reasonCode == ReasonCode.UNSUPPORTED_PROTOCOL_VERSION
                    ? Optional.of(new ConnAckPacket(false, reasonCode)) : Optional.empty();
        }
        if (!connAckSent) {
            ReasonCode code = reasonCode.isAllowedIn(MqttPacketType.CONNACK) ? reasonCode : ReasonCode.UNSPECIFIED_ERROR;
            return Optional.of(new ConnAckPacket(false, code));
        }
        ReasonCode code = reasonCode.isAllowedIn(MqttPacketType.DISCONNECT) ? reasonCode : ReasonCode.PROTOCOL_ERROR;
        return Optional.of(new DisconnectPacket(code));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MqttDecodeFailure f && reasonCode == f.reasonCode && rule.equals(f.rule)
                && message.equals(f.message) && packetType == f.packetType && version == f.version;
    }

    @Override
    public int hashCode() {
        return Objects.hash(reasonCode, rule, message, packetType, version);
    }

    @Override
    public String toString() {
        return "MqttDecodeFailure[" + rule + " " + reasonCode + " in " + (packetType == null ? "unknown packet" : packetType)
                + (version == null ? "" : " (" + version + ")") + ": " + message + "]";
    }
}
