package io.fluxmq.mqtt.codec.packet;

/**
 * The rules every UTF-8 Encoded String obeys (MQTT-1.5.4-1, -2, section 1.5.4): no U+0000, no
 * unpaired surrogate (it has no UTF-8 encoding), at most 65,535 bytes of UTF-8. Checked when a
 * packet is built so that the encoder can never write a string the peer must reject.
 */
public final class MqttStrings {
    /** The longest UTF-8 Encoded String or Binary Data, in bytes. */
    public static final int MAX_LENGTH = 65_535;

    private MqttStrings() {
    }

    /**
     * @return the length in bytes of the string's UTF-8 encoding
     * @throws IllegalArgumentException naming {@code what} when a rule is broken
     */
    public static int check(String value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        int bytes = 0;
        int len = value.length();
        for (int i = 0; i < len; i++) {
            char c = value.charAt(i);
            if (c == 0) {
                throw new IllegalArgumentException(what + " contains U+0000 (MQTT-1.5.4-2)");
            } else if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(value.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + " has an unpaired surrogate (MQTT-1.5.4-1)");
            } else {
                bytes += 3;
            }
        }
        if (bytes > MAX_LENGTH) {
            throw new IllegalArgumentException(what + " is " + bytes + " bytes of UTF-8, more than 65535");
        }
        return bytes;
    }

    /** Checks a nullable string; null passes. */
    static void checkOptional(String value, String what) {
        if (value != null) {
            check(value, what);
        }
    }

    /** Binary Data is at most 65,535 bytes (section 1.5.6). */
    static byte[] checkBinary(byte[] value, String what) {
        if (value != null && value.length > MAX_LENGTH) {
            throw new IllegalArgumentException(what + " is " + value.length + " bytes, more than 65535");
        }
        return value;
    }

    /** Packet identifiers are 1..65535 where present (MQTT-2.2.1-3). */
    static int checkPacketId(int packetId) {
        if (packetId < 1 || packetId > 0xFFFF) {
            throw new IllegalArgumentException("packet identifier must be 1..65535, was " + packetId);
        }
        return packetId;
    }
}
