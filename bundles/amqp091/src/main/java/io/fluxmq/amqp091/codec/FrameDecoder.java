package io.fluxmq.amqp091.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the bytes after the protocol header into {@link Frame}s.
 *
 * <p>Errors are thrown as {@link AmqpException} (which Netty wraps in a {@code DecoderException}):
 * {@link ReplyCode#FRAME_ERROR} for a bad frame type, frame end, size, heartbeat or content header,
 * and whatever {@link MethodCodec#decode} throws for a bad method. A frame that is larger than the
 * frame-max is refused as soon as its 7-byte header is in. After the first error every further byte
 * is discarded.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    /** The largest frame accepted whatever frame-max says: 128 MiB. */
    public static final long HARD_MAX_FRAME_SIZE = 128L * 1024 * 1024;

    private static final int HEADER_PAYLOAD_MIN = 14;

    private volatile long maxFrameSize;
    private boolean failed;
    /** connection.close-ok on channel 0, as every client sends it. */
    private static final byte[] CLOSE_OK = {Frames.TYPE_METHOD, 0, 0, 0, 0, 0, 4, 0, Connection.CLASS_ID, 0,
        Connection.CloseOk.METHOD_ID, (byte) Frames.FRAME_END};

    /**
     * @param maxFrameSize the frame-max, the 8 bytes of overhead included; 0 for no limit but
     *     {@link #HARD_MAX_FRAME_SIZE}
     */
    public FrameDecoder(long maxFrameSize) {
        maxFrameSize(maxFrameSize);
    }

    /**
     * Sets the frame-max, for example once {@code connection.tune-ok} has settled it.
     *
     * @param maxFrameSize the frame-max, the 8 bytes of overhead included; 0 for no limit but
     *     {@link #HARD_MAX_FRAME_SIZE}
     */
    public void maxFrameSize(long maxFrameSize) {
        if (maxFrameSize < 0) {
            throw new IllegalArgumentException("negative frame-max " + maxFrameSize);
        }
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            closeOkAfterFailure(in, out);
            return;
        }
        try {
            Frame frame = decodeFrame(in);
            if (frame != null) {
                out.add(frame);
            }
        } catch (RuntimeException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private Frame decodeFrame(ByteBuf in) {
        if (in.readableBytes() < Frames.HEADER_SIZE) {
            return null;
        }
        int start = in.readerIndex();
        int type = in.getUnsignedByte(start);
        int channel = in.getUnsignedShort(start + 1);
        long size = in.getUnsignedInt(start + 3);
        checkHeader(type, channel, size);
        if (in.readableBytes() < Frames.OVERHEAD + size) {
            return null;
        }
        int payloadSize = (int) size;
        int end = in.getUnsignedByte(start + Frames.HEADER_SIZE + payloadSize);
        if (end != Frames.FRAME_END) {
            throw frameError(String.format("frame end octet is 0x%02X, not 0xCE", end));
        }
        in.skipBytes(Frames.HEADER_SIZE);
        Frame frame;
        switch (type) {
            case Frames.TYPE_METHOD:
                frame = new MethodFrame(channel, MethodCodec.decode(in.readSlice(payloadSize)));
                break;
            case Frames.TYPE_HEADER:
                frame = header(channel, in.readSlice(payloadSize));
                break;
            case Frames.TYPE_BODY:
                frame = new BodyFrame(channel, in.readRetainedSlice(payloadSize));
                break;
            default:
                frame = new HeartbeatFrame(channel);
                break;
        }
        in.skipBytes(1);
        return frame;
    }

    private void checkHeader(int type, int channel, long size) {
        switch (type) {
            case Frames.TYPE_METHOD:
            case Frames.TYPE_HEADER:
            case Frames.TYPE_BODY:
                break;
            case Frames.TYPE_HEARTBEAT:
                if (channel != 0) {
                    throw frameError("heartbeat frame on channel " + channel);
                }
                if (size != 0) {
                    throw frameError("heartbeat frame with a payload of " + size + " bytes");
                }
                break;
            default:
                throw frameError("unknown frame type " + type);
        }
        long max = maxFrameSize;
        long limit = max == 0 || max > HARD_MAX_FRAME_SIZE ? HARD_MAX_FRAME_SIZE : max;
        if (size + Frames.OVERHEAD > limit) {
            throw frameError("frame size " + (size + Frames.OVERHEAD) + " exceeds frame-max " + limit);
        }
    }

    private static HeaderFrame header(int channel, ByteBuf payload) {
        if (payload.readableBytes() < HEADER_PAYLOAD_MIN) {
            throw frameError("content header of " + payload.readableBytes() + " bytes, less than "
                    + HEADER_PAYLOAD_MIN);
        }
        int classId = payload.readUnsignedShort();
        int weight = payload.readUnsignedShort();
        if (weight != 0) {
            throw frameError("content header weight " + weight + ", not 0");
        }
        long bodySize = payload.readLong();
        if (bodySize < 0) {
            throw frameError("content header body size " + Long.toUnsignedString(bodySize));
        }
        BasicProperties properties;
        try {
            properties = BasicProperties.read(payload);
        } catch (AmqpException e) {
            throw frameError("malformed content header: " + e.text());
        }
        return new HeaderFrame(channel, classId, bodySize, properties);
    }

    private static AmqpException frameError(String text) {
        return new AmqpException(ReplyCode.FRAME_ERROR, text);
    }

    /**
     * After a failure the frames cannot be told apart any more, but the server has sent
     * connection.close and the peer answers with connection.close-ok: its exact bytes are looked
     * for in what is discarded, so that the connection can close as soon as the peer read the close.
     */
    private static void closeOkAfterFailure(ByteBuf in, List<Object> out) {
        int at = indexOf(in, CLOSE_OK);
        if (at >= 0) {
            in.skipBytes(in.readableBytes());
            out.add(new MethodFrame(0, new Connection.CloseOk()));
        } else {
            in.skipBytes(Math.max(0, in.readableBytes() - (CLOSE_OK.length - 1)));
        }
    }

    private static int indexOf(ByteBuf in, byte[] pattern) {
        int end = in.writerIndex() - pattern.length;
        for (int i = in.readerIndex(); i <= end; i++) {
            int j = 0;
            while (j < pattern.length && in.getByte(i + j) == pattern[j]) {
                j++;
            }
            if (j == pattern.length) {
                return i;
            }
        }
        return -1;
    }
}
