package io.fluxmq.mqtt.codec.packet;

import static io.fluxmq.mqtt.codec.packet.MqttPacketType.AUTH;
import static io.fluxmq.mqtt.codec.packet.MqttPacketType.CONNACK;
import static io.fluxmq.mqtt.codec.packet.MqttPacketType.CONNECT;
import static io.fluxmq.mqtt.codec.packet.MqttPacketType.DISCONNECT;
import static io.fluxmq.mqtt.codec.packet.MqttPacketType.PUBACK;
import static io.fluxmq.mqtt.codec.packet.MqttPacketType.PUBCOMP;
import static io.fluxmq.mqtt.codec.packet.MqttPacketType.PUBLISH;
import static io.fluxmq.mqtt.codec.packet.MqttPacketType.PUBREC;
import static io.fluxmq.mqtt.codec.packet.MqttPacketType.PUBREL;
import static io.fluxmq.mqtt.codec.packet.MqttPacketType.SUBACK;
import static io.fluxmq.mqtt.codec.packet.MqttPacketType.SUBSCRIBE;
import static io.fluxmq.mqtt.codec.packet.MqttPacketType.UNSUBACK;
import static io.fluxmq.mqtt.codec.packet.MqttPacketType.UNSUBSCRIBE;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The MQTT 5 properties (section 2.2.2.2, Table 2-4): identifier, data type, and where each may
 * appear. A property in a packet not listed here is a Malformed Packet; a second copy of one that
 * is not {@link #isRepeatableIn(MqttPacketType) repeatable} is a Protocol Error.
 */
public enum MqttPropertyId {
    PAYLOAD_FORMAT_INDICATOR(0x01, Type.BYTE, true, PUBLISH),
    MESSAGE_EXPIRY_INTERVAL(0x02, Type.FOUR_BYTE_INTEGER, true, PUBLISH),
    CONTENT_TYPE(0x03, Type.UTF8_STRING, true, PUBLISH),
    RESPONSE_TOPIC(0x08, Type.UTF8_STRING, true, PUBLISH),
    CORRELATION_DATA(0x09, Type.BINARY_DATA, true, PUBLISH),
    /** Several in a PUBLISH from the server (one per matching subscription), one in SUBSCRIBE. */
    SUBSCRIPTION_IDENTIFIER(0x0B, Type.VARIABLE_BYTE_INTEGER, false, PUBLISH, SUBSCRIBE),
    SESSION_EXPIRY_INTERVAL(0x11, Type.FOUR_BYTE_INTEGER, false, CONNECT, CONNACK, DISCONNECT),
    ASSIGNED_CLIENT_IDENTIFIER(0x12, Type.UTF8_STRING, false, CONNACK),
    SERVER_KEEP_ALIVE(0x13, Type.TWO_BYTE_INTEGER, false, CONNACK),
    AUTHENTICATION_METHOD(0x15, Type.UTF8_STRING, false, CONNECT, CONNACK, AUTH),
    AUTHENTICATION_DATA(0x16, Type.BINARY_DATA, false, CONNECT, CONNACK, AUTH),
    REQUEST_PROBLEM_INFORMATION(0x17, Type.BYTE, false, CONNECT),
    /** Will Properties only. */
    WILL_DELAY_INTERVAL(0x18, Type.FOUR_BYTE_INTEGER, true),
    REQUEST_RESPONSE_INFORMATION(0x19, Type.BYTE, false, CONNECT),
    RESPONSE_INFORMATION(0x1A, Type.UTF8_STRING, false, CONNACK),
    SERVER_REFERENCE(0x1C, Type.UTF8_STRING, false, CONNACK, DISCONNECT),
    REASON_STRING(0x1F, Type.UTF8_STRING, false,
            CONNACK, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK, UNSUBACK, DISCONNECT, AUTH),
    RECEIVE_MAXIMUM(0x21, Type.TWO_BYTE_INTEGER, false, CONNECT, CONNACK),
    TOPIC_ALIAS_MAXIMUM(0x22, Type.TWO_BYTE_INTEGER, false, CONNECT, CONNACK),
    TOPIC_ALIAS(0x23, Type.TWO_BYTE_INTEGER, false, PUBLISH),
    MAXIMUM_QOS(0x24, Type.BYTE, false, CONNACK),
    RETAIN_AVAILABLE(0x25, Type.BYTE, false, CONNACK),
    /** Any number, in every packet that has properties and in the Will Properties; order is kept. */
    USER_PROPERTY(0x26, Type.UTF8_STRING_PAIR, true, CONNECT, CONNACK, PUBLISH, PUBACK, PUBREC, PUBREL,
            PUBCOMP, SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK, DISCONNECT, AUTH),
    MAXIMUM_PACKET_SIZE(0x27, Type.FOUR_BYTE_INTEGER, false, CONNECT, CONNACK),
    WILDCARD_SUBSCRIPTION_AVAILABLE(0x28, Type.BYTE, false, CONNACK),
    SUBSCRIPTION_IDENTIFIER_AVAILABLE(0x29, Type.BYTE, false, CONNACK),
    SHARED_SUBSCRIPTION_AVAILABLE(0x2A, Type.BYTE, false, CONNACK);

    /** The data types of section 1.5. */
    public enum Type {
        BYTE, TWO_BYTE_INTEGER, FOUR_BYTE_INTEGER, VARIABLE_BYTE_INTEGER, UTF8_STRING, BINARY_DATA,
        UTF8_STRING_PAIR
    }

    /** The largest Variable Byte Integer, 268,435,455 (section 1.5.5). */
    public static final int MAX_VARIABLE_BYTE_INTEGER = 268_435_455;

    private static final MqttPropertyId[] BY_ID = new MqttPropertyId[0x2B];

    static {
        for (MqttPropertyId p : values()) {
            BY_ID[p.id] = p;
        }
    }

    private final int id;
    private final Type type;
    private final boolean inWill;
    private final Set<MqttPacketType> packets;

    MqttPropertyId(int id, Type type, boolean inWill, MqttPacketType... packets) {
        this.id = id;
        this.type = type;
        this.inWill = inWill;
        EnumSet<MqttPacketType> set = EnumSet.noneOf(MqttPacketType.class);
        Collections.addAll(set, packets);
        this.packets = Collections.unmodifiableSet(set);
    }

    /** The identifier on the wire. */
    public int id() {
        return id;
    }

    public Type type() {
        return type;
    }

    /** The property with this identifier, or null for an unknown one. */
    public static MqttPropertyId of(int id) {
        return id < 0 || id >= BY_ID.length ? null : BY_ID[id];
    }

    /** The packets whose properties may hold this property. */
    public Set<MqttPacketType> packets() {
        return packets;
    }

    public boolean isAllowedIn(MqttPacketType packet) {
        return packets.contains(packet);
    }

    /** Whether the Will Properties of CONNECT may hold this property. */
    public boolean isAllowedInWill() {
        return inWill;
    }

    /** User Property anywhere, Subscription Identifier in PUBLISH; all others at most once. */
    public boolean isRepeatableIn(MqttPacketType packet) {
        return this == USER_PROPERTY || (this == SUBSCRIPTION_IDENTIFIER && packet == PUBLISH);
    }

    /**
     * The spec's rule on a numeric value (every Byte property is 0 or 1; Receive Maximum, Maximum
     * Packet Size, Topic Alias and Subscription Identifier are not 0), checked beyond the data type's
     * range: null when the value is acceptable, otherwise what is wrong (a Protocol Error on the wire).
     */
    public String checkValue(long value) {
        if (type == Type.BYTE && value != 0 && value != 1) {
            return this + " must be 0 or 1, was " + value;
        }
        if (value == 0 && (this == RECEIVE_MAXIMUM || this == MAXIMUM_PACKET_SIZE || this == TOPIC_ALIAS
                || this == SUBSCRIPTION_IDENTIFIER)) {
            return this + " must not be 0";
        }
        return null;
    }

    /** The largest value of a numeric type, or -1 for strings and binary data. */
    public long maxValue() {
        return switch (type) {
            case BYTE -> 0xFF;
            case TWO_BYTE_INTEGER -> 0xFFFF;
            case FOUR_BYTE_INTEGER -> 0xFFFF_FFFFL;
            case VARIABLE_BYTE_INTEGER -> MAX_VARIABLE_BYTE_INTEGER;
            default -> -1;
        };
    }

    /**
     * The value as stored: a checked String, a copy of a byte array, an Integer or a Long (Four
     * Byte Integers).
     *
     * @throws IllegalArgumentException for the wrong Java type, a value out of range or against
     *         {@link #checkValue(long)}
     */
    Object checkedWireValue(Object value) {
        switch (type) {
            case UTF8_STRING -> {
                if (!(value instanceof String s)) {
                    throw new IllegalArgumentException(this + " takes a String");
                }
                MqttStrings.check(s, toString());
                return s;
            }
            case BINARY_DATA -> {
                if (!(value instanceof byte[] b)) {
                    throw new IllegalArgumentException(this + " takes a byte[]");
                }
                return MqttStrings.checkBinary(b, toString()).clone();
            }
            case UTF8_STRING_PAIR -> throw new IllegalArgumentException(this + " takes a name and a value");
            default -> {
                if (!(value instanceof Integer) && !(value instanceof Long)) {
                    throw new IllegalArgumentException(this + " takes an Integer or Long");
                }
                long v = ((Number) value).longValue();
                if (v < 0 || v > maxValue()) {
                    throw new IllegalArgumentException(this + " out of range: " + v);
                }
                String problem = checkValue(v);
                if (problem != null) {
                    throw new IllegalArgumentException(problem);
                }
                return type == Type.FOUR_BYTE_INTEGER ? (Object) v : (Object) (int) v;
            }
        }
    }
}
