package io.fluxmq.amqp091.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class FrameWriterTest {
    @Test
    void constants() {
        assertThat(Frames.protocolHeader()).containsExactly('A', 'M', 'Q', 'P', 0, 0, 9, 1);
        Frames.protocolHeader()[0] = 'X';
        assertThat(Frames.protocolHeader()[0]).isEqualTo((byte) 'A');
        assertThat(Frames.PROTOCOL_HEADER_LENGTH).isEqualTo(8);
        assertThat(new int[] {Frames.TYPE_METHOD, Frames.TYPE_HEADER, Frames.TYPE_BODY, Frames.TYPE_HEARTBEAT})
                .containsExactly(1, 2, 3, 8);
        assertThat(Frames.FRAME_END).isEqualTo(0xCE);
        assertThat(Frames.HEADER_SIZE).isEqualTo(7);
        assertThat(Frames.OVERHEAD).isEqualTo(8);
        assertThat(Frames.MIN_FRAME_MAX).isEqualTo(4096);
    }

    @Test
    void methodFrame() {
        ByteBuf out = Unpooled.buffer();
        FrameWriter.writeMethod(out, 3, new Basic.Ack(1, false));
        assertThat(ByteBufUtil.hexDump(out)).isEqualTo("01" + "0003" + "0000000d" + "003c0050" + "0000000000000001"
                + "00" + "ce");
    }

    @Test
    void methodFrameThatCannotBeEncodedLeavesTheBufferAsItWas() {
        ByteBuf out = Unpooled.buffer().writeByte(0x55);
        assertThatThrownBy(() -> FrameWriter.writeMethod(out, 1, new Basic.Publish("x".repeat(300), "", false,
                false))).isInstanceOf(IllegalArgumentException.class);
        assertThat(ByteBufUtil.hexDump(out)).isEqualTo("55");
    }

    @Test
    void headerFrame() {
        ByteBuf out = Unpooled.buffer();
        FrameWriter.writeHeader(out, 1, 60, 5, null);
        assertThat(ByteBufUtil.hexDump(out)).isEqualTo("02" + "0001" + "0000000e" + "003c" + "0000"
                + "0000000000000005" + "0000" + "ce");
    }

    @Test
    void heartbeat() {
        ByteBuf out = Unpooled.buffer();
        FrameWriter.writeHeartbeat(out);
        assertThat(ByteBufUtil.hexDump(out)).isEqualTo("08" + "0000" + "00000000" + "ce");
    }

    @Test
    void bodySplitAtFrameMax() {
        ByteBuf body = Unpooled.copiedBuffer("0123456789", StandardCharsets.US_ASCII);
        body.readerIndex(1); // 9 readable bytes
        ByteBuf out = Unpooled.buffer();
        FrameWriter.writeBody(out, 2, body, 12); // 4 payload bytes per frame
        assertThat(body.readerIndex()).isEqualTo(1);
        assertThat(ByteBufUtil.hexDump(out)).isEqualTo(
                "03" + "0002" + "00000004" + "31323334" + "ce"
                + "03" + "0002" + "00000004" + "35363738" + "ce"
                + "03" + "0002" + "00000001" + "39" + "ce");
    }

    @Test
    void bodyOfExactlyOneFrame() {
        ByteBuf body = Unpooled.wrappedBuffer(new byte[4]);
        ByteBuf out = Unpooled.buffer();
        FrameWriter.writeBody(out, 1, body, 12);
        assertThat(out.readableBytes()).isEqualTo(12);
    }

    @Test
    void unlimitedFrameMaxWritesOneFrame() {
        ByteBuf body = Unpooled.wrappedBuffer(new byte[100_000]);
        ByteBuf out = Unpooled.buffer();
        FrameWriter.writeBody(out, 1, body, 0);
        assertThat(out.readableBytes()).isEqualTo(100_000 + 8);
        assertThat(out.getInt(3)).isEqualTo(100_000);
    }

    @Test
    void emptyBodyWritesNoFrame() {
        ByteBuf out = Unpooled.buffer();
        FrameWriter.writeBody(out, 1, Unpooled.EMPTY_BUFFER, 4096);
        assertThat(out.isReadable()).isFalse();
    }

    @Test
    void frameMaxWithoutRoomIsRefused() {
        ByteBuf body = Unpooled.wrappedBuffer(new byte[1]);
        assertThatThrownBy(() -> FrameWriter.writeBody(Unpooled.buffer(), 1, body, 8))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void content() {
        ByteBuf body = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
        ByteBuf out = Unpooled.buffer();
        Basic.Deliver deliver = new Basic.Deliver("c", 1, false, "", "q");
        FrameWriter.writeContent(out, 5, deliver, BasicProperties.EMPTY, body, 10);

        ByteBuf expected = Unpooled.buffer();
        FrameWriter.writeMethod(expected, 5, deliver);
        FrameWriter.writeHeader(expected, 5, 60, 3, BasicProperties.EMPTY);
        FrameWriter.writeBody(expected, 5, body, 10);
        assertThat(ByteBufUtil.hexDump(out)).isEqualTo(ByteBufUtil.hexDump(expected));
        assertThat(body.readerIndex()).isZero();
        // two body frames of 2 and 1 bytes
        assertThat(ByteBufUtil.hexDump(out))
                .endsWith("03000500000002" + "0102" + "ce" + "03000500000001" + "03" + "ce");
    }

    @Test
    void allocatingVariants() {
        ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
        ByteBuf body = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
        check(FrameWriter.writeMethod(alloc, 1, new Tx.Select()), out -> FrameWriter.writeMethod(out, 1,
                new Tx.Select()));
        check(FrameWriter.writeHeader(alloc, 1, 60, 3, BasicPropertiesTest.ALL), out -> FrameWriter.writeHeader(out,
                1, 60, 3, BasicPropertiesTest.ALL));
        check(FrameWriter.writeBody(alloc, 1, body, 9), out -> FrameWriter.writeBody(out, 1, body, 9));
        Basic.Publish publish = new Basic.Publish("", "q", false, false);
        check(FrameWriter.writeContent(alloc, 1, publish, null, body, 0),
                out -> FrameWriter.writeContent(out, 1, publish, null, body, 0));
        check(FrameWriter.writeHeartbeat(alloc), FrameWriter::writeHeartbeat);
    }

    @Test
    void allocatingVariantReleasesItsBufferOnFailure() {
        ByteBuf[] allocated = new ByteBuf[1];
        ByteBufAllocator alloc = new AbstractByteBufAllocator(false) {
            @Override
            protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
                allocated[0] = Unpooled.buffer(initialCapacity, maxCapacity);
                return allocated[0];
            }

            @Override
            protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
                return newHeapBuffer(initialCapacity, maxCapacity);
            }

            @Override
            public boolean isDirectBufferPooled() {
                return false;
            }
        };
        assertThatThrownBy(() -> FrameWriter.writeMethod(alloc, 1, new Basic.Get("q".repeat(256), false)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(allocated[0].refCnt()).isZero();
    }

    private static void check(ByteBuf allocated, Consumer<ByteBuf> writer) {
        ByteBuf expected = Unpooled.buffer();
        writer.accept(expected);
        try {
            assertThat(ByteBufUtil.hexDump(allocated)).isEqualTo(ByteBufUtil.hexDump(expected));
        } finally {
            allocated.release();
        }
    }
}
