package io.fluxmq.it.mqtt.raw;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes MQTT's data representations (section 1.5) by hand, so that tests can also write what a
 * well-behaved client library never would: a wrong length, invalid UTF-8, a reserved bit.
 */
public final class Bytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public Bytes u8(int b) {
        out.write(b);
        return this;
    }

    public Bytes u16(int v) {
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    public Bytes u32(long v) {
        out.write((int) (v >>> 24));
        out.write((int) (v >>> 16));
        out.write((int) (v >>> 8));
        out.write((int) v);
        return this;
    }

    /** Variable Byte Integer, minimum length (section 1.5.5). */
    public Bytes varint(int v) {
        out.writeBytes(varintOf(v));
        return this;
    }

    /** UTF-8 Encoded String: two length bytes, then the UTF-8 bytes. */
    public Bytes string(String s) {
        return stringBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A "string" whose bytes are given as they are, valid UTF-8 or not. */
    public Bytes stringBytes(byte[] raw) {
        u16(raw.length);
        out.writeBytes(raw);
        return this;
    }

    /** Binary Data: two length bytes, then the bytes. */
    public Bytes binary(byte[] b) {
        return stringBytes(b);
    }

    public Bytes raw(byte... b) {
        out.writeBytes(b);
        return this;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    public int size() {
        return out.size();
    }

    public static byte[] varintOf(int v) {
        if (v < 0 || v > 268_435_455) {
            throw new IllegalArgumentException("not a Variable Byte Integer: " + v);
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream(4);
        do {
            int digit = v % 128;
            v /= 128;
            b.write(v > 0 ? digit | 0x80 : digit);
        } while (v > 0);
        return b.toByteArray();
    }

    /** A whole packet: first byte, Remaining Length, body. */
    public static byte[] frame(int firstByte, byte[] body) {
        return new Bytes().u8(firstByte).varint(body.length).raw(body).toByteArray();
    }
}
