package io.fluxmq.amqp091.codec;

import io.netty.buffer.ByteBuf;
import java.util.Map;

/**
 * Reads method arguments in order. Consecutive bits share octets, the first bit in the least
 * significant position (section 4.2.5.2); any other argument ends a run of bits.
 */
final class ArgumentReader {
    private final ByteBuf in;
    private int bits;
    private int bitCount;

    ArgumentReader(ByteBuf in) {
        this.in = in;
    }

    int octet() {
        bitCount = 0;
        return in.readUnsignedByte();
    }

    int shortInt() {
        bitCount = 0;
        return in.readUnsignedShort();
    }

    long longInt() {
        bitCount = 0;
        return in.readUnsignedInt();
    }

    long longLong() {
        bitCount = 0;
        return in.readLong();
    }

    String shortStr() {
        bitCount = 0;
        return Wire.readShortString(in);
    }

    String longStr() {
        bitCount = 0;
        return Wire.readLongString(in);
    }

    byte[] longBytes() {
        bitCount = 0;
        return Wire.readLongBytes(in);
    }

    Map<String, Object> table() {
        bitCount = 0;
        return FieldTables.readTable(in);
    }

    boolean bit() {
        if (bitCount == 0 || bitCount == 8) {
            bits = in.readUnsignedByte();
            bitCount = 0;
        }
        return (bits >> bitCount++ & 1) != 0;
    }
}
