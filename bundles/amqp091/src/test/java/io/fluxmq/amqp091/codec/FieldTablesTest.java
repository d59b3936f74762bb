package io.fluxmq.amqp091.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldTablesTest {
    /** A table with one entry "k" of the given type and value bytes. */
    private static ByteBuf table(int type, int... value) {
        ByteBuf b = Unpooled.buffer();
        b.writeInt(1 + 1 + 1 + value.length);
        b.writeByte(1).writeByte('k').writeByte(type);
        for (int v : value) {
            b.writeByte(v);
        }
        return b;
    }

    private static Object readOne(int type, int... value) {
        ByteBuf b = table(type, value);
        Map<String, Object> t = FieldTables.readTable(b);
        assertThat(b.isReadable()).isFalse();
        assertThat(t).containsOnlyKeys("k");
        return t.get("k");
    }

    private static Map<String, Object> roundTrip(Map<String, ?> table) {
        ByteBuf b = Unpooled.buffer();
        FieldTables.writeTable(table, b);
        Map<String, Object> read = FieldTables.readTable(b);
        assertThat(b.isReadable()).isFalse();
        return read;
    }

    @Test
    void readsEveryType() {
        assertThat(readOne('t', 1)).isEqualTo(true);
        assertThat(readOne('t', 0)).isEqualTo(false);
        assertThat(readOne('b', 0xFF)).isEqualTo((byte) -1);
        assertThat(readOne('B', 0xFF)).isEqualTo((short) 255);
        assertThat(readOne('s', 0xFF, 0xFE)).isEqualTo((short) -2);
        assertThat(readOne('u', 0xFF, 0xFE)).isEqualTo(65534);
        assertThat(readOne('I', 0xFF, 0xFF, 0xFF, 0xFE)).isEqualTo(-2);
        assertThat(readOne('i', 0xFF, 0xFF, 0xFF, 0xFE)).isEqualTo(4294967294L);
        assertThat(readOne('l', 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE)).isEqualTo(-2L);
        assertThat(readOne('f', 0x3F, 0xC0, 0, 0)).isEqualTo(1.5f);
        assertThat(readOne('d', 0x3F, 0xF8, 0, 0, 0, 0, 0, 0)).isEqualTo(1.5d);
        assertThat(readOne('D', 2, 0xFF, 0xFF, 0xFF, 0x85)).isEqualTo(new BigDecimal("-1.23"));
        assertThat(readOne('S', 0, 0, 0, 2, 'h', 'i')).isEqualTo("hi");
        assertThat(readOne('x', 0, 0, 0, 2, 1, 2)).isEqualTo(new byte[] {1, 2});
        assertThat(readOne('T', 0, 0, 0, 0, 0x65, 0x53, 0xF1, 0x00)).isEqualTo(Instant.ofEpochSecond(0x6553F100L));
        assertThat(readOne('F', 0, 0, 0, 4, 1, 'n', 'b', 5)).isEqualTo(Map.of("n", (byte) 5));
        assertThat(readOne('V')).isNull();
    }

    @Test
    void readsArrayElementsInOrder() {
        Object a = readOne('A', 0, 0, 0, 5, 'b', 7, 'V', 't', 1);
        assertThat(a).isInstanceOf(List.class);
        List<?> list = (List<?>) a;
        assertThat(list).hasSize(3);
        assertThat(list.get(0)).isEqualTo((byte) 7);
        assertThat(list.get(1)).isNull();
        assertThat(list.get(2)).isEqualTo(true);
    }

    @Test
    void roundTripsEveryWrittenType() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("bool", true);
        t.put("byte", (byte) -3);
        t.put("short", (short) -300);
        t.put("int", 70000);
        t.put("long", 1L << 40);
        t.put("float", 2.5f);
        t.put("double", -0.125d);
        t.put("decimal", new BigDecimal("12.345"));
        t.put("string", "héllo");
        t.put("nothing", null);
        t.put("time", Instant.ofEpochSecond(1_700_000_000L));
        t.put("nested", Map.of("a", 1));
        Map<String, Object> read = roundTrip(t);
        assertThat(read).isEqualTo(t);
        assertThat(read).isInstanceOf(LinkedHashMap.class);
        assertThat(read.keySet()).containsExactlyElementsOf(t.keySet());
    }

    @Test
    void writesOtherRepresentations() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("bytes", new byte[] {9, 8});
        t.put("list", List.of(1, "two", List.of(3L)));
        t.put("array", new Object[] {true, null});
        t.put("chars", new StringBuilder("sb"));
        t.put("date", new Date(1_700_000_000_999L));
        t.put("instant", Instant.ofEpochSecond(5, 999_000_000));
        t.put("bigExponent", new BigDecimal("1E+3"));
        Map<String, Object> read = roundTrip(t);
        assertThat((byte[]) read.get("bytes")).containsExactly(9, 8);
        assertThat(read.get("list")).isEqualTo(List.of(1, "two", List.of(3L)));
        List<Object> expected = new ArrayList<>();
        expected.add(true);
        expected.add(null);
        assertThat(read.get("array")).isEqualTo(expected);
        assertThat(read.get("chars")).isEqualTo("sb");
        assertThat(read.get("date")).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(read.get("instant")).isEqualTo(Instant.ofEpochSecond(5));
        assertThat(read.get("bigExponent")).isEqualTo(new BigDecimal("1000"));
    }

    @Test
    void writesTheExpectedTypeOctets() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("a", true);
        t.put("b", (byte) 1);
        t.put("c", (short) 1);
        t.put("d", 1);
        t.put("e", 1L);
        t.put("f", 1f);
        t.put("g", 1d);
        t.put("h", BigDecimal.ONE);
        t.put("i", "s");
        t.put("j", new byte[0]);
        t.put("k", List.of());
        t.put("l", Instant.EPOCH);
        t.put("m", Map.of());
        t.put("n", null);
        ByteBuf b = Unpooled.buffer();
        FieldTables.writeTable(t, b);
        StringBuilder types = new StringBuilder();
        b.skipBytes(4);
        while (b.isReadable()) {
            int nameLength = b.readUnsignedByte();
            b.skipBytes(nameLength);
            char type = (char) b.readUnsignedByte();
            types.append(type);
            int skip = switch (type) {
                case 't', 'b' -> 1;
                case 's' -> 2;
                case 'I', 'f' -> 4;
                case 'l', 'd', 'T' -> 8;
                case 'D' -> 5;
                case 'S', 'x', 'A', 'F' -> 4 + b.getInt(b.readerIndex());
                default -> 0;
            };
            b.skipBytes(skip);
        }
        assertThat(types.toString()).isEqualTo("tbsIlfdDSxATFV");
    }

    @Test
    void nullWritesAnEmptyTable() {
        ByteBuf b = Unpooled.buffer();
        FieldTables.writeTable(null, b);
        assertThat(b.readableBytes()).isEqualTo(4);
        assertThat(b.getInt(0)).isZero();
        assertThat(FieldTables.readTable(b)).isEmpty();
    }

    @Test
    void unsupportedValuesAreRefused() {
        ByteBuf b = Unpooled.buffer();
        assertThatThrownBy(() -> FieldTables.writeTable(Map.of("k", new Object()), b))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldTables.writeTable(Map.of("k", 'c'), b))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldTables.writeTable(Map.of("k", new BigDecimal("1e-300")), b))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldTables.writeTable(Map.of("k", new BigDecimal("12345678901")), b))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldTables.writeTable(Map.of("k".repeat(256), 1), b))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldTables.writeTable(Map.of("k", Map.of(1, 2)), b))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownTypeIsASyntaxError() {
        assertSyntaxError(table('Z', 0));
    }

    @Test
    void tableLengthPastTheEndIsASyntaxError() {
        ByteBuf b = Unpooled.buffer().writeInt(100).writeByte(1).writeByte('k').writeByte('V');
        assertSyntaxError(b);
    }

    @Test
    void entryRunningPastTheTableIsASyntaxError() {
        // the table says 4 bytes but the long needs 8 after the type
        ByteBuf b = Unpooled.buffer().writeInt(4).writeByte(1).writeByte('k').writeByte('l').writeByte(0)
                .writeLong(0);
        assertSyntaxError(b);
    }

    @Test
    void stringLengthPastTheEndIsASyntaxError() {
        assertSyntaxError(table('S', 0x7F, 0xFF, 0xFF, 0xFF));
        assertSyntaxError(table('x', 0, 0, 0, 9, 1));
        assertSyntaxError(table('A', 0, 0, 1, 0));
        assertSyntaxError(table('F', 0xFF, 0xFF, 0xFF, 0xFF));
    }

    @Test
    void nameLengthPastTheEndIsASyntaxError() {
        assertSyntaxError(Unpooled.buffer().writeInt(2).writeByte(5).writeByte('k'));
    }

    @Test
    void truncatedLengthIsASyntaxError() {
        assertSyntaxError(Unpooled.buffer().writeShort(0));
    }

    @Test
    void deepNestingIsASyntaxError() {
        ByteBuf inner = Unpooled.buffer().writeInt(0);
        for (int i = 0; i < FieldTables.MAX_DEPTH + 1; i++) {
            ByteBuf outer = Unpooled.buffer();
            outer.writeInt(3 + inner.readableBytes()).writeByte(1).writeByte('n').writeByte('F').writeBytes(inner);
            inner = outer;
        }
        assertSyntaxError(inner);
    }

    private static void assertSyntaxError(ByteBuf b) {
        assertThatThrownBy(() -> FieldTables.readTable(b))
                .isInstanceOfSatisfying(AmqpException.class,
                        e -> assertThat(e.replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR));
    }

    @Test
    void stringHelper() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("s", "text");
        t.put("x", "bytes".getBytes(StandardCharsets.UTF_8));
        t.put("n", 5);
        assertThat(FieldTables.string(t, "s")).isEqualTo("text");
        assertThat(FieldTables.string(t, "x")).isEqualTo("bytes");
        assertThat(FieldTables.string(t, "n")).isNull();
        assertThat(FieldTables.string(t, "missing")).isNull();
    }

    @Test
    void integerHelper() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("b", (byte) 3);
        t.put("s", (short) 300);
        t.put("i", 70000);
        t.put("l", 1L << 40);
        t.put("d", 2.9d);
        t.put("text", "42");
        t.put("word", "forty-two");
        t.put("bool", true);
        assertThat(FieldTables.integer(t, "b")).isEqualTo(3L);
        assertThat(FieldTables.integer(t, "s")).isEqualTo(300L);
        assertThat(FieldTables.integer(t, "i")).isEqualTo(70000L);
        assertThat(FieldTables.integer(t, "l")).isEqualTo(1L << 40);
        assertThat(FieldTables.integer(t, "d")).isEqualTo(2L);
        assertThat(FieldTables.integer(t, "text")).isEqualTo(42L);
        assertThat(FieldTables.integer(t, "word")).isNull();
        assertThat(FieldTables.integer(t, "bool")).isNull();
        assertThat(FieldTables.integer(t, "missing")).isNull();
    }

    @Test
    void boolHelper() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("t", true);
        t.put("f", false);
        t.put("s", "true");
        assertThat(FieldTables.bool(t, "t")).isTrue();
        assertThat(FieldTables.bool(t, "f")).isFalse();
        assertThat(FieldTables.bool(t, "s")).isNull();
        assertThat(FieldTables.bool(t, "missing")).isNull();
    }
}
