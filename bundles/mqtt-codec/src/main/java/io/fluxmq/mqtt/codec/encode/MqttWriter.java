package io.fluxmq.mqtt.codec.encode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Sizes and writes the data types of section 1.5. Strings were checked when their packet was
 * built (no U+0000, no unpaired surrogate, at most 65,535 bytes), so their UTF-8 length is exact.
 */
final class MqttWriter {
    private MqttWriter() {
    }

    static int variableByteIntegerSize(int value) {
        return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
    }

    static void writeVariableByteInteger(ByteBuf out, int value) {
        do {
            int b = value & 0x7F;
            value >>>= 7;
            out.writeByte(value > 0 ? b | 0x80 : b);
        } while (value > 0);
    }

    static int stringSize(String s) {
        return 2 + ByteBufUtil.utf8Bytes(s);
    }

    static void writeString(ByteBuf out, String s) {
        int length = ByteBufUtil.utf8Bytes(s);
        out.writeShort(length);
        ByteBufUtil.reserveAndWriteUtf8(out, s, length);
    }

    static int binarySize(byte[] b) {
        return 2 + b.length;
    }

    static void writeBinary(ByteBuf out, byte[] b) {
        out.writeShort(b.length);
        out.writeBytes(b);
    }
}
