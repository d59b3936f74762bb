package io.fluxmq.mqtt.codec.packet;

import java.util.Objects;

/**
 * CONNACK (section 3.2). In MQTT 3.1.1 only codes with a return code are meaningful; the encoder
 * maps the others (see {@link ReasonCode#mqtt3ConnectReturnCode()}) and drops the properties.
 *
 * @param sessionPresent the Session Present flag; must be false with a failure code (MQTT-3.2.2-6)
 * @param reasonCode a code allowed in CONNACK
 * @param properties the CONNACK properties (MQTT 5)
 */
public record ConnAckPacket(boolean sessionPresent, ReasonCode reasonCode, MqttProperties properties) implements MqttPacket {

    public ConnAckPacket {
        Packets.checkReasonCode(reasonCode, MqttPacketType.CONNACK);
        if (sessionPresent && reasonCode != ReasonCode.SUCCESS) {
            throw new IllegalArgumentException("session present must be 0 with reason code " + reasonCode + " (MQTT-3.2.2-6)");
        }
        Objects.requireNonNull(properties, "properties");
    }

    /** A CONNACK without properties. */
    public ConnAckPacket(boolean sessionPresent, ReasonCode reasonCode) {
        this(sessionPresent, reasonCode, MqttProperties.EMPTY);
    }

    @Override
    public MqttPacketType type() {
        return MqttPacketType.CONNACK;
    }

    public ConnAckPacket withProperties(MqttProperties newProperties) {
        return new ConnAckPacket(sessionPresent, reasonCode, newProperties);
    }
}
