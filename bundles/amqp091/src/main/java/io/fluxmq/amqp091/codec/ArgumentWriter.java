package io.fluxmq.amqp091.codec;

import io.netty.buffer.ByteBuf;
import java.util.Map;

/**
 * Writes method arguments in order, packing consecutive bits into octets the way
 * {@link ArgumentReader} reads them.
 */
final class ArgumentWriter {
    private final ByteBuf out;
    private int bitIndex;
    private int bitCount;

    ArgumentWriter(ByteBuf out) {
        this.out = out;
    }

    ArgumentWriter octet(int value) {
        bitCount = 0;
        out.writeByte(value);
        return this;
    }

    ArgumentWriter shortInt(int value) {
        bitCount = 0;
        out.writeShort(value);
        return this;
    }

    ArgumentWriter longInt(long value) {
        bitCount = 0;
        out.writeInt((int) value);
        return this;
    }

    ArgumentWriter longLong(long value) {
        bitCount = 0;
        out.writeLong(value);
        return this;
    }

    ArgumentWriter shortStr(String value) {
        bitCount = 0;
        Wire.writeShortString(out, value);
        return this;
    }

    ArgumentWriter longStr(String value) {
        bitCount = 0;
        Wire.writeLongString(out, value);
        return this;
    }

    ArgumentWriter longBytes(byte[] value) {
        bitCount = 0;
        Wire.writeLongBytes(out, value);
        return this;
    }

    ArgumentWriter table(Map<String, ?> value) {
        bitCount = 0;
        FieldTables.writeTable(value, out);
        return this;
    }

    ArgumentWriter bit(boolean value) {
        if (bitCount == 0 || bitCount == 8) {
            bitIndex = out.writerIndex();
            out.writeByte(0);
            bitCount = 0;
        }
        if (value) {
            out.setByte(bitIndex, out.getByte(bitIndex) | 1 << bitCount);
        }
        bitCount++;
        return this;
    }
}
