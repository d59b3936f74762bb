package io.fluxmq.mqtt.codec.decode;

import static io.fluxmq.mqtt.codec.decode.MqttDecodeException.malformed;
import static io.fluxmq.mqtt.codec.decode.MqttDecodeException.protocolError;

import io.fluxmq.mqtt.codec.packet.MqttPacketType;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.MqttPropertyId;

/**
 * Reads an MQTT 5 property block (section 2.2.2): the Property Length, then properties until
 * exactly that many bytes are used. An unknown identifier, a property the packet may not carry or
 * one cut short is a Malformed Packet (section 2.2.2.2); a second copy of a property allowed once,
 * or a value the spec forbids (a Byte flag other than 0 or 1, Receive Maximum 0, ...), is a
 * Protocol Error.
 */
public final class Mqtt5PropertiesDecoder {
    private Mqtt5PropertiesDecoder() {
    }

    /** The properties of a packet. */
    public static MqttProperties read(MqttReader reader, MqttPacketType packet) {
        return read(reader, packet, false);
    }

    /** The Will Properties of CONNECT (section 3.1.3.2). */
    public static MqttProperties readWill(MqttReader reader) {
        return read(reader, MqttPacketType.CONNECT, true);
    }

    private static MqttProperties read(MqttReader reader, MqttPacketType packet, boolean will) {
        int length = reader.readVariableByteInteger("property length");
        if (length == 0) {
            return MqttProperties.EMPTY;
        }
        MqttReader in = reader.limit(length, "properties");
        String where = will ? "the Will Properties" : packet.toString();
        MqttProperties.Builder b = MqttProperties.builder();
        long seen = 0;
        while (in.hasRemaining()) {
            int idValue = in.readVariableByteInteger("property identifier");
            MqttPropertyId id = MqttPropertyId.of(idValue);
            if (id == null) {
                throw malformed("section 2.2.2.2", String.format("unknown property identifier 0x%02X in %s", idValue, where));
            }
            if (will ? !id.isAllowedInWill() : !id.isAllowedIn(packet)) {
                throw malformed("section 2.2.2.2", id + " is not allowed in " + where);
            }
            long bit = 1L << id.ordinal();
            boolean repeatable = will ? id == MqttPropertyId.USER_PROPERTY : id.isRepeatableIn(packet);
            if ((seen & bit) != 0 && !repeatable) {
                throw protocolError("section 2.2.2.2", id + " appears more than once in " + where);
            }
            seen |= bit;
            readValue(in, id, b);
        }
        return b.build();
    }

    private static void readValue(MqttReader in, MqttPropertyId id, MqttProperties.Builder b) {
        String what = id.toString();
        switch (id.type()) {
            case BYTE -> b.set(id, (int) checked(id, in.readByte(what)));
            case TWO_BYTE_INTEGER -> b.set(id, (int) checked(id, in.readTwoByteInteger(what)));
            case FOUR_BYTE_INTEGER -> b.set(id, checked(id, in.readFourByteInteger(what)));
            // Subscription Identifier is the only Variable Byte Integer property
            case VARIABLE_BYTE_INTEGER -> b.addSubscriptionIdentifier((int) checked(id, in.readVariableByteInteger(what)));
            case UTF8_STRING -> b.set(id, in.readString(what));
            case BINARY_DATA -> b.set(id, in.readBinary(what));
            case UTF8_STRING_PAIR -> b.addUserProperty(in.readString("user property name"), in.readString("user property value"));
            default -> throw new IllegalStateException(id.type().toString());
        }
    }

    private static long checked(MqttPropertyId id, long value) {
        String problem = id.checkValue(value);
        if (problem != null) {
            throw protocolError(id == MqttPropertyId.TOPIC_ALIAS ? "MQTT-3.3.2-8" : "section 2.2.2.2", problem);
        }
        return value;
    }
}
