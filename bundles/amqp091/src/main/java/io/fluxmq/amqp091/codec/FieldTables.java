package io.fluxmq.amqp091.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Field tables and field arrays, with the value types of RabbitMQ's 0-9-1 errata.
 *
 * <p>On read: {@code t} Boolean, {@code b} Byte, {@code B} Short (unsigned octet), {@code s} Short,
 * {@code u} Integer (unsigned short), {@code I} Integer, {@code i} Long (unsigned int), {@code l}
 * Long, {@code f} Float, {@code d} Double, {@code D} BigDecimal, {@code S} String, {@code x} byte[],
 * {@code A} List, {@code T} Instant (seconds), {@code F} Map, {@code V} null.
 *
 * <p>On write: Boolean {@code t}, Byte {@code b}, Short {@code s}, Integer {@code I}, Long {@code l},
 * Float {@code f}, Double {@code d}, BigDecimal {@code D}, CharSequence {@code S}, byte[] {@code x},
 * List or Object[] {@code A}, Instant or Date {@code T}, Map {@code F}, null {@code V}.
 */
public final class FieldTables {
    /** How deeply tables and arrays may nest before a table is refused as malformed. */
    static final int MAX_DEPTH = 64;

    private FieldTables() {
    }

    /**
     * Reads a field table: a 32-bit length and that many bytes of name, type and value.
     *
     * @param in the buffer, positioned at the table's length
     * @return the entries in wire order, never null
     * @throws AmqpException with {@link ReplyCode#SYNTAX_ERROR} if the table is malformed
     */
    public static Map<String, Object> readTable(ByteBuf in) {
        try {
            return readTable(in, 0);
        } catch (IndexOutOfBoundsException e) {
            throw new AmqpException(ReplyCode.SYNTAX_ERROR, "malformed field table: " + e.getMessage());
        }
    }

    /**
     * Writes a field table.
     *
     * @param table the entries, null for an empty table
     * @param out the buffer
     * @throws IllegalArgumentException if a value has a type that has no field type, or a name or a
     *     nested table's name is longer than 255 bytes
     */
    public static void writeTable(Map<String, ?> table, ByteBuf out) {
        writeTable(table, out, 0);
    }

    /**
     * @return the value under {@code key} if it is a String, a byte[] decoded as UTF-8, or null
     */
    public static String string(Map<String, Object> t, String key) {
        Object value = t == null ? null : t.get(key);
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return null;
    }

    /**
     * @return the value under {@code key} if it is a Number (as a long) or a String holding a whole
     *     number, otherwise null
     */
    public static Long integer(Map<String, Object> t, String key) {
        Object value = t == null ? null : t.get(key);
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** @return the value under {@code key} if it is a Boolean, otherwise null */
    public static Boolean bool(Map<String, Object> t, String key) {
        Object value = t == null ? null : t.get(key);
        return value instanceof Boolean b ? b : null;
    }

    private static Map<String, Object> readTable(ByteBuf in, int depth) {
        ByteBuf content = in.readSlice(length(in, "field table", depth));
        Map<String, Object> table = new LinkedHashMap<>();
        while (content.isReadable()) {
            String name = Wire.readShortString(content);
            table.put(name, readValue(content, depth));
        }
        return table;
    }

    private static List<Object> readArray(ByteBuf in, int depth) {
        ByteBuf content = in.readSlice(length(in, "field array", depth));
        List<Object> list = new ArrayList<>();
        while (content.isReadable()) {
            list.add(readValue(content, depth));
        }
        return list;
    }

    private static int length(ByteBuf in, String what, int depth) {
        if (depth >= MAX_DEPTH) {
            throw new AmqpException(ReplyCode.SYNTAX_ERROR, what + " nested more than " + MAX_DEPTH + " deep");
        }
        long length = in.readUnsignedInt();
        Wire.checkReadable(in, length, what);
        return (int) length;
    }

    private static Object readValue(ByteBuf in, int depth) {
        int type = in.readUnsignedByte();
        switch (type) {
            case 't': return in.readUnsignedByte() != 0;
            case 'b': return in.readByte();
            case 'B': return in.readUnsignedByte();
            case 's': return in.readShort();
            case 'u': return in.readUnsignedShort();
            case 'I': return in.readInt();
            case 'i': return in.readUnsignedInt();
            case 'l': return in.readLong();
            case 'f': return in.readFloat();
            case 'd': return in.readDouble();
            case 'D': {
                int scale = in.readUnsignedByte();
                return new BigDecimal(BigInteger.valueOf(in.readInt()), scale);
            }
            case 'S': return Wire.readLongString(in);
            case 'x': return Wire.readLongBytes(in);
            case 'A': return readArray(in, depth + 1);
            case 'T': return Instant.ofEpochSecond(in.readLong());
            case 'F': return readTable(in, depth + 1);
            case 'V': return null;
            default:
                throw new AmqpException(ReplyCode.SYNTAX_ERROR,
                        String.format("unknown field value type 0x%02X", type));
        }
    }

    private static void writeTable(Map<?, ?> table, ByteBuf out, int depth) {
        checkDepth(depth);
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        if (table != null) {
            for (Map.Entry<?, ?> e : table.entrySet()) {
                if (!(e.getKey() instanceof String name)) {
                    throw new IllegalArgumentException("field table name is not a String: " + e.getKey());
                }
                Wire.writeShortString(out, name);
                writeValue(e.getValue(), out, depth);
            }
        }
        out.setInt(lengthIndex, out.writerIndex() - lengthIndex - 4);
    }

    private static void writeArray(Iterable<?> values, ByteBuf out, int depth) {
        checkDepth(depth);
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        for (Object value : values) {
            writeValue(value, out, depth);
        }
        out.setInt(lengthIndex, out.writerIndex() - lengthIndex - 4);
    }

    private static void checkDepth(int depth) {
        if (depth >= MAX_DEPTH) {
            throw new IllegalArgumentException("field tables nested more than " + MAX_DEPTH + " deep");
        }
    }

    private static void writeValue(Object value, ByteBuf out, int depth) {
        if (value == null) {
            out.writeByte('V');
        } else if (value instanceof Boolean b) {
            out.writeByte('t').writeByte(b ? 1 : 0);
        } else if (value instanceof Byte b) {
            out.writeByte('b').writeByte(b);
        } else if (value instanceof Short s) {
            out.writeByte('s').writeShort(s);
        } else if (value instanceof Integer i) {
            out.writeByte('I').writeInt(i);
        } else if (value instanceof Long l) {
            out.writeByte('l').writeLong(l);
        } else if (value instanceof Float f) {
            out.writeByte('f').writeFloat(f);
        } else if (value instanceof Double d) {
            out.writeByte('d').writeDouble(d);
        } else if (value instanceof BigDecimal d) {
            writeDecimal(d, out);
        } else if (value instanceof CharSequence s) {
            out.writeByte('S');
            Wire.writeLongString(out, s);
        } else if (value instanceof byte[] bytes) {
            out.writeByte('x');
            Wire.writeLongBytes(out, bytes);
        } else if (value instanceof List<?> list) {
            out.writeByte('A');
            writeArray(list, out, depth + 1);
        } else if (value instanceof Object[] array) {
            out.writeByte('A');
            writeArray(Arrays.asList(array), out, depth + 1);
        } else if (value instanceof Instant instant) {
            out.writeByte('T').writeLong(instant.getEpochSecond());
        } else if (value instanceof Date date) {
            out.writeByte('T').writeLong(Math.floorDiv(date.getTime(), 1000L));
        } else if (value instanceof Map<?, ?> map) {
            out.writeByte('F');
            writeTable(map, out, depth + 1);
        } else {
            throw new IllegalArgumentException("no field type for a " + value.getClass().getName());
        }
    }

    private static void writeDecimal(BigDecimal d, ByteBuf out) {
        BigDecimal value = d.scale() < 0 ? d.setScale(0) : d;
        if (value.scale() > 255) {
            throw new IllegalArgumentException("decimal scale " + value.scale() + " exceeds 255: " + d);
        }
        BigInteger unscaled = value.unscaledValue();
        if (unscaled.bitLength() > 31) {
            throw new IllegalArgumentException("decimal unscaled value does not fit in 32 bits: " + d);
        }
        out.writeByte('D').writeByte(value.scale()).writeInt(unscaled.intValue());
    }

    /** A table in its wire form (length included), as one array. */
    public static byte[] toBytes(Map<String, ?> table) {
        ByteBuf out = Unpooled.buffer();
        try {
            writeTable(table, out);
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return bytes;
        } finally {
            out.release();
        }
    }

    /** Reads a table written by {@link #toBytes}; malformed → {@link AmqpException} (SYNTAX_ERROR). */
    public static Map<String, Object> fromBytes(byte[] bytes) {
        return readTable(Unpooled.wrappedBuffer(bytes));
    }
}
