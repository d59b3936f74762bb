package io.fluxmq.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.osgi.service.metatype.AttributeDefinition.BOOLEAN;
import static org.osgi.service.metatype.AttributeDefinition.INTEGER;
import static org.osgi.service.metatype.AttributeDefinition.LONG;
import static org.osgi.service.metatype.AttributeDefinition.PASSWORD;
import static org.osgi.service.metatype.AttributeDefinition.STRING;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetatypeValidatorTest {
    private static final Variables VARS = new Variables(name -> null);

    private static final FakeMetatype HTTP = new FakeMetatype("http")
            .attr("port", INTEGER, 0, null, 65535L)
            .attr("enabled", BOOLEAN, 0)
            .attr("timeout", LONG, 0)
            .attr("hosts", STRING, Integer.MAX_VALUE)
            .attr("ports", INTEGER, -3)
            .attr("mode", STRING, 0, new String[] {"plain", "tls"}, null)
            .attr("password", PASSWORD, 0);

    private static MetatypeValidator.Result typed(String... lines) throws ConfigFileException {
        ConfigDocument doc = new TypedConfigParser(VARS).parse(String.join("\n", lines) + "\n");
        return MetatypeValidator.validate(doc, HTTP, "http");
    }

    private static MetatypeValidator.Result cfg(String... lines) throws ConfigFileException {
        ConfigDocument doc = new CfgFileParser(VARS).parse(String.join("\n", lines) + "\n");
        return MetatypeValidator.validate(doc, HTTP, "http");
    }

    @Test
    void acceptsMatchingTypes() throws Exception {
        var r = typed("port=I\"8080\"", "enabled=B\"true\"", "hosts=[\"a\",\"b\"]", "ports=I(\"1\",\"2\")",
                "mode=\"tls\"", "password=\"secret\"");
        assertThat(r.properties()).containsEntry("port", 8080).containsEntry("mode", "tls");
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void convertsStringsThatParseToTheDeclaredType() throws Exception {
        var r = cfg("port = 8080", "enabled = true", "timeout = 30000", "hosts = only-one");
        assertThat(r.properties().get("port")).isEqualTo(8080);
        assertThat(r.properties().get("enabled")).isEqualTo(true);
        assertThat(r.properties().get("timeout")).isEqualTo(30000L);
        assertThat(r.properties().get("hosts")).isEqualTo("only-one"); // a scalar for a list is fine
    }

    @Test
    void convertsStringArrayElements() throws Exception {
        var r = typed("ports=[\"1\", \"2\"]");
        assertThat((Integer[]) r.properties().get("ports")).containsExactly(1, 2);
    }

    @Test
    void rejectsAStringThatDoesNotParse() {
        assertThatThrownBy(() -> cfg("port = abc"))
                .isInstanceOf(ConfigFileException.class)
                .hasMessage("line 1: 'port' must be an Integer: 'abc' is not a valid Integer (from -2147483648 to 2147483647)");
        assertThatThrownBy(() -> typed("enabled=\"yes\"")).hasMessageContaining("'yes' is not a Boolean");
    }

    @Test
    void rejectsAnotherTypedScalar() {
        assertThatThrownBy(() -> typed("# c", "port=L\"8080\""))
                .hasMessage("line 2: 'port' must be an Integer, not a Long (write I\"...\")");
        assertThatThrownBy(() -> typed("mode=I\"1\"")).hasMessageContaining("'mode' must be a String, not an Integer");
    }

    @Test
    void rejectsAListForASingleValue() {
        assertThatThrownBy(() -> typed("port=I[\"1\"]")).hasMessage("line 1: 'port' takes a single Integer, not a list");
        assertThatThrownBy(() -> typed("port=I(\"1\")")).hasMessageContaining("takes a single Integer");
    }

    @Test
    void rejectsMoreValuesThanTheCardinality() {
        assertThatThrownBy(() -> typed("ports=I[\"1\",\"2\",\"3\",\"4\"]")).hasMessageContaining("at most 3 values, got 4");
    }

    @Test
    void rejectsAValueOutsideTheOptions() {
        assertThatThrownBy(() -> typed("mode=\"ssl\"")).hasMessage("line 1: 'mode': 'ssl' is not one of plain, tls");
    }

    @Test
    void reportsTheMessageOfValidate() {
        assertThatThrownBy(() -> typed("port=I\"70000\"")).hasMessage("line 1: 'port': value 70000 is above the maximum 65535");
    }

    @Test
    void reportsTheElementThatFails() {
        assertThatThrownBy(() -> typed("ports=I[\"1\",\"x\"]")).isInstanceOf(ConfigFileException.class);
        assertThatThrownBy(() -> typed("ports=[\"1\",\"x\"]")).hasMessageContaining("element 2 of 'ports'");
    }

    @Test
    void warnsAboutUnknownKeysButKeepsThem() throws Exception {
        var r = typed("prot=I\"8080\"", "storage.target=\"(name=x)\"", "service.ranking=I\"5\"", "felix.x=\"1\"");
        assertThat(r.properties()).containsKeys("prot", "storage.target", "service.ranking", "felix.x");
        assertThat(r.warnings()).containsExactly("line 1: key 'prot' is not an attribute of http (applied anyway; a typo?)");
    }

    @Test
    void missingAttributesAreNotErrors() throws Exception {
        assertThat(typed("# nothing").properties()).isEmpty();
    }

    @Test
    void keepsCollectionsAsCollections() throws Exception {
        assertThat(typed("hosts=(\"a\")").properties().get("hosts")).isEqualTo(List.of("a"));
    }
}
