package io.fluxmq.mqtt.codec;

import io.fluxmq.mqtt.codec.encode.PacketEncoder;
import io.fluxmq.mqtt.codec.packet.AuthPacket;
import io.fluxmq.mqtt.codec.packet.ConnAckPacket;
import io.fluxmq.mqtt.codec.packet.DisconnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttPacket;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.fluxmq.mqtt.codec.packet.PublishPacket;
import io.fluxmq.mqtt.codec.packet.PublishResponse;
import io.fluxmq.mqtt.codec.packet.SubAckPacket;
import io.fluxmq.mqtt.codec.packet.UnsubAckPacket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;
import java.util.Optional;

/**
 * Encodes {@link MqttPacket}s in the connection's version: the one given to the constructor, or
 * else the channel attribute {@link MqttDecoder#VERSION} that the server-side decoder sets from
 * CONNECT. MQTT 5-only fields (properties, most reason codes) are left out for MQTT 3.1.1.
 * Stateless and {@link Sharable}.
 *
 * <p><b>Ownership.</b> Writing a packet hands it to the encoder, which releases it (for a
 * {@link PublishPacket}, its reference to the payload) once encoded. A PUBLISH goes out as two
 * buffers, a small header buffer and a retained duplicate of the payload: the payload is never
 * copied. A packet the version cannot express (AUTH in 3.1.1, an unknown version, a property not
 * allowed in the packet) fails the write's promise with an {@link EncoderException}.
 *
 * <p><b>Client maximum packet size</b> (MQTT-3.1.2-24, -25). The encoder sends what it is given;
 * the broker checks first with {@link #encodedSize} and drops a PUBLISH too large for the client,
 * and uses {@link #fitToMaximumPacketSize} for other packets, which may lose their Reason String
 * and User Properties to fit.
 */
@Sharable
public final class MqttEncoder extends MessageToMessageEncoder<MqttPacket> {
    private final MqttVersion version;

    /** An encoder that follows the version the channel's {@link MqttDecoder} negotiated. */
    public MqttEncoder() {
        this(null);
    }

    /** An encoder for a fixed version (client side, tests); null follows the channel attribute. */
    public MqttEncoder(MqttVersion version) {
        super(MqttPacket.class);
        this.version = version;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, MqttPacket packet, List<Object> out) {
        MqttVersion v = version != null ? version : ctx.channel().attr(MqttDecoder.VERSION).get();
        if (v == null) {
            throw new EncoderException("no MQTT version negotiated yet for " + packet.type());
        }
        int remaining;
        try {
            remaining = PacketEncoder.remainingLength(packet, v);
        } catch (IllegalArgumentException e) {
            throw new EncoderException(e.getMessage(), e);
        }
        ByteBuf header = ctx.alloc().buffer(PacketEncoder.headerSize(packet, remaining));
        try {
            PacketEncoder.write(header, packet, v, remaining);
        } catch (RuntimeException e) {
            header.release();
            throw new EncoderException(e.getMessage(), e);
        }
        out.add(header);
        if (packet instanceof PublishPacket publish && publish.payload().isReadable()) {
            // the encoder releases the packet after this method; the duplicate keeps the payload
            // alive until the write is done
            out.add(publish.payload().retainedDuplicate());
        }
    }

    /**
     * The number of bytes the packet takes on the wire in {@code version}, fixed header and
     * payload included: what MQTT 5's Maximum Packet Size limits (section 3.1.2.11.4).
     *
     * @throws IllegalArgumentException for a packet the version cannot express
     */
    public static int encodedSize(MqttPacket packet, MqttVersion version) {
        return PacketEncoder.encodedSize(packet, version);
    }

    /**
     * The packet as it may be sent to a peer whose Maximum Packet Size is {@code maximumPacketSize}:
     * itself if it fits; otherwise, for the packets whose Reason String and User Properties the
     * sender must drop rather than exceed the limit (CONNACK, PUBACK, PUBREC, PUBREL, PUBCOMP,
     * SUBACK, UNSUBACK, DISCONNECT, AUTH: MQTT-3.2.2-19/20, MQTT-3.4.2-2/3 and the like), a copy
     * without the Reason String, then without the User Properties too. Empty when even that is too
     * large, and always for PUBLISH, which the server must then discard as if sent (MQTT-3.1.2-25).
     * A PUBLISH given here is not released.
     */
    public static Optional<MqttPacket> fitToMaximumPacketSize(MqttPacket packet, MqttVersion version,
            long maximumPacketSize) {
        if (encodedSize(packet, version) <= maximumPacketSize) {
            return Optional.of(packet);
        }
        MqttProperties properties = propertiesOf(packet);
        if (properties == null || properties.isEmpty()) {
            return Optional.empty();
        }
        MqttProperties withoutReason = properties.toBuilder().reasonString(null).build();
        MqttPacket smaller = withProperties(packet, withoutReason);
        if (encodedSize(smaller, version) <= maximumPacketSize) {
            return Optional.of(smaller);
        }
        MqttPacket smallest = withProperties(packet, withoutReason.toBuilder().userProperties(List.of()).build());
        return encodedSize(smallest, version) <= maximumPacketSize ? Optional.of(smallest) : Optional.empty();
    }

    /** The properties that may be trimmed, or null for packets that must be sent whole. */
    private static MqttProperties propertiesOf(MqttPacket p) {
        return switch (p.type()) {
            case CONNACK -> ((ConnAckPacket) p).properties();
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> ((PublishResponse) p).properties();
            case SUBACK -> ((SubAckPacket) p).properties();
            case UNSUBACK -> ((UnsubAckPacket) p).properties();
            case DISCONNECT -> ((DisconnectPacket) p).properties();
            case AUTH -> ((AuthPacket) p).properties();
            default -> null;
        };
    }

    private static MqttPacket withProperties(MqttPacket p, MqttProperties properties) {
        return switch (p.type()) {
            case CONNACK -> ((ConnAckPacket) p).withProperties(properties);
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> ((PublishResponse) p).withProperties(properties);
            case SUBACK -> ((SubAckPacket) p).withProperties(properties);
            case UNSUBACK -> ((UnsubAckPacket) p).withProperties(properties);
            case DISCONNECT -> ((DisconnectPacket) p).withProperties(properties);
            case AUTH -> ((AuthPacket) p).withProperties(properties);
            default -> throw new IllegalArgumentException(p.type().toString());
        };
    }
}
