package io.fluxmq.storage.rocksdb.codec;

import java.util.Arrays;

/**
 * Keys of every column family. A string in a key is a 4-byte big-endian length and its UTF-8
 * bytes, so the encoded client id (or log name) is a prefix that matches that client exactly: a
 * prefix scan or range delete for "ab" never reaches "abc". Numbers are 8-byte big-endian, so
 * key order is numeric order (sequences and offsets are never negative).
 */
public final class Keys {
    private Keys() {
    }

    /** {@code string}: sessions, wills, retained (topic), log metadata, and the per-client prefix. */
    public static byte[] of(String s) {
        return new ByteWriter(8 + s.length() * 3).writeKeyString(s).toByteArray();
    }

    /**
     * {@code string string}: subscriptions (client, filter text), group offsets (log, group) and
     * definitions (namespace, key).
     */
    public static byte[] of(String a, String b) {
        return new ByteWriter(8 + (a.length() + b.length()) * 3).writeKeyString(a).writeKeyString(b).toByteArray();
    }

    /** {@code string long}: offline messages (client, sequence) and log entries (log, offset). */
    public static byte[] of(String s, long n) {
        return new ByteWriter(16 + s.length() * 3).writeKeyString(s).writeLong(n).toByteArray();
    }

    /** {@code string string long}: pending entries (log, group, offset). */
    public static byte[] of(String a, String b, long n) {
        return new ByteWriter(16 + (a.length() + b.length()) * 3).writeKeyString(a).writeKeyString(b)
                .writeLong(n).toByteArray();
    }

    /** {@code string byte int}: inflight exchanges (client, direction code, packet id). */
    public static byte[] inflight(String client, int directionCode, int packetId) {
        return new ByteWriter(16 + client.length() * 3).writeKeyString(client).writeByte(directionCode)
                .writeInt(packetId).toByteArray();
    }

    /**
     * The first key after every key that starts with {@code prefix}: the exclusive end of a
     * prefix scan or range delete. Null when there is none (a prefix of 0xFF bytes only).
     */
    public static byte[] prefixEnd(byte[] prefix) {
        byte[] end = Arrays.copyOf(prefix, prefix.length);
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xFF) {
                end[i]++;
                return Arrays.copyOf(end, i + 1);
            }
        }
        return null;
    }

    /** Whether {@code key} starts with {@code prefix}. */
    public static boolean hasPrefix(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** The trailing 8-byte number of a {@code ... long} key. */
    public static long trailingLong(byte[] key, String what) {
        if (key.length < 8) {
            throw new CorruptRecordException(what + ": key of " + key.length + " bytes has no trailing number");
        }
        ByteReader r = new ByteReader(key, key.length - 8, what);
        return r.readLong();
    }
}
