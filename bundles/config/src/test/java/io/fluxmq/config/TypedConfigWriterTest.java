package io.fluxmq.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Vector;
import org.junit.jupiter.api.Test;

class TypedConfigWriterTest {
    private static final TypedConfigParser PARSER = new TypedConfigParser(
            new Variables(Map.of("fluxmq.home", "/opt/fluxmq")::get));

    private static Map<String, Object> roundTrip(Map<String, Object> props) throws ConfigFileException {
        String text = TypedConfigWriter.write(props, null, "");
        Map<String, Object> back = PARSER.parse(text).properties();
        assertThat(ConfigValues.same(back, props)).as(text).isTrue();
        return back;
    }

    @Test
    void roundTripsEveryScalarType() throws Exception {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("s", "plain");
        props.put("i", Integer.MIN_VALUE);
        props.put("l", Long.MAX_VALUE);
        props.put("f", 0.1f);
        props.put("d", -2.5e-300);
        props.put("x", (byte) 7);
        props.put("sh", (short) -3);
        props.put("c", '"');
        props.put("b", true);
        Map<String, Object> back = roundTrip(props);
        assertThat(back.get("i")).isInstanceOf(Integer.class);
        assertThat(back.get("f")).isEqualTo(0.1f);
        assertThat(back.get("c")).isEqualTo('"');
    }

    @Test
    void roundTripsArraysAndCollections() throws Exception {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("strings", new String[] {"a", "b,c"});
        props.put("ints", new Integer[] {1, 2});
        props.put("prim", new long[] {3L, 4L});
        props.put("chars", new char[] {'x'});
        props.put("empty", new String[0]);
        props.put("list", new ArrayList<>(List.of("p", "q")));
        props.put("vector", new Vector<>(List.of(1.5, 2.5)));
        props.put("emptyList", new ArrayList<>());
        Map<String, Object> back = roundTrip(props);
        assertThat(back.get("prim")).isInstanceOf(long[].class);
        assertThat(back.get("ints")).isInstanceOf(Integer[].class);
        assertThat(back.get("vector")).isEqualTo(List.of(1.5, 2.5));
    }

    @Test
    void roundTripsAwkwardStrings() throws Exception {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("quotes", "say \"hi\" \\ back\\");
        props.put("controls", "a\nb\tc\rd\be\ff\u0001g\u007f");
        props.put("dollar", "${not.a.variable} costs $5");
        props.put("unicode", "h\u00e9llo \u4e16\u754c \uD83D\uDE00");
        props.put("trailingBackslash", "C:\\");
        Map<String, Object> back = roundTrip(props);
        assertThat(back.get("dollar")).isEqualTo("${not.a.variable} costs $5");
    }

    @Test
    void writesLongArraysOnSeveralLinesThatReadBack() throws Exception {
        String[] services = new String[8];
        for (int i = 0; i < services.length; i++) {
            services[i] = "io.fluxmq.api.some.LongServiceName" + i;
        }
        String text = TypedConfigWriter.write(Map.of("required.services", services), null, "");
        assertThat(text.lines().count()).isEqualTo(10);
        assertThat((String[]) PARSER.parse(text).properties().get("required.services")).containsExactly(services);
    }

    @Test
    void keepsCommentsAndUnchangedLinesAndRewritesOnlyTheChangedOne() throws Exception {
        String original = "# HTTP listener\n# second line\n\nhost=\"127.0.0.1\"\n# the port\nport=I\"8080\"\n"
                + "dir = \"${fluxmq.home}/www\"   \n# end\n";
        ConfigDocument doc = PARSER.parse(original);
        Map<String, Object> edited = new LinkedHashMap<>(doc.properties());
        edited.put("port", 9090);
        String text = TypedConfigWriter.write(edited, doc, "");
        assertThat(text).isEqualTo("# HTTP listener\n# second line\n\nhost=\"127.0.0.1\"\n# the port\nport=I\"9090\"\n"
                + "dir = \"${fluxmq.home}/www\"   \n# end\n");
    }

    @Test
    void dropsRemovedKeysWithTheirCommentsAndAppendsNewKeysSorted() throws Exception {
        ConfigDocument doc = PARSER.parse("# head\na=\"1\"\n# about b\nb=\"2\"\n");
        Map<String, Object> edited = new LinkedHashMap<>();
        edited.put("a", "1");
        edited.put("z", 26);
        edited.put("m", true);
        assertThat(TypedConfigWriter.write(edited, doc, "")).isEqualTo("# head\na=\"1\"\nm=B\"true\"\nz=I\"26\"\n");
    }

    @Test
    void leadingCommentsAreTheBlockBeforeTheFirstEntry() {
        assertThat(TypedConfigWriter.leadingComments("# a\n\n# b\nkey=[\"broken\n# c\n")).isEqualTo("# a\n\n# b\n");
        assertThat(TypedConfigWriter.leadingComments("# only\n")).isEqualTo("# only\n");
        assertThat(TypedConfigWriter.leadingComments("k=\"v\"\n")).isEmpty();
    }

    @Test
    void refusesWhatTheFormatCannotHold() {
        assertThatThrownBy(() -> TypedConfigWriter.write(Map.of("big", BigDecimal.ONE), null, ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.math.BigDecimal");
        assertThatThrownBy(() -> TypedConfigWriter.write(Map.of("bad key", "v"), null, ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad key");
        assertThatThrownBy(() -> TypedConfigWriter.write(Map.of("mixed", List.of("a", 1)), null, ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mixed");
    }
}
