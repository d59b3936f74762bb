package io.fluxmq.mqtt.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds raw MQTT bytes by hand, independently of the encoder under test. */
final class Wire {
    private Wire() {
    }

    /** A packet: the first byte, the Remaining Length, then the parts. */
    static byte[] packet(int firstByte, byte[]... parts) {
        byte[] body = cat(parts);
        return cat(new byte[] {(byte) firstByte}, vbi(body.length), body);
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] u8(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] u16(int v) {
        return u8(v >> 8, v);
    }

    static byte[] u32(long v) {
        return u8((int) (v >> 24), (int) (v >> 16), (int) (v >> 8), (int) v);
    }

    static byte[] vbi(int v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        do {
            int b = v & 0x7F;
            v >>>= 7;
            out.write(v > 0 ? b | 0x80 : b);
        } while (v > 0);
        return out.toByteArray();
    }

    /** A UTF-8 Encoded String. */
    static byte[] str(String s) {
        return lengthPrefixed(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Two length bytes, then the bytes as given (for invalid UTF-8). */
    static byte[] lengthPrefixed(byte[] b) {
        return cat(u16(b.length), b);
    }

    /** A property block: Property Length, then the properties. */
    static byte[] props(byte[]... properties) {
        byte[] content = cat(properties);
        return cat(vbi(content.length), content);
    }

    static byte[] noProps() {
        return u8(0);
    }

    /** A minimal valid CONNECT of the version (level 4 or 5), clean start, client id "c". */
    static byte[] connect(int level) {
        return level == 5 ? packet(0x10, str("MQTT"), u8(5, 0x02), u16(60), noProps(), str("c"))
                : packet(0x10, str("MQTT"), u8(4, 0x02), u16(60), str("c"));
    }
}
