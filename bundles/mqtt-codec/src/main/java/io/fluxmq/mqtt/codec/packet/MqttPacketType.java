package io.fluxmq.mqtt.codec.packet;

/** The control packet types, numbered as in the first nibble of the fixed header. */
public enum MqttPacketType {
    CONNECT(1, true, false),
    CONNACK(2, false, true),
    PUBLISH(3, true, true),
    PUBACK(4, true, true),
    PUBREC(5, true, true),
    PUBREL(6, true, true),
    PUBCOMP(7, true, true),
    SUBSCRIBE(8, true, false),
    SUBACK(9, false, true),
    UNSUBSCRIBE(10, true, false),
    UNSUBACK(11, false, true),
    PINGREQ(12, true, false),
    PINGRESP(13, false, true),
    /** Sent by both ends in MQTT 5; only by the client in MQTT 3.1.1. */
    DISCONNECT(14, true, true),
    /** MQTT 5 only; type 15 is reserved (forbidden) in MQTT 3.1.1. */
    AUTH(15, true, true);

    private static final MqttPacketType[] BY_VALUE = new MqttPacketType[16];

    static {
        for (MqttPacketType t : values()) {
            BY_VALUE[t.value] = t;
        }
    }

    private final int value;
    private final boolean sentByClient;
    private final boolean sentByServer;

    MqttPacketType(int value, boolean sentByClient, boolean sentByServer) {
        this.value = value;
        this.sentByClient = sentByClient;
        this.sentByServer = sentByServer;
    }

    /** The 4-bit wire value, 1 to 15. */
    public int value() {
        return value;
    }

    /** The type of a wire value, or null for 0 (reserved) and anything outside 1..15. */
    public static MqttPacketType of(int value) {
        return value < 0 || value > 15 ? null : BY_VALUE[value];
    }

    /**
     * The only valid flags nibble of this type (MQTT-2.1.3-1): 0b0010 for PUBREL, SUBSCRIBE and
     * UNSUBSCRIBE, 0 for the others; -1 for PUBLISH, whose flags carry DUP, QoS and RETAIN.
     */
    public int fixedHeaderFlags() {
        return switch (this) {
            case PUBLISH -> -1;
            case PUBREL, SUBSCRIBE, UNSUBSCRIBE -> 0b0010;
            default -> 0;
        };
    }

    /** Whether a client may send this packet to a server. */
    public boolean sentByClient() {
        return sentByClient;
    }

    /** Whether a server may send this packet to a client (DISCONNECT only in MQTT 5). */
    public boolean sentByServer() {
        return sentByServer;
    }
}
