package io.fluxmq.mqtt.codec.packet;

import static io.fluxmq.mqtt.codec.packet.MqttPacketType.AUTH;
import static io.fluxmq.mqtt.codec.packet.MqttPacketType.CONNACK;
import static io.fluxmq.mqtt.codec.packet.MqttPacketType.DISCONNECT;
import static io.fluxmq.mqtt.codec.packet.MqttPacketType.PUBACK;
import static io.fluxmq.mqtt.codec.packet.MqttPacketType.PUBCOMP;
import static io.fluxmq.mqtt.codec.packet.MqttPacketType.PUBREC;
import static io.fluxmq.mqtt.codec.packet.MqttPacketType.PUBREL;
import static io.fluxmq.mqtt.codec.packet.MqttPacketType.SUBACK;
import static io.fluxmq.mqtt.codec.packet.MqttPacketType.UNSUBACK;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Every MQTT 5 reason code (section 2.4, Table 2-6) with the packets that may carry it. The value
 * 0x00 has three names (Success, Normal disconnection, Granted QoS 0) told apart by the packet:
 * {@link #of(MqttPacketType, int)} picks the right one.
 *
 * <p>MQTT 3.1.1 has CONNACK return codes 0 to 5 and SUBACK return codes 0, 1, 2 and 0x80 only; the
 * mappings are {@link #mqtt3ConnectReturnCode()}, {@link #ofMqtt3ConnectReturnCode(int)} and
 * {@link #mqtt3SubscribeReturnCode()}.
 */
public enum ReasonCode {
    SUCCESS(0x00, CONNACK, PUBACK, PUBREC, PUBREL, PUBCOMP, UNSUBACK, AUTH),
    NORMAL_DISCONNECTION(0x00, DISCONNECT),
    GRANTED_QOS_0(0x00, SUBACK),
    GRANTED_QOS_1(0x01, SUBACK),
    GRANTED_QOS_2(0x02, SUBACK),
    DISCONNECT_WITH_WILL_MESSAGE(0x04, DISCONNECT),
    NO_MATCHING_SUBSCRIBERS(0x10, PUBACK, PUBREC),
    NO_SUBSCRIPTION_EXISTED(0x11, UNSUBACK),
    CONTINUE_AUTHENTICATION(0x18, AUTH),
    RE_AUTHENTICATE(0x19, AUTH),
    UNSPECIFIED_ERROR(0x80, CONNACK, PUBACK, PUBREC, SUBACK, UNSUBACK, DISCONNECT),
    MALFORMED_PACKET(0x81, CONNACK, DISCONNECT),
    PROTOCOL_ERROR(0x82, CONNACK, DISCONNECT),
    IMPLEMENTATION_SPECIFIC_ERROR(0x83, CONNACK, PUBACK, PUBREC, SUBACK, UNSUBACK, DISCONNECT),
    UNSUPPORTED_PROTOCOL_VERSION(0x84, CONNACK),
    CLIENT_IDENTIFIER_NOT_VALID(0x85, CONNACK),
    BAD_USER_NAME_OR_PASSWORD(0x86, CONNACK),
    NOT_AUTHORIZED(0x87, CONNACK, PUBACK, PUBREC, SUBACK, UNSUBACK, DISCONNECT),
    SERVER_UNAVAILABLE(0x88, CONNACK),
    SERVER_BUSY(0x89, CONNACK, DISCONNECT),
    BANNED(0x8A, CONNACK),
    SERVER_SHUTTING_DOWN(0x8B, DISCONNECT),
    BAD_AUTHENTICATION_METHOD(0x8C, CONNACK, DISCONNECT),
    KEEP_ALIVE_TIMEOUT(0x8D, DISCONNECT),
    SESSION_TAKEN_OVER(0x8E, DISCONNECT),
    TOPIC_FILTER_INVALID(0x8F, SUBACK, UNSUBACK, DISCONNECT),
    TOPIC_NAME_INVALID(0x90, CONNACK, PUBACK, PUBREC, DISCONNECT),
    PACKET_IDENTIFIER_IN_USE(0x91, PUBACK, PUBREC, SUBACK, UNSUBACK),
    PACKET_IDENTIFIER_NOT_FOUND(0x92, PUBREL, PUBCOMP),
    RECEIVE_MAXIMUM_EXCEEDED(0x93, DISCONNECT),
    TOPIC_ALIAS_INVALID(0x94, DISCONNECT),
    PACKET_TOO_LARGE(0x95, CONNACK, DISCONNECT),
    MESSAGE_RATE_TOO_HIGH(0x96, DISCONNECT),
    QUOTA_EXCEEDED(0x97, CONNACK, PUBACK, PUBREC, SUBACK, DISCONNECT),
    ADMINISTRATIVE_ACTION(0x98, DISCONNECT),
    PAYLOAD_FORMAT_INVALID(0x99, CONNACK, PUBACK, PUBREC, DISCONNECT),
    RETAIN_NOT_SUPPORTED(0x9A, CONNACK, DISCONNECT),
    QOS_NOT_SUPPORTED(0x9B, CONNACK, DISCONNECT),
    USE_ANOTHER_SERVER(0x9C, CONNACK, DISCONNECT),
    SERVER_MOVED(0x9D, CONNACK, DISCONNECT),
    SHARED_SUBSCRIPTIONS_NOT_SUPPORTED(0x9E, SUBACK, DISCONNECT),
    CONNECTION_RATE_EXCEEDED(0x9F, CONNACK, DISCONNECT),
    MAXIMUM_CONNECT_TIME(0xA0, DISCONNECT),
    SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED(0xA1, SUBACK, DISCONNECT),
    WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED(0xA2, SUBACK, DISCONNECT);

    private static final Map<MqttPacketType, ReasonCode[]> BY_PACKET = new EnumMap<>(MqttPacketType.class);

    static {
        for (ReasonCode code : values()) {
            for (MqttPacketType packet : code.packets) {
                BY_PACKET.computeIfAbsent(packet, p -> new ReasonCode[256])[code.value] = code;
            }
        }
    }

    private final int value;
    private final Set<MqttPacketType> packets;

    ReasonCode(int value, MqttPacketType first, MqttPacketType... rest) {
        this.value = value;
        this.packets = Collections.unmodifiableSet(EnumSet.of(first, rest));
    }

    /** The byte on the wire. */
    public int value() {
        return value;
    }

    /** The packets that may carry this code. */
    public Set<MqttPacketType> packets() {
        return packets;
    }

    public boolean isAllowedIn(MqttPacketType packet) {
        return packets.contains(packet);
    }

    /** Codes of 0x80 and above report a failure (section 2.4). */
    public boolean isError() {
        return value >= 0x80;
    }

    /** The code with this value that the packet may carry, or null when there is none. */
    public static ReasonCode of(MqttPacketType packet, int value) {
        ReasonCode[] table = BY_PACKET.get(packet);
        return table == null || value < 0 || value > 255 ? null : table[value];
    }

    /**
     * The MQTT 3.1.1 CONNACK return code that says the most of this code: 0 accepted, 1
     * unacceptable protocol version, 2 identifier rejected, 4 bad user name or password, 5 not
     * authorized, and 3 (server unavailable) for every other failure, 3.1.1 having no better word.
     */
    public int mqtt3ConnectReturnCode() {
        return switch (this) {
            case SUCCESS -> 0;
            case UNSUPPORTED_PROTOCOL_VERSION -> 1;
            case CLIENT_IDENTIFIER_NOT_VALID -> 2;
            case BAD_USER_NAME_OR_PASSWORD, BAD_AUTHENTICATION_METHOD -> 4;
            case NOT_AUTHORIZED, BANNED -> 5;
            default -> 3;
        };
    }

    /** The code of an MQTT 3.1.1 CONNACK return code 0..5, or null for any other value. */
    public static ReasonCode ofMqtt3ConnectReturnCode(int returnCode) {
        return switch (returnCode) {
            case 0 -> SUCCESS;
            case 1 -> UNSUPPORTED_PROTOCOL_VERSION;
            case 2 -> CLIENT_IDENTIFIER_NOT_VALID;
            case 3 -> SERVER_UNAVAILABLE;
            case 4 -> BAD_USER_NAME_OR_PASSWORD;
            case 5 -> NOT_AUTHORIZED;
            default -> null;
        };
    }

    /** The MQTT 3.1.1 SUBACK return code: the granted QoS 0..2, or 0x80 for any failure. */
    public int mqtt3SubscribeReturnCode() {
        return isError() ? 0x80 : value;
    }

    @Override
    public String toString() {
        return name() + String.format("(0x%02X)", value);
    }
}
