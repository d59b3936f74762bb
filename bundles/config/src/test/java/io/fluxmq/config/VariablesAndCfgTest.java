package io.fluxmq.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class VariablesAndCfgTest {
    private static final Variables VARS = new Variables(Map.of("fluxmq.home", "/opt/fluxmq", "a", "1")::get);

    @Test
    void expandsEveryReference() throws Exception {
        assertThat(VARS.expand("${fluxmq.home}/log/${a}.log", 3)).isEqualTo("/opt/fluxmq/log/1.log");
        assertThat(VARS.expand("no variables $ here", 3)).isEqualTo("no variables $ here");
    }

    @Test
    void leavesLookupsOfOtherLayersAlone() throws Exception {
        assertThat(VARS.expand("${sys:user.home}/x ${env:HOME}", 1)).isEqualTo("${sys:user.home}/x ${env:HOME}");
    }

    @Test
    void rejectsUndefinedAndMalformedReferences() {
        assertThatThrownBy(() -> VARS.expand("${missing}", 7)).hasMessage("line 7: undefined variable ${missing}");
        assertThatThrownBy(() -> VARS.expand("${a", 2)).hasMessageContaining("unterminated variable reference");
        assertThatThrownBy(() -> VARS.expand("${}", 2)).hasMessageContaining("invalid variable name");
    }

    @Test
    void cfgValuesAreStringsWithSubstitution() throws Exception {
        ConfigDocument doc = new CfgFileParser(VARS).parse("# pax\nlog4j2.appender.file.fileName = ${fluxmq.home}/log/fluxmq.log\n"
                + "felix.fileinstall.filter = .*\\\\.jar\nlevel: INFO\n");
        assertThat(doc.properties()).containsEntry("log4j2.appender.file.fileName", "/opt/fluxmq/log/fluxmq.log")
                .containsEntry("felix.fileinstall.filter", ".*\\.jar").containsEntry("level", "INFO");
    }

    @Test
    void cfgErrorsPointAtTheKeysLine() {
        assertThatThrownBy(() -> new CfgFileParser(VARS).parse("# c\na = 1\nb = ${nope}\n"))
                .isInstanceOf(ConfigFileException.class).hasMessage("line 3: undefined variable ${nope}");
    }
}
