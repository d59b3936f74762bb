package io.fluxmq.storage.rocksdb.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable big-endian byte buffer for keys and values. Not thread-safe; one per record. */
public final class ByteWriter {
    private byte[] bytes;
    private int size;

    public ByteWriter(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    public ByteWriter writeByte(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
        return this;
    }

    public ByteWriter writeBoolean(boolean b) {
        return writeByte(b ? 1 : 0);
    }

    public ByteWriter writeInt(int v) {
        ensure(4);
        bytes[size++] = (byte) (v >>> 24);
        bytes[size++] = (byte) (v >>> 16);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
        return this;
    }

    public ByteWriter writeLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (v >>> shift);
        }
        return this;
    }

    /** An unsigned LEB128 varint; lengths and counts are never negative. */
    public ByteWriter writeVarint(int v) {
        if (v < 0) {
            throw new IllegalArgumentException("varint must be >= 0: " + v);
        }
        while ((v & ~0x7F) != 0) {
            writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        return writeByte(v);
    }

    public ByteWriter writeRaw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
        return this;
    }

    /** Varint length, then the bytes. */
    public ByteWriter writeBytes(byte[] b) {
        return writeVarint(b.length).writeRaw(b);
    }

    /** Varint length, then UTF-8. */
    public ByteWriter writeString(String s) {
        return writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** 4-byte big-endian length, then UTF-8: the key form, whose prefix identifies the string exactly. */
    public ByteWriter writeKeyString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return writeInt(utf8.length).writeRaw(utf8);
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            long wanted = Math.max((long) bytes.length * 2, (long) size + more);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("record too large: " + wanted + " bytes");
            }
            bytes = Arrays.copyOf(bytes, (int) wanted);
        }
    }
}
