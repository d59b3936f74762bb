package io.fluxmq.amqp091.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Short and long strings on the wire (section 4.2.5.3). */
final class Wire {
    static final byte[] NO_BYTES = new byte[0];

    private Wire() {
    }

    /** Reads a short string: a length octet and that many UTF-8 bytes. */
    static String readShortString(ByteBuf in) {
        int length = in.readUnsignedByte();
        checkReadable(in, length, "short string");
        String s = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return s;
    }

    /**
     * Writes a short string; null is written as an empty string.
     *
     * @throws IllegalArgumentException if it takes more than 255 bytes in UTF-8
     */
    static void writeShortString(ByteBuf out, String s) {
        byte[] bytes = s == null ? NO_BYTES : s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 255) {
            throw new IllegalArgumentException("short string of " + bytes.length + " bytes exceeds 255: "
                    + s.substring(0, Math.min(s.length(), 40)) + "...");
        }
        out.writeByte(bytes.length);
        out.writeBytes(bytes);
    }

    /** Reads a long string's bytes: a 32-bit unsigned length and that many bytes. */
    static byte[] readLongBytes(ByteBuf in) {
        long length = in.readUnsignedInt();
        checkReadable(in, length, "long string");
        byte[] bytes = new byte[(int) length];
        in.readBytes(bytes);
        return bytes;
    }

    /** Reads a long string as UTF-8 text. */
    static String readLongString(ByteBuf in) {
        long length = in.readUnsignedInt();
        checkReadable(in, length, "long string");
        String s = in.toString(in.readerIndex(), (int) length, StandardCharsets.UTF_8);
        in.skipBytes((int) length);
        return s;
    }

    /** Writes a long string's bytes; null is written as an empty string. */
    static void writeLongBytes(ByteBuf out, byte[] bytes) {
        byte[] b = bytes == null ? NO_BYTES : bytes;
        out.writeInt(b.length);
        out.writeBytes(b);
    }

    /** Writes a long string as UTF-8; null is written as an empty string. */
    static void writeLongString(ByteBuf out, CharSequence s) {
        if (s == null) {
            out.writeInt(0);
            return;
        }
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        int length = out.writeCharSequence(s, StandardCharsets.UTF_8);
        out.setInt(lengthIndex, length);
    }

    static void checkReadable(ByteBuf in, long length, String what) {
        if (length > in.readableBytes()) {
            throw new AmqpException(ReplyCode.SYNTAX_ERROR,
                    what + " of " + length + " bytes runs past the end (" + in.readableBytes() + " left)");
        }
    }
}
