package io.fluxmq.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.health.ReadinessReport.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadinessReportTest {

    @Test
    void readyWhenNothingIsMissing() {
        ReadinessReport report = new ReadinessReport(List.of());
        assertThat(report.ready()).isTrue();
        assertThat(report.toJson()).isEqualTo("{\"status\":\"UP\",\"missing\":[]}");
    }

    @Test
    void namesWhatIsMissingWithJsonEscaping() {
        ReadinessReport report = new ReadinessReport(List.of(
                new Problem("component", "io.fluxmq.core.router", "unsatisfied reference(s): storage (target (fluxmq.storage=\"x\"))"),
                new Problem("service", "a\\b", "line\nbreak\u0001")));
        assertThat(report.ready()).isFalse();
        assertThat(report.toJson()).isEqualTo("{\"status\":\"DOWN\",\"missing\":["
                + "{\"kind\":\"component\",\"name\":\"io.fluxmq.core.router\",\"detail\":\"unsatisfied reference(s): storage (target (fluxmq.storage=\\\"x\\\"))\"},"
                + "{\"kind\":\"service\",\"name\":\"a\\\\b\",\"detail\":\"line\\nbreak\\u0001\"}]}");
    }
}
