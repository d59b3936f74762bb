package io.fluxmq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Editing a file in etc/ reconfigures the running component; a malformed file is reported with
 * its name and problem, and the previous configuration stays in force.
 */
class LiveConfigurationIT {
    private static final String HEALTH = "io.fluxmq.health.config";
    private static final Duration APPLY = Duration.ofSeconds(20);
    private static Broker broker;
    private static String original;

    @BeforeAll
    static void start() {
        broker = Broker.start("live-config");
        original = broker.readEtc(HEALTH);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @AfterEach
    void restore() {
        broker.writeEtc(HEALTH, original);
        await().atMost(APPLY).until(() -> broker.status("/ready") == 200);
    }

    @Test
    void editedFileReconfiguresTheRunningComponent() {
        broker.writeEtc(HEALTH, requiring("io.fluxmq.test.NotInstalled"));

        await().atMost(APPLY).pollInterval(Duration.ofMillis(200)).until(() -> broker.status("/ready") == 503);
        assertThat(broker.get("/ready").body()).contains("io.fluxmq.test.NotInstalled");

        broker.writeEtc(HEALTH, original);
        await().atMost(APPLY).pollInterval(Duration.ofMillis(200)).until(() -> broker.status("/ready") == 200);
    }

    @Test
    void malformedFileIsReportedAndThePreviousConfigurationStays() {
        broker.writeEtc(HEALTH, requiring("io.fluxmq.test.StillRequired"));
        await().atMost(APPLY).pollInterval(Duration.ofMillis(200)).until(() -> broker.status("/ready") == 503);

        broker.writeEtc(HEALTH, "# an edit gone wrong\nrequired.services=[\"io.fluxmq.api.router.MessageRouter\"\n");

        await().atMost(APPLY).pollInterval(Duration.ofMillis(200))
                .until(() -> broker.log().lines().anyMatch(l -> l.contains("CONFIG-1001") && l.contains(HEALTH)));
        String line = broker.log().lines().filter(l -> l.contains("CONFIG-1001") && l.contains(HEALTH)).findFirst().orElseThrow();
        assertThat(line).contains("line 2").contains("previous configuration");

        // Still the configuration from before the broken edit, not the defaults and not the broken one.
        Broker.sleep(2_500);
        assertThat(broker.status("/ready")).isEqualTo(503);
        assertThat(broker.get("/ready").body()).contains("io.fluxmq.test.StillRequired");
        assertThat(broker.isAlive()).isTrue();
    }

    @Test
    void valueOfTheWrongTypeIsRejectedByMetatype() {
        broker.writeEtc(HEALTH, original.replace("bundle.prefix=\"io.fluxmq.\"", "bundle.prefix=I\"42\""));

        await().atMost(APPLY).pollInterval(Duration.ofMillis(200))
                .until(() -> broker.log().lines().anyMatch(l -> l.contains(HEALTH) && l.contains("bundle.prefix")
                        && l.contains("CONFIG-")));
        assertThat(broker.status("/ready")).isEqualTo(200);
    }

    private static String requiring(String service) {
        return "required.services=[\"io.fluxmq.api.router.MessageRouter\",\"" + service + "\"]\n"
                + "bundle.prefix=\"io.fluxmq.\"\n";
    }
}
