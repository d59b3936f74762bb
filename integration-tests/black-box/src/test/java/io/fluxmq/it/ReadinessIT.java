package io.fluxmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A fresh distribution starts clean and turns ready. */
class ReadinessIT {
    private static Broker broker;
    private static Duration coldStart;

    @BeforeAll
    static void start() {
        broker = Broker.prepare("readiness");
        broker.startProcess();
        coldStart = broker.awaitReady(Duration.ofSeconds(60));
        System.out.println("[measure] cold start to /ready=200: " + coldStart.toMillis() + " ms");
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void readyAnswersUpWithNothingMissing() throws Exception {
        var response = broker.get("/ready");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(body.get("status").asText()).isEqualTo("UP");
        assertThat(body.get("missing")).isEmpty();
    }

    @Test
    void healthAnswersUp() {
        var response = broker.get("/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"UP\"");
    }

    @Test
    void everyFluxMqBundleIsActive() throws Exception {
        JsonNode bundles = new ObjectMapper().readTree(broker.get("/system/console/bundles.json", "admin", "admin").body());
        int fluxmq = 0;
        for (JsonNode b : bundles.get("data")) {
            String bsn = b.get("symbolicName").asText();
            // Fragments (native epoll) attach to their host instead of starting.
            String expected = b.path("fragment").asBoolean() ? "Fragment" : "Active";
            assertThat(b.get("state").asText()).as(bsn).isEqualTo(expected);
            if (bsn.startsWith("io.fluxmq.")) {
                fluxmq++;
            }
        }
        assertThat(fluxmq).as("FluxMQ bundles").isGreaterThanOrEqualTo(5);
    }

    @Test
    void startsCleanWithoutWarningsOrErrors() {
        String log = broker.log();
        assertThat(log).as("broker log").doesNotContain("| ERROR").doesNotContain("| WARN")
                .doesNotContain("ERROR :").doesNotContain("WARN :")
                .as("no stack trace").doesNotContainPattern("(?m)^\\s+at [\\w.$]+\\(");
    }
}
