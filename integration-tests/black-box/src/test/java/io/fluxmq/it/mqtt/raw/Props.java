package io.fluxmq.it.mqtt.raw;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MQTT 5 properties (section 2.2.2): a builder for what a test sends, and the parsed properties
 * of what the broker sent, kept in order, repeats included.
 */
public final class Props {
    public static final int PAYLOAD_FORMAT_INDICATOR = 0x01;
    public static final int MESSAGE_EXPIRY_INTERVAL = 0x02;
    public static final int CONTENT_TYPE = 0x03;
    public static final int RESPONSE_TOPIC = 0x08;
    public static final int CORRELATION_DATA = 0x09;
    public static final int SUBSCRIPTION_IDENTIFIER = 0x0B;
    public static final int SESSION_EXPIRY_INTERVAL = 0x11;
    public static final int ASSIGNED_CLIENT_IDENTIFIER = 0x12;
    public static final int SERVER_KEEP_ALIVE = 0x13;
    public static final int AUTHENTICATION_METHOD = 0x15;
    public static final int AUTHENTICATION_DATA = 0x16;
    public static final int REQUEST_PROBLEM_INFORMATION = 0x17;
    public static final int WILL_DELAY_INTERVAL = 0x18;
    public static final int REQUEST_RESPONSE_INFORMATION = 0x19;
    public static final int RESPONSE_INFORMATION = 0x1A;
    public static final int SERVER_REFERENCE = 0x1C;
    public static final int REASON_STRING = 0x1F;
    public static final int RECEIVE_MAXIMUM = 0x21;
    public static final int TOPIC_ALIAS_MAXIMUM = 0x22;
    public static final int TOPIC_ALIAS = 0x23;
    public static final int MAXIMUM_QOS = 0x24;
    public static final int RETAIN_AVAILABLE = 0x25;
    public static final int USER_PROPERTY = 0x26;
    public static final int MAXIMUM_PACKET_SIZE = 0x27;
    public static final int WILDCARD_SUBSCRIPTION_AVAILABLE = 0x28;
    public static final int SUBSCRIPTION_IDENTIFIER_AVAILABLE = 0x29;
    public static final int SHARED_SUBSCRIPTION_AVAILABLE = 0x2A;

    private final Map<Integer, List<Object>> values;

    private Props(Map<Integer, List<Object>> values) {
        this.values = values;
    }

    public static final Props NONE = new Props(Map.of());

    /** A property block to send: its length, then each property as written. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds the bytes of a property block, in the order the properties are added. */
    public static final class Builder {
        private final Bytes body = new Bytes();

        public Builder u8(int id, int value) {
            body.varint(id).u8(value);
            return this;
        }

        public Builder u16(int id, int value) {
            body.varint(id).u16(value);
            return this;
        }

        public Builder u32(int id, long value) {
            body.varint(id).u32(value);
            return this;
        }

        public Builder varint(int id, int value) {
            body.varint(id).varint(value);
            return this;
        }

        public Builder string(int id, String value) {
            body.varint(id).string(value);
            return this;
        }

        public Builder binary(int id, byte[] value) {
            body.varint(id).binary(value);
            return this;
        }

        public Builder userProperty(String key, String value) {
            body.varint(USER_PROPERTY).string(key).string(value);
            return this;
        }

        /** Bytes written as they are inside the block (e.g. an unknown identifier). */
        public Builder raw(byte... bytes) {
            body.raw(bytes);
            return this;
        }

        public byte[] build() {
            byte[] b = body.toByteArray();
            return new Bytes().varint(b.length).raw(b).toByteArray();
        }
    }

    /** An empty property block: a single zero length byte. */
    public static byte[] empty() {
        return new byte[] {0};
    }

    /** Reads a property block (length included) from {@code in}. */
    static Props read(ByteArrayInputStream in) {
        int length = ReceivedPacket.readVarint(in);
        byte[] block = ReceivedPacket.take(in, length);
        if (block.length != length) {
            throw new AssertionError("property block shorter than its length " + length);
        }
        ByteArrayInputStream p = new ByteArrayInputStream(block);
        Map<Integer, List<Object>> values = new LinkedHashMap<>();
        while (p.available() > 0) {
            int id = ReceivedPacket.readVarint(p);
            Object value = switch (id) {
                case PAYLOAD_FORMAT_INDICATOR, REQUEST_PROBLEM_INFORMATION, REQUEST_RESPONSE_INFORMATION, MAXIMUM_QOS,
                        RETAIN_AVAILABLE, WILDCARD_SUBSCRIPTION_AVAILABLE, SUBSCRIPTION_IDENTIFIER_AVAILABLE,
                        SHARED_SUBSCRIPTION_AVAILABLE -> ReceivedPacket.u8(p);
                case SERVER_KEEP_ALIVE, RECEIVE_MAXIMUM, TOPIC_ALIAS_MAXIMUM, TOPIC_ALIAS -> ReceivedPacket.u16(p);
                case MESSAGE_EXPIRY_INTERVAL, SESSION_EXPIRY_INTERVAL, WILL_DELAY_INTERVAL, MAXIMUM_PACKET_SIZE ->
                        ReceivedPacket.u32(p);
                case SUBSCRIPTION_IDENTIFIER -> (long) ReceivedPacket.readVarint(p);
                case CONTENT_TYPE, RESPONSE_TOPIC, ASSIGNED_CLIENT_IDENTIFIER, AUTHENTICATION_METHOD,
                        RESPONSE_INFORMATION, SERVER_REFERENCE, REASON_STRING -> ReceivedPacket.string(p);
                case CORRELATION_DATA, AUTHENTICATION_DATA -> ReceivedPacket.binary(p);
                case USER_PROPERTY -> new String[] {ReceivedPacket.string(p), ReceivedPacket.string(p)};
                default -> throw new AssertionError(String.format("unknown property identifier 0x%02X", id));
            };
            values.computeIfAbsent(id, k -> new ArrayList<>()).add(value);
        }
        return new Props(values);
    }

    public boolean has(int id) {
        return values.containsKey(id);
    }

    /** How many times the property appears. */
    public int count(int id) {
        return values.getOrDefault(id, List.of()).size();
    }

    /** A numeric property, or null when absent. */
    public Long number(int id) {
        List<Object> v = values.get(id);
        return v == null ? null : (Long) v.get(0);
    }

    /** Every value of a numeric property (Subscription Identifier may repeat). */
    public List<Long> numbers(int id) {
        List<Long> out = new ArrayList<>();
        for (Object o : values.getOrDefault(id, List.of())) {
            out.add((Long) o);
        }
        return out;
    }

    public String string(int id) {
        List<Object> v = values.get(id);
        return v == null ? null : (String) v.get(0);
    }

    public byte[] binary(int id) {
        List<Object> v = values.get(id);
        return v == null ? null : (byte[]) v.get(0);
    }

    /** User properties as "key=value", in the order received. */
    public List<String> userProperties() {
        List<String> out = new ArrayList<>();
        for (Object o : values.getOrDefault(USER_PROPERTY, List.of())) {
            String[] kv = (String[]) o;
            out.add(kv[0] + "=" + kv[1]);
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        values.forEach((id, list) -> {
            for (Object o : list) {
                if (sb.length() > 1) {
                    sb.append(", ");
                }
                sb.append(String.format("0x%02X=", id)).append(o instanceof String[] kv ? kv[0] + ":" + kv[1]
                        : o instanceof byte[] b ? new String(b, StandardCharsets.ISO_8859_1) : o);
            }
        });
        return sb.append('}').toString();
    }
}
