package io.fluxmq.mqtt.codec;

import io.fluxmq.mqtt.codec.decode.ConnectDecoder;
import io.fluxmq.mqtt.codec.decode.FixedHeaderValidator;
import io.fluxmq.mqtt.codec.decode.MqttDecodeException;
import io.fluxmq.mqtt.codec.decode.MqttReader;
import io.fluxmq.mqtt.codec.decode.PacketDecoder;
import io.fluxmq.mqtt.codec.packet.MqttPacket;
import io.fluxmq.mqtt.codec.packet.MqttPacketType;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.AttributeKey;
import java.util.List;

/**
 * Frames and decodes MQTT packets: emits one {@link MqttPacket} per packet, or a single
 * {@link MqttDecodeFailure} after which all further input is discarded. Nothing is ever thrown
 * into the pipeline. Not sharable: one instance per channel, because the connection's version
 * lives here.
 *
 * <p><b>Framing.</b> The first byte is checked as soon as it arrives (type, direction, flags,
 * CONNECT first); the Remaining Length is at most 4 bytes; a packet whose total size exceeds the
 * maximum packet size fails as soon as its length is read, before a byte of its body is waited
 * for, so no buffer ever grows with an announced length. Bodies are decoded in place.
 *
 * <p><b>Version.</b> The server-side decoder reads the version from CONNECT's protocol level and
 * keeps it for the connection; it also stores it in the channel attribute {@link #VERSION}, which
 * {@link MqttEncoder} reads.
 *
 * <p><b>Threading and ownership.</b> Runs on the channel's event loop. Each emitted
 * {@link io.fluxmq.mqtt.codec.packet.PublishPacket} holds a retained slice of the input: the
 * handler that receives it owns it and must release it.
 */
public final class MqttDecoder extends ByteToMessageDecoder {
    /** The version the connection speaks, set when CONNECT's protocol level has been read. */
    public static final AttributeKey<MqttVersion> VERSION = AttributeKey.valueOf(MqttDecoder.class, "version");

    /** A maximum packet size for brokers that configure none: 1 MiB. */
    public static final int DEFAULT_MAXIMUM_PACKET_SIZE = 1 << 20;

    /** The largest packet MQTT can frame: 1 type byte, 4 length bytes and 268,435,455 bytes. */
    public static final int MAXIMUM_PACKET_SIZE_LIMIT = 1 + 4 + 268_435_455;

    private final boolean server;
    private final int maximumPacketSize;
    private MqttVersion version;
    private boolean connectSeen;
    private boolean failed;

    private MqttDecoder(boolean server, MqttVersion version, int maximumPacketSize) {
        if (maximumPacketSize < 2 || maximumPacketSize > MAXIMUM_PACKET_SIZE_LIMIT) {
            throw new IllegalArgumentException("maximum packet size must be 2.." + MAXIMUM_PACKET_SIZE_LIMIT
                    + ", was " + maximumPacketSize);
        }
        this.server = server;
        this.version = version;
        this.maximumPacketSize = maximumPacketSize;
    }

    /**
     * A decoder for what clients send: CONNECT first, then client-to-server packets in its version.
     *
     * @param maximumPacketSize the largest packet accepted, in bytes including the fixed header
     *        (the Maximum Packet Size the broker announces in MQTT 5 CONNACK)
     */
    public static MqttDecoder forServer(int maximumPacketSize) {
        return new MqttDecoder(true, null, maximumPacketSize);
    }

    /** A decoder for what a server sends to a client that connected with {@code version}. */
    public static MqttDecoder forClient(MqttVersion version, int maximumPacketSize) {
        if (version == null) {
            throw new IllegalArgumentException("version");
        }
        return new MqttDecoder(false, version, maximumPacketSize);
    }

    /** The connection's version, or null before CONNECT's protocol level was read. */
    public MqttVersion version() {
        return version;
    }

    public int maximumPacketSize() {
        return maximumPacketSize;
    }

    /** Whether a failure was emitted; input is then discarded. */
    public boolean hasFailed() {
        return failed;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        MqttPacketType type = null;
        try {
            if (!in.isReadable()) {
                return;
            }
            int start = in.readerIndex();
            int first = in.getUnsignedByte(start);
            type = MqttPacketType.of(first >> 4); // named in the failure even if its flags are wrong
            type = FixedHeaderValidator.check(first, version, server, connectSeen);
            long frame = RemainingLength.peek(in, start + 1);
            if (frame < 0) {
                return;
            }
            int lengthBytes = (int) (frame >>> 32);
            int remaining = (int) frame;
            long total = 1L + lengthBytes + remaining;
            if (total > maximumPacketSize) {
                throw new MqttDecodeException(ReasonCode.PACKET_TOO_LARGE, server ? "MQTT-3.2.2-15" : "MQTT-3.1.2-24",
                        type + " of " + total + " bytes exceeds the maximum packet size " + maximumPacketSize);
            }
            if (in.readableBytes() < total) {
                return;
            }
            ByteBuf body = in.slice(start + 1 + lengthBytes, remaining);
            in.skipBytes((int) total);
            out.add(type == MqttPacketType.CONNECT ? decodeConnect(ctx, body)
                    : PacketDecoder.decode(type, first & 0x0F, body, version, server));
        } catch (MqttDecodeException e) {
            if (e.responseVersion() != null) {
                setVersion(ctx, e.responseVersion());
            }
            fail(in, out, new MqttDecodeFailure(e.reasonCode(), e.rule(), e.getMessage(), type, version));
        } catch (RuntimeException e) {
            // a gap in the checks must still end in a protocol-correct close, never an exception
            fail(in, out, new MqttDecodeFailure(ReasonCode.MALFORMED_PACKET, "section 4.13",
                    "undecodable packet: " + e, type, version));
        }
    }

    private MqttPacket decodeConnect(ChannelHandlerContext ctx, ByteBuf body) {
        MqttReader reader = new MqttReader(body, null);
        MqttVersion v = ConnectDecoder.readProtocol(reader);
        setVersion(ctx, v);
        connectSeen = true;
        return ConnectDecoder.readRest(new MqttReader(body, v), v);
    }

    private void setVersion(ChannelHandlerContext ctx, MqttVersion v) {
        version = v;
        ctx.channel().attr(VERSION).set(v);
    }

    private void fail(ByteBuf in, List<Object> out, MqttDecodeFailure failure) {
        failed = true;
        in.skipBytes(in.readableBytes());
        out.add(failure);
    }
}
