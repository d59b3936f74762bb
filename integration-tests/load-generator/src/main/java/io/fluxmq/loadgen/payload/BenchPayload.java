package io.fluxmq.loadgen.payload;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The payload every scenario sends: a header the receiver counts by, padded with zeros to the
 * configured size.
 *
 * <pre>
 *  0  int   run tag     (messages of another run, e.g. left in a stream, are told apart)
 *  4  int   publisher   (index within the run)
 *  8  long  sequence    (0, 1, 2... per publisher)
 * 16  long  intended send time, System.nanoTime() of the generator: latency is measured from
 *           when the message should have left, so a stalled sender cannot hide slow responses
 * </pre>
 */
public final class BenchPayload {
    public static final int HEADER_BYTES = 24;

    private BenchPayload() {
    }

    /** A new buffer of {@code size} bytes (at least the header); the caller owns it. */
    public static ByteBuf write(ByteBufAllocator alloc, int size, int run, int publisher, long sequence,
            long intendedNanos) {
        int bytes = Math.max(size, HEADER_BYTES);
        ByteBuf b = alloc.directBuffer(bytes, bytes);
        b.writeInt(run).writeInt(publisher).writeLong(sequence).writeLong(intendedNanos);
        b.writeZero(bytes - HEADER_BYTES);
        return b;
    }

    /** Whether the payload is long enough to carry the header. */
    public static boolean readable(ByteBuf payload) {
        return payload.readableBytes() >= HEADER_BYTES;
    }

    public static int run(ByteBuf payload) {
        return payload.getInt(payload.readerIndex());
    }

    public static int publisher(ByteBuf payload) {
        return payload.getInt(payload.readerIndex() + 4);
    }

    public static long sequence(ByteBuf payload) {
        return payload.getLong(payload.readerIndex() + 8);
    }

    public static long intendedNanos(ByteBuf payload) {
        return payload.getLong(payload.readerIndex() + 16);
    }
}
