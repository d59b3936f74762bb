package io.fluxmq.mqtt.codec.decode;

import io.fluxmq.mqtt.codec.packet.MqttPacket;
import io.fluxmq.mqtt.codec.packet.MqttPacketType;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.fluxmq.mqtt.codec.packet.PingReqPacket;
import io.fluxmq.mqtt.codec.packet.PingRespPacket;
import io.netty.buffer.ByteBuf;

/** Decodes the body of every packet but CONNECT, which picks the version and is read apart. */
public final class PacketDecoder {
    private PacketDecoder() {
    }

    /**
     * @param type the type, already checked with its flags by {@link FixedHeaderValidator}
     * @param flags the low nibble of the first byte
     * @param body exactly the Remaining Length bytes; read, not released
     * @param version the negotiated version
     * @param server true when decoding what a client sends
     * @throws MqttDecodeException for a packet that breaks a rule
     */
    public static MqttPacket decode(MqttPacketType type, int flags, ByteBuf body, MqttVersion version, boolean server) {
        MqttReader r = new MqttReader(body, version);
        return switch (type) {
            case CONNACK -> ConnAckDecoder.decode(r);
            case PUBLISH -> PublishDecoder.decode(r, flags, server);
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> PublishResponseDecoder.decode(type, r);
            case SUBSCRIBE -> SubscribeDecoder.decodeSubscribe(r);
            case SUBACK -> SubscriptionAckDecoder.decodeSubAck(r);
            case UNSUBSCRIBE -> SubscribeDecoder.decodeUnsubscribe(r);
            case UNSUBACK -> SubscriptionAckDecoder.decodeUnsubAck(r);
            case PINGREQ -> {
                r.expectEnd("section 3.12.1", "PINGREQ");
                yield PingReqPacket.INSTANCE;
            }
            case PINGRESP -> {
                r.expectEnd("section 3.13.1", "PINGRESP");
                yield PingRespPacket.INSTANCE;
            }
            case DISCONNECT -> DisconnectAuthDecoder.decodeDisconnect(r, server);
            case AUTH -> DisconnectAuthDecoder.decodeAuth(r);
            case CONNECT -> throw new IllegalArgumentException("CONNECT is decoded by ConnectDecoder");
        };
    }
}
