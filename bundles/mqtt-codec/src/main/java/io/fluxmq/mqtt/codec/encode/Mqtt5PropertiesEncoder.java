package io.fluxmq.mqtt.codec.encode;

import io.fluxmq.api.message.UserProperty;
import io.fluxmq.mqtt.codec.packet.MqttPacketType;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.MqttPropertyId;
import io.netty.buffer.ByteBuf;

/**
 * Writes an MQTT 5 property block: Property Length, then the properties in identifier order,
 * User Properties in their own order. Refuses a property the packet may not carry, so that the
 * broker can never send what the peer must treat as malformed.
 */
final class Mqtt5PropertiesEncoder {
    private static final MqttPropertyId[] IDS = MqttPropertyId.values();

    private Mqtt5PropertiesEncoder() {
    }

    /** The size of the block including its Property Length. */
    static int size(MqttProperties p, MqttPacketType packet, boolean will) {
        int length = contentSize(p, packet, will);
        return MqttWriter.variableByteIntegerSize(length) + length;
    }

    static void write(ByteBuf out, MqttProperties p, MqttPacketType packet, boolean will) {
        MqttWriter.writeVariableByteInteger(out, contentSize(p, packet, will));
        if (p.isEmpty()) {
            return;
        }
        for (MqttPropertyId id : IDS) {
            if (id == MqttPropertyId.USER_PROPERTY) {
                for (UserProperty u : p.userProperties()) {
                    out.writeByte(id.id());
                    MqttWriter.writeString(out, u.name());
                    MqttWriter.writeString(out, u.value());
                }
            } else if (id == MqttPropertyId.SUBSCRIPTION_IDENTIFIER) {
                for (int sid : p.subscriptionIdentifiers()) {
                    out.writeByte(id.id());
                    MqttWriter.writeVariableByteInteger(out, sid);
                }
            } else if (p.contains(id)) {
                out.writeByte(id.id());
                writeValue(out, id, p.get(id));
            }
        }
    }

    private static int contentSize(MqttProperties p, MqttPacketType packet, boolean will) {
        if (p.isEmpty()) {
            return 0;
        }
        int size = 0;
        for (MqttPropertyId id : IDS) {
            if (!p.contains(id)) {
                continue;
            }
            if (will ? !id.isAllowedInWill() : !id.isAllowedIn(packet)) {
                throw new IllegalArgumentException(id + " is not allowed in " + (will ? "the Will Properties" : packet));
            }
            if (id == MqttPropertyId.USER_PROPERTY) {
                for (UserProperty u : p.userProperties()) {
                    size += 1 + MqttWriter.stringSize(u.name()) + MqttWriter.stringSize(u.value());
                }
            } else if (id == MqttPropertyId.SUBSCRIPTION_IDENTIFIER) {
                if (packet != MqttPacketType.PUBLISH && p.subscriptionIdentifiers().size() > 1) {
                    throw new IllegalArgumentException("only PUBLISH carries several Subscription Identifiers");
                }
                for (int sid : p.subscriptionIdentifiers()) {
                    size += 1 + MqttWriter.variableByteIntegerSize(sid);
                }
            } else {
                size += 1 + valueSize(id, p.get(id));
            }
        }
        return size;
    }

    private static int valueSize(MqttPropertyId id, Object v) {
        return switch (id.type()) {
            case BYTE -> 1;
            case TWO_BYTE_INTEGER -> 2;
            case FOUR_BYTE_INTEGER -> 4;
            case UTF8_STRING -> MqttWriter.stringSize((String) v);
            case BINARY_DATA -> MqttWriter.binarySize((byte[]) v);
            default -> throw new IllegalStateException(id.toString());
        };
    }

    private static void writeValue(ByteBuf out, MqttPropertyId id, Object v) {
        switch (id.type()) {
            case BYTE -> out.writeByte((Integer) v);
            case TWO_BYTE_INTEGER -> out.writeShort((Integer) v);
            case FOUR_BYTE_INTEGER -> out.writeInt((int) (long) (Long) v);
            case UTF8_STRING -> MqttWriter.writeString(out, (String) v);
            case BINARY_DATA -> MqttWriter.writeBinary(out, (byte[]) v);
            default -> throw new IllegalStateException(id.toString());
        }
    }
}
