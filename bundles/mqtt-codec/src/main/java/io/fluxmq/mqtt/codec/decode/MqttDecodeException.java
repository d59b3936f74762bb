package io.fluxmq.mqtt.codec.decode;

import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.fluxmq.mqtt.codec.packet.ReasonCode;

/**
 * A packet broke a rule. Thrown inside the decoder only and turned into a
 * {@link io.fluxmq.mqtt.codec.MqttDecodeFailure}; it never leaves the pipeline. Carries no stack
 * trace: hostile input must not make failures expensive.
 */
public final class MqttDecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ReasonCode reasonCode;
    private final String rule;
    private final transient MqttVersion responseVersion;

    public MqttDecodeException(ReasonCode reasonCode, String rule, String message) {
        this(reasonCode, rule, message, null);
    }

    private MqttDecodeException(ReasonCode reasonCode, String rule, String message, MqttVersion responseVersion) {
        super(message, null, false, false);
        this.reasonCode = reasonCode;
        this.rule = rule;
        this.responseVersion = responseVersion;
    }

    /** Malformed Packet (0x81): the bytes do not parse as the spec describes. */
    public static MqttDecodeException malformed(String rule, String message) {
        return new MqttDecodeException(ReasonCode.MALFORMED_PACKET, rule, message);
    }

    /** Protocol Error (0x82): the packet parses but breaks a rule of the protocol. */
    public static MqttDecodeException protocolError(String rule, String message) {
        return new MqttDecodeException(ReasonCode.PROTOCOL_ERROR, rule, message);
    }

    /**
     * An unsupported protocol level; the client is told in the CONNACK format of
     * {@code responseVersion} (return code 0x01 for 3.x clients, reason code 0x84 otherwise).
     */
    public static MqttDecodeException unsupportedVersion(MqttVersion responseVersion, String rule, String message) {
        return new MqttDecodeException(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, rule, message, responseVersion);
    }

    public ReasonCode reasonCode() {
        return reasonCode;
    }

    /** The normative statement (e.g. {@code MQTT-3.6.1-1}) or section broken. */
    public String rule() {
        return rule;
    }

    /** For an unsupported protocol level: the version whose CONNACK format the client reads. */
    public MqttVersion responseVersion() {
        return responseVersion;
    }
}
