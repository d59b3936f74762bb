package io.fluxmq.it.mqtt.raw;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A packet the broker sent, parsed just enough for assertions. The parser is deliberately
 * minimal and strict: it reads the fields of each server-to-client packet in the version the
 * connection speaks and fails the test when the broker's bytes do not fit.
 */
public final class ReceivedPacket {
    public static final int CONNACK = 2;
    public static final int PUBLISH = 3;
    public static final int PUBACK = 4;
    public static final int PUBREC = 5;
    public static final int PUBREL = 6;
    public static final int PUBCOMP = 7;
    public static final int SUBACK = 9;
    public static final int UNSUBACK = 11;
    public static final int PINGRESP = 13;
    public static final int DISCONNECT = 14;
    public static final int AUTH = 15;

    private static final String[] NAMES = {"RESERVED", "CONNECT", "CONNACK", "PUBLISH", "PUBACK", "PUBREC", "PUBREL",
        "PUBCOMP", "SUBSCRIBE", "SUBACK", "UNSUBSCRIBE", "UNSUBACK", "PINGREQ", "PINGRESP", "DISCONNECT", "AUTH"};

    private final int type;
    private final int flags;
    private final byte[] body;
    private final boolean v5;

    // parsed fields, by type
    private int packetId;
    private int reasonCode;
    private boolean sessionPresent;
    private Props props = Props.NONE;
    private String topic;
    private byte[] payload;
    private final List<Integer> reasonCodes = new ArrayList<>();

    ReceivedPacket(int firstByte, byte[] body, boolean v5) {
        this.type = firstByte >> 4;
        this.flags = firstByte & 0x0F;
        this.body = body;
        this.v5 = v5;
        parse();
    }

    /**
     * Parses one whole packet (fixed header included) taken from the front of {@code bytes}; returns
     * null while the bytes do not hold a whole packet yet. {@code consumed[0]} gets its length.
     */
    public static ReceivedPacket parseFirst(byte[] bytes, boolean v5, int[] consumed) {
        if (bytes.length < 2) {
            return null;
        }
        int length = 0;
        int multiplier = 1;
        int i = 1;
        while (true) {
            if (i >= bytes.length) {
                return null;
            }
            int b = bytes[i++] & 0xFF;
            length += (b & 0x7F) * multiplier;
            if ((b & 0x80) == 0) {
                break;
            }
            multiplier *= 128;
        }
        if (bytes.length < i + length) {
            return null;
        }
        consumed[0] = i + length;
        return new ReceivedPacket(bytes[0] & 0xFF, java.util.Arrays.copyOfRange(bytes, i, i + length), v5);
    }

    public static String name(int type) {
        return NAMES[type];
    }

    private void parse() {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        switch (type) {
            case CONNACK -> {
                int ackFlags = u8(in).intValue();
                if ((ackFlags & 0xFE) != 0) {
                    throw new AssertionError("CONNACK reserved flag bits set (MQTT-3.2.2-1): " + this);
                }
                sessionPresent = (ackFlags & 1) != 0;
                reasonCode = u8(in).intValue();
                if (v5) {
                    props = Props.read(in);
                }
            }
            case PUBLISH -> {
                topic = string(in);
                if (qos() > 0) {
                    packetId = u16(in).intValue();
                }
                if (v5) {
                    props = Props.read(in);
                }
                payload = in.readAllBytes();
            }
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> {
                packetId = u16(in).intValue();
                if (in.available() > 0) {
                    reasonCode = u8(in).intValue();
                }
                if (in.available() > 0) {
                    props = Props.read(in);
                }
            }
            case SUBACK, UNSUBACK -> {
                packetId = u16(in).intValue();
                if (v5) {
                    props = Props.read(in);
                }
                while (in.available() > 0) {
                    reasonCodes.add(u8(in).intValue());
                }
            }
            case DISCONNECT, AUTH -> {
                if (in.available() > 0) {
                    reasonCode = u8(in).intValue();
                }
                if (in.available() > 0) {
                    props = Props.read(in);
                }
            }
            default -> {
                // PINGRESP and anything unexpected: the body is kept as it is
            }
        }
        if (in.available() > 0 && type != PUBLISH) {
            throw new AssertionError("bytes left over after parsing " + this);
        }
    }

    public int type() {
        return type;
    }

    public String typeName() {
        return NAMES[type];
    }

    public int flags() {
        return flags;
    }

    public byte[] body() {
        return body.clone();
    }

    public int packetId() {
        return packetId;
    }

    /** The reason code (0 when the packet omits it) or the MQTT 3.1.1 CONNACK return code. */
    public int reasonCode() {
        return reasonCode;
    }

    public boolean sessionPresent() {
        return sessionPresent;
    }

    public Props props() {
        return props;
    }

    /** SUBACK/UNSUBACK: one code per filter. */
    public List<Integer> reasonCodes() {
        return reasonCodes;
    }

    public String topic() {
        return topic;
    }

    public byte[] payload() {
        return payload;
    }

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    public int qos() {
        return type == PUBLISH ? (flags >> 1) & 3 : -1;
    }

    public boolean dup() {
        return type == PUBLISH && (flags & 0x08) != 0;
    }

    public boolean retain() {
        return type == PUBLISH && (flags & 0x01) != 0;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(typeName());
        switch (type) {
            case CONNACK -> sb.append(String.format("[sp=%s rc=0x%02X %s]", sessionPresent, reasonCode, props));
            case PUBLISH -> sb.append(String.format("[%s q%d%s%s id=%d %s '%s']", topic, qos(), dup() ? " dup" : "",
                    retain() ? " retain" : "", packetId, props, payload == null ? "" : payloadText()));
            case SUBACK, UNSUBACK -> {
                sb.append("[id=").append(packetId).append(" codes=");
                reasonCodes.forEach(c -> sb.append(String.format("0x%02X ", c)));
                sb.append(props).append(']');
            }
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> sb.append(String.format("[id=%d rc=0x%02X %s]", packetId, reasonCode,
                    props));
            case DISCONNECT, AUTH -> sb.append(String.format("[rc=0x%02X %s]", reasonCode, props));
            default -> sb.append('[').append(HexFormat.of().formatHex(body)).append(']');
        }
        return sb.toString();
    }

    static Long u8(ByteArrayInputStream in) {
        int b = in.read();
        if (b < 0) {
            throw new AssertionError("packet ends early");
        }
        return (long) b;
    }

    static Long u16(ByteArrayInputStream in) {
        return (u8(in) << 8) | u8(in);
    }

    static Long u32(ByteArrayInputStream in) {
        return (u16(in) << 16) | u16(in);
    }

    /** Up to {@code n} bytes (fewer when the input ends). */
    static byte[] take(ByteArrayInputStream in, int n) {
        byte[] b = new byte[Math.min(n, in.available())];
        in.read(b, 0, b.length);
        return b;
    }

    static int readVarint(ByteArrayInputStream in) {
        int value = 0;
        int multiplier = 1;
        for (int i = 0; i < 4; i++) {
            int b = u8(in).intValue();
            value += (b & 0x7F) * multiplier;
            if ((b & 0x80) == 0) {
                return value;
            }
            multiplier *= 128;
        }
        throw new AssertionError("Variable Byte Integer longer than 4 bytes");
    }

    static String string(ByteArrayInputStream in) {
        return new String(binary(in), StandardCharsets.UTF_8);
    }

    static byte[] binary(ByteArrayInputStream in) {
        int length = u16(in).intValue();
        byte[] b = take(in, length);
        if (b.length != length) {
            throw new AssertionError("string or binary data shorter than its length " + length);
        }
        return b;
    }
}
