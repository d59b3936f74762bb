package io.fluxmq.mqtt.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Remembers every buffer it hands out, so a test can prove that all were released (no leak) and
 * that none was sized by an announced length. Buffers are leak-aware when the leak detector is on.
 */
final class TrackingAllocator extends AbstractByteBufAllocator {
    private final List<ByteBuf> buffers = new ArrayList<>();
    private int largestRequest;

    TrackingAllocator() {
        super(false);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return track(toLeakAwareBuffer(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity)), initialCapacity);
    }

    /** Heap only: direct buffers are not needed by these tests. */
    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return newHeapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    private ByteBuf track(ByteBuf b, int requested) {
        buffers.add(b);
        largestRequest = Math.max(largestRequest, requested);
        return b;
    }

    /** A tracked buffer holding the bytes, as a socket read would deliver them. */
    ByteBuf wrap(byte[] bytes) {
        return heapBuffer(bytes.length).writeBytes(bytes);
    }

    int allocated() {
        return buffers.size();
    }

    /** Buffers not released yet. */
    long live() {
        return buffers.stream().filter(b -> b.refCnt() > 0).count();
    }

    /** The largest capacity asked for, and the largest capacity any live buffer has grown to. */
    int largestRequest() {
        return Math.max(largestRequest, buffers.stream().filter(b -> b.refCnt() > 0).mapToInt(ByteBuf::capacity).max().orElse(0));
    }
}
