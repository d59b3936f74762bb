package io.fluxmq.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TypedConfigParserTest {
    private static final Variables VARS = new Variables(Map.of("fluxmq.home", "/opt/fluxmq", "port", "1883")::get);

    static Map<String, Object> parse(String... lines) throws ConfigFileException {
        return new TypedConfigParser(VARS).parse(String.join("\n", lines) + "\n").properties();
    }

    static ConfigFileException error(String... lines) {
        try {
            parse(lines);
        } catch (ConfigFileException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigFileException");
    }

    @Test
    void readsEveryScalarType() throws Exception {
        Map<String, Object> p = parse(
                "s = \"text\"",
                "t=T\"typed text\"",
                "i = I\"-42\"",
                "l = L\"9000000000\"",
                "f = F\"0.75\"",
                "d = D\"1.5e3\"",
                "x = X\"-128\"",
                "sh = S\"32767\"",
                "c = C\"z\"",
                "b = B\"true\"",
                "b2 = B\"false\"");
        assertThat(p).containsEntry("s", "text").containsEntry("t", "typed text")
                .containsEntry("i", -42).containsEntry("l", 9_000_000_000L)
                .containsEntry("f", 0.75f).containsEntry("d", 1500.0)
                .containsEntry("x", (byte) -128).containsEntry("sh", (short) 32767)
                .containsEntry("c", 'z').containsEntry("b", true).containsEntry("b2", false);
        assertThat(p.get("i")).isInstanceOf(Integer.class);
        assertThat(p.get("l")).isInstanceOf(Long.class);
    }

    @Test
    void readsArraysOfBoxedAndPrimitiveTypes() throws Exception {
        Map<String, Object> p = parse(
                "a = [ \"x\", \"y\" ]",
                "empty = []",
                "ints = I[\"1\",\"2\",\"3\"]",
                "prim = i[ \"4\", \"5\" ]",
                "bools = b[ \"true\" ]",
                "longs = L[ \"7\" ]");
        assertThat((String[]) p.get("a")).containsExactly("x", "y");
        assertThat((String[]) p.get("empty")).isEmpty();
        assertThat((Integer[]) p.get("ints")).containsExactly(1, 2, 3);
        assertThat((int[]) p.get("prim")).containsExactly(4, 5);
        assertThat((boolean[]) p.get("bools")).containsExactly(true);
        assertThat((Long[]) p.get("longs")).containsExactly(7L);
    }

    @Test
    void readsCollections() throws Exception {
        Map<String, Object> p = parse("c = ( \"a\", \"b\" )", "n = I( \"1\" )", "e = ()");
        assertThat(p.get("c")).isEqualTo(List.of("a", "b"));
        assertThat(p.get("n")).isEqualTo(List.of(1));
        assertThat(p.get("e")).isEqualTo(List.of());
    }

    @Test
    void readsTheMultiLineArraysFelixWrites() throws Exception {
        Map<String, Object> p = parse(
                "required.services=[ \\",
                "  \"a\", \\",
                "  \"b\", \\",
                "  ]",
                "next=\"n\"");
        assertThat((String[]) p.get("required.services")).containsExactly("a", "b");
        assertThat(p).containsEntry("next", "n");
    }

    @Test
    void readsTheShippedHealthConfiguration() throws Exception {
        Map<String, Object> p = parse(
                "# Readiness (/ready): what must be present before the broker reports ready.",
                "required.services=[\"io.fluxmq.api.router.MessageRouter\",\"io.fluxmq.api.storage.LogStore\"]",
                "bundle.prefix=\"io.fluxmq.\"");
        assertThat((String[]) p.get("required.services")).hasSize(2);
        assertThat(p).containsEntry("bundle.prefix", "io.fluxmq.");
    }

    @Test
    void decodesEscapes() throws Exception {
        Map<String, Object> p = parse("e = \"q\\\" b\\\\ n\\n t\\t r\\r b\\b f\\f u\\u00e9 d\\${x}\"");
        assertThat(p.get("e")).isEqualTo("q\" b\\ n\n t\t r\r b\b f\f u\u00e9 d${x}");
    }

    @Test
    void substitutesVariablesInsideQuotes() throws Exception {
        Map<String, Object> p = parse("dir = \"${fluxmq.home}/log\"", "port = I\"${port}\"",
                "lookup = \"${sys:user.home}\"");
        assertThat(p).containsEntry("dir", "/opt/fluxmq/log").containsEntry("port", 1883)
                .containsEntry("lookup", "${sys:user.home}");
    }

    @Test
    void ignoresCommentsBlankLinesAndCarriageReturns() throws Exception {
        ConfigDocument doc = new TypedConfigParser(VARS).parse("\uFEFF# head\r\n\r\n  # indented\r\na=\"1\"\r\n# tail\r\n");
        assertThat(doc.properties()).containsOnlyKeys("a");
        assertThat(doc.header()).isEqualTo("# head\n\n  # indented\n");
        assertThat(doc.footer()).isEqualTo("# tail\n");
        assertThat(doc.lineOf("a")).isEqualTo(4);
    }

    @Test
    void keepsFileOrder() throws Exception {
        assertThat(parse("z=\"1\"", "a=\"2\"", "m=\"3\"").keySet()).containsExactly("z", "a", "m");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "unquoted value            | a = true                  | 1 | unquoted value 'true'",
        "unquoted number           | a = 42                    | 1 | unquoted value '42'",
        "unknown type letter       | a = Q\"1\"                | 1 | unknown type 'Q'",
        "lower-case scalar         | a = i\"1\"                | 1 | lower-case types are only for arrays",
        "lower-case string array   | a = t[\"1\"]              | 1 | lower-case types are only for arrays",
        "unterminated string       | a = \"abc                 | 1 | unterminated string",
        "unterminated array        | a = [\"broken             | 1 | unterminated string",
        "unterminated array 2      | a = [ \"x\"               | 1 | unterminated array for 'a' (missing ']')",
        "unterminated collection   | a = ( \"x\",              | 1 | unterminated collection for 'a' (missing ')')",
        "missing comma             | a = [ \"x\" \"y\" ]       | 1 | expected ',' or ']' after element 1",
        "bare array element        | a = [ x ]                 | 1 | expected a quoted element or ']'",
        "trailing garbage          | a = \"x\" junk            | 1 | unexpected text after the value of 'a': 'junk'",
        "trailing comment          | a = \"x\" # note          | 1 | unexpected text after the value",
        "garbage line              | this is not a setting     | 1 | expected 'key = value', found 'this is not a setting'",
        "missing value             | a =                       | 1 | missing value for 'a'",
        "missing key               | = \"x\"                   | 1 | missing key before '='",
        "invalid key               | a$b = \"x\"               | 1 | invalid key 'a$b'",
        "integer not a number      | a = I\"abc\"              | 1 | 'a': 'abc' is not a valid Integer",
        "integer overflow          | a = I\"3000000000\"       | 1 | 'a': '3000000000' is not a valid Integer (from",
        "byte overflow             | a = X\"128\"              | 1 | '128' is not a valid Byte",
        "long with blanks          | a = L\" 1\"               | 1 | ' 1' is not a valid Long",
        "float suffix              | a = F\"1.5f\"             | 1 | '1.5f' is not a valid Float",
        "double garbage            | a = D\"one\"              | 1 | 'one' is not a valid Double",
        "boolean other             | a = B\"yes\"              | 1 | 'yes' is not a Boolean (true or false)",
        "boolean capitalised       | a = B\"True\"             | 1 | 'True' is not a Boolean",
        "char too long             | a = C\"ab\"               | 1 | 'ab' is not a single Character",
        "array element bad         | a = I[ \"1\", \"x\" ]     | 1 | element 2 of 'a': 'x' is not a valid Integer",
        "invalid escape            | a = \"\\q\"               | 1 | invalid escape '\\q'",
        "bad unicode escape        | a = \"\\u12\"             | 1 | invalid unicode escape",
        "undefined variable        | a = \"${nope}/x\"         | 1 | undefined variable ${nope}",
        "invalid variable name     | a = \"${a b}\"            | 1 | invalid variable name",
        "unterminated variable     | a = \"${fluxmq.home\"     | 1 | unterminated variable reference",
    })
    void rejects(String name, String line, int lineNo, String message) {
        ConfigFileException e = error(line);
        assertThat(e.line()).isEqualTo(lineNo);
        assertThat(e.problem()).contains(message);
        assertThat(e.getMessage()).startsWith("line " + lineNo + ": ");
    }

    @Test
    void reportsTheLineOfTheProblemNotOfTheFileStart() {
        ConfigFileException e = error("# comment", "", "good = \"1\"", "required.services=[\"broken");
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.problem()).contains("unterminated string in the value of 'required.services'");
    }

    @Test
    void reportsThePhysicalLineInsideAContinuation() {
        ConfigFileException e = error("a = [ \\", "  \"1\", \\", "  oops \\", "  ]");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.problem()).contains("expected a quoted element");
    }

    @Test
    void rejectsDuplicateKeysNamingBothLines() {
        ConfigFileException e = error("a = \"1\"", "b = \"2\"", "a = \"3\"");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.problem()).isEqualTo("duplicate key 'a' (first set on line 1)");
    }

    @Test
    void rejectsAContinuationAtTheEndOfTheFile() {
        ConfigFileException e = error("a = [ \"1\", \\");
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.problem()).contains("line continuation");
    }

    @Test
    void anEvenNumberOfBackslashesIsNotAContinuation() throws Exception {
        assertThat(parse("a = \"x\\\\\"", "b = \"y\"")).containsEntry("a", "x\\").containsEntry("b", "y");
    }

    @Test
    void anEmptyFileHasNoProperties() throws Exception {
        ConfigDocument doc = new TypedConfigParser(VARS).parse("# only a comment\n");
        assertThat(doc.properties()).isEmpty();
        assertThat(doc.header()).isEqualTo("# only a comment\n");
    }
}
