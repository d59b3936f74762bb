package io.fluxmq.storage.rocksdb.codec;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads what {@link ByteWriter} wrote. Every length is checked against the bytes that remain
 * before anything is allocated, so a damaged record fails with {@link CorruptRecordException}
 * instead of an out-of-memory error or a wrong value.
 */
public final class ByteReader {
    private final byte[] bytes;
    private final String what;
    private int pos;

    /** @param what names the record in error messages, e.g. "sessions value" */
    public ByteReader(byte[] bytes, String what) {
        this(bytes, 0, what);
    }

    public ByteReader(byte[] bytes, int offset, String what) {
        this.bytes = bytes;
        this.pos = offset;
        this.what = what;
    }

    public int readByte() {
        need(1);
        return bytes[pos++] & 0xFF;
    }

    public boolean readBoolean() {
        int b = readByte();
        if (b > 1) {
            throw corrupt("boolean byte " + b);
        }
        return b == 1;
    }

    public int readInt() {
        need(4);
        int v = ((bytes[pos] & 0xFF) << 24) | ((bytes[pos + 1] & 0xFF) << 16)
                | ((bytes[pos + 2] & 0xFF) << 8) | (bytes[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    public long readLong() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (bytes[pos++] & 0xFF);
        }
        return v;
    }

    public int readVarint() {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = readByte();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (value < 0) {
                    throw corrupt("varint out of range");
                }
                return value;
            }
        }
        throw corrupt("varint longer than 5 bytes");
    }

    public byte[] readBytes() {
        int length = readVarint();
        need(length);
        byte[] b = Arrays.copyOfRange(bytes, pos, pos + length);
        pos += length;
        return b;
    }

    public String readString() {
        int length = readVarint();
        return utf8(length);
    }

    public String readKeyString() {
        int length = readInt();
        if (length < 0) {
            throw corrupt("negative key string length " + length);
        }
        return utf8(length);
    }

    /** Checks that the record was read to its end: trailing bytes mean a layout mismatch. */
    public void expectEnd() {
        if (pos != bytes.length) {
            throw corrupt((bytes.length - pos) + " unexpected trailing bytes");
        }
    }

    public int remaining() {
        return bytes.length - pos;
    }

    public int position() {
        return pos;
    }

    /** A failure naming this record. */
    public CorruptRecordException corrupt(String problem) {
        return new CorruptRecordException(what + ": " + problem + " at byte " + pos + " of " + bytes.length);
    }

    private String utf8(int length) {
        need(length);
        try {
            // Strict decoding: what was written was valid UTF-8, so anything else is damage.
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, pos, length)).toString();
            pos += length;
            return s;
        } catch (CharacterCodingException e) {
            throw corrupt("invalid UTF-8");
        }
    }

    private void need(int n) {
        if (n < 0 || n > bytes.length - pos) {
            throw corrupt("needs " + n + " more bytes, " + (bytes.length - pos) + " left");
        }
    }
}
