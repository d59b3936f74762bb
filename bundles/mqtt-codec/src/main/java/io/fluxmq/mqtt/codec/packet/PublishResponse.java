package io.fluxmq.mqtt.codec.packet;

/**
 * The four packets of the QoS 1 and QoS 2 flows (sections 3.4 to 3.7): a packet identifier, and
 * in MQTT 5 a reason code and properties (Reason String, User Property). MQTT 3.1.1 always has
 * {@link ReasonCode#SUCCESS} and no properties.
 */
public sealed interface PublishResponse extends MqttPacket permits PubAckPacket, PubRecPacket, PubRelPacket, PubCompPacket {

    int packetId();

    ReasonCode reasonCode();

    MqttProperties properties();

    /** The same packet with other properties (used to fit a packet into the peer's maximum size). */
    PublishResponse withProperties(MqttProperties properties);
}
