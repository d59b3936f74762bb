package io.fluxmq.mqtt.codec.packet;

/** PINGRESP (section 3.13): no variable header, no payload. */
public record PingRespPacket() implements MqttPacket {
    public static final PingRespPacket INSTANCE = new PingRespPacket();

    @Override
    public MqttPacketType type() {
        return MqttPacketType.PINGRESP;
    }
}
