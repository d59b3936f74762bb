package io.fluxmq.mqtt.codec.packet;

/**
 * An MQTT control packet. The hierarchy is sealed: a {@code switch} over {@link #type()} and a
 * cast covers every packet there is.
 */
public sealed interface MqttPacket permits ConnectPacket, ConnAckPacket, PublishPacket, PublishResponse,
        SubscribePacket, SubAckPacket, UnsubscribePacket, UnsubAckPacket, PingReqPacket, PingRespPacket,
        DisconnectPacket, AuthPacket {

    /** The control packet type of the fixed header. */
    MqttPacketType type();
}
