package io.fluxmq.amqp091.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Objects;

/**
 * Writes frames. Each method either appends to a given buffer or, in its allocating variant,
 * returns a new buffer from an allocator that the caller owns.
 */
public final class FrameWriter {
    private FrameWriter() {
    }

    /**
     * Appends a method frame.
     *
     * @throws IllegalArgumentException if the method cannot be encoded; {@code out} is then left as it was
     */
    public static void writeMethod(ByteBuf out, int channel, Method m) {
        Objects.requireNonNull(m, "method");
        int start = out.writerIndex();
        try {
            out.writeByte(Frames.TYPE_METHOD);
            out.writeShort(channel);
            out.writeInt(0);
            MethodCodec.encode(m, out);
            finish(out, start);
        } catch (RuntimeException e) {
            out.writerIndex(start);
            throw e;
        }
    }

    /**
     * Appends a content header frame.
     *
     * @param p the properties, null for none
     * @throws IllegalArgumentException if the properties cannot be encoded; {@code out} is then left as it was
     */
    public static void writeHeader(ByteBuf out, int channel, int classId, long bodySize, BasicProperties p) {
        int start = out.writerIndex();
        try {
            out.writeByte(Frames.TYPE_HEADER);
            out.writeShort(channel);
            out.writeInt(0);
            out.writeShort(classId);
            out.writeShort(0); // weight
            out.writeLong(bodySize);
            (p == null ? BasicProperties.EMPTY : p).write(out);
            finish(out, start);
        } catch (RuntimeException e) {
            out.writerIndex(start);
            throw e;
        }
    }

    /**
     * Appends the body's readable bytes as body frames of at most {@code frameMax - 8} bytes of
     * payload each; nothing for an empty body. The body's reader index is not changed.
     *
     * @param frameMax the negotiated frame-max, 0 for no limit (a single frame)
     * @throws IllegalArgumentException if frameMax is not 0 and leaves no room for a payload
     */
    public static void writeBody(ByteBuf out, int channel, ByteBuf body, long frameMax) {
        if (frameMax < 0 || frameMax != 0 && frameMax <= Frames.OVERHEAD) {
            throw new IllegalArgumentException("frame-max " + frameMax + " leaves no room for a body");
        }
        int length = body.readableBytes();
        long chunk = frameMax == 0 ? length : frameMax - Frames.OVERHEAD;
        for (int offset = 0; offset < length; ) {
            int n = (int) Math.min(chunk, length - offset);
            out.writeByte(Frames.TYPE_BODY);
            out.writeShort(channel);
            out.writeInt(n);
            out.writeBytes(body, body.readerIndex() + offset, n);
            out.writeByte(Frames.FRAME_END);
            offset += n;
        }
    }

    /**
     * Appends a content-bearing method with its content: the method frame, the content header
     * (class id of the method, body size of the body's readable bytes) and the body frames.
     */
    public static void writeContent(ByteBuf out, int channel, Method m, BasicProperties p, ByteBuf body,
            long frameMax) {
        int start = out.writerIndex();
        try {
            writeMethod(out, channel, m);
            writeHeader(out, channel, m.classId(), body.readableBytes(), p);
            writeBody(out, channel, body, frameMax);
        } catch (RuntimeException e) {
            out.writerIndex(start);
            throw e;
        }
    }

    /** Appends a heartbeat frame: type 8, channel 0, no payload. */
    public static void writeHeartbeat(ByteBuf out) {
        out.writeByte(Frames.TYPE_HEARTBEAT);
        out.writeShort(0);
        out.writeInt(0);
        out.writeByte(Frames.FRAME_END);
    }

    /** @return a new buffer holding a method frame */
    public static ByteBuf writeMethod(ByteBufAllocator alloc, int channel, Method m) {
        ByteBuf out = alloc.buffer();
        return fill(out, () -> writeMethod(out, channel, m));
    }

    /** @return a new buffer holding a content header frame */
    public static ByteBuf writeHeader(ByteBufAllocator alloc, int channel, int classId, long bodySize,
            BasicProperties p) {
        ByteBuf out = alloc.buffer();
        return fill(out, () -> writeHeader(out, channel, classId, bodySize, p));
    }

    /** @return a new buffer holding the body frames */
    public static ByteBuf writeBody(ByteBufAllocator alloc, int channel, ByteBuf body, long frameMax) {
        ByteBuf out = alloc.buffer(body.readableBytes() + Frames.OVERHEAD);
        return fill(out, () -> writeBody(out, channel, body, frameMax));
    }

    /** @return a new buffer holding a method frame, its content header and its body frames */
    public static ByteBuf writeContent(ByteBufAllocator alloc, int channel, Method m, BasicProperties p,
            ByteBuf body, long frameMax) {
        ByteBuf out = alloc.buffer(body.readableBytes() + 256);
        return fill(out, () -> writeContent(out, channel, m, p, body, frameMax));
    }

    /** @return a new buffer holding a heartbeat frame */
    public static ByteBuf writeHeartbeat(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(Frames.OVERHEAD);
        writeHeartbeat(out);
        return out;
    }

    private static ByteBuf fill(ByteBuf out, Runnable writer) {
        try {
            writer.run();
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    private static void finish(ByteBuf out, int start) {
        out.setInt(start + 3, out.writerIndex() - start - Frames.HEADER_SIZE);
        out.writeByte(Frames.FRAME_END);
    }
}
