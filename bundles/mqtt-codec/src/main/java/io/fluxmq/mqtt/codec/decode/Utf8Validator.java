package io.fluxmq.mqtt.codec.decode;

import io.netty.buffer.ByteBuf;

/**
 * Strict UTF-8 as RFC 3629 defines it (Unicode Table 3-7): no overlong forms, no encoded
 * surrogates U+D800..U+DFFF, nothing above U+10FFFF (MQTT-1.5.4-1), and no U+0000 (MQTT-1.5.4-2).
 * Validates in place, without copying.
 */
final class Utf8Validator {
    static final int VALID = 0;
    static final int ILL_FORMED = 1;
    static final int NULL_CHARACTER = 2;

    private Utf8Validator() {
    }

    /** {@link #VALID}, {@link #ILL_FORMED} or {@link #NULL_CHARACTER}. */
    static int check(ByteBuf buf, int index, int length) {
        int end = index + length;
        int i = index;
        while (i < end) {
            int b = buf.getUnsignedByte(i);
            if (b == 0) {
                return NULL_CHARACTER;
            }
            if (b < 0x80) {
                i++;
                continue;
            }
            int need;
            int lo = 0x80;
            int hi = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                need = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                need = 2;
                if (b == 0xE0) {
                    lo = 0xA0;
                } else if (b == 0xED) {
                    hi = 0x9F; // ED A0..BF would encode a surrogate
                }
            } else if (b >= 0xF0 && b <= 0xF4) {
                need = 3;
                if (b == 0xF0) {
                    lo = 0x90;
                } else if (b == 0xF4) {
                    hi = 0x8F;
                }
            } else {
                return ILL_FORMED;
            }
            if (i + need >= end) { // the sequence is cut short by the end of the string
                return ILL_FORMED;
            }
            int second = buf.getUnsignedByte(i + 1);
            if (second < lo || second > hi) {
                return ILL_FORMED;
            }
            for (int k = 2; k <= need; k++) {
                int c = buf.getUnsignedByte(i + k);
                if (c < 0x80 || c > 0xBF) {
                    return ILL_FORMED;
                }
            }
            i += need + 1;
        }
        return VALID;
    }
}
