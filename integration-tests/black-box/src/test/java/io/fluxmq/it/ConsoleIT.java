package io.fluxmq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Web Console, its credentials from etc/, and the FluxMQ overview page. */
class ConsoleIT {
    private static final String CONSOLE_CONFIG = "org.apache.felix.webconsole.internal.servlet.OsgiManager.config";
    private static Broker broker;

    @BeforeAll
    static void start() {
        broker = Broker.start("console");
        // The console registers after the other servlets.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> broker.get("/system/console/bundles", "admin", "admin").statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void consoleNeedsCredentials() {
        assertThat(broker.get("/system/console/bundles").statusCode()).isEqualTo(401);
        assertThat(broker.get("/system/console/bundles", "admin", "wrong").statusCode()).isEqualTo(401);
        assertThat(broker.get("/system/console/bundles", "admin", "admin").statusCode()).isEqualTo(200);
    }

    @Test
    void overviewPageShowsVersionBundlesAndStorage() {
        var page = broker.get("/system/console/fluxmq", "admin", "admin");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("FluxMQ")
                .contains("id='fluxmq-version'>0.1.0-SNAPSHOT<")
                .contains("io.fluxmq.core")
                .contains("io.fluxmq.storage-memory")
                .contains("id='fluxmq-storage'>rocksdb<");
    }

    @Test
    void clearTextPasswordInEtcIsReplacedByItsHash() {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> broker.readEtc(CONSOLE_CONFIG).contains("password=\"{sha-256}"));
        assertThat(broker.readEtc(CONSOLE_CONFIG)).doesNotContain("password=\"admin\"")
                .as("comments survive the write-back").startsWith("# Felix Web Console");
    }

    @Test
    void credentialsChangeWithoutRestart() {
        String original = broker.readEtc(CONSOLE_CONFIG);
        try {
            // The console stores a clear-text password as a hash, which is written back to the
            // file; replace whatever the password line holds now.
            broker.writeEtc(CONSOLE_CONFIG, original.replaceAll("(?m)^password=.*$", "password=\"s3cret-Pa55\""));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> broker.get("/system/console/bundles", "admin", "s3cret-Pa55").statusCode() == 200);
            assertThat(broker.get("/system/console/bundles", "admin", "admin").statusCode()).isEqualTo(401);
        } finally {
            broker.writeEtc(CONSOLE_CONFIG, original);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> broker.get("/system/console/bundles", "admin", "admin").statusCode() == 200);
        }
    }
}
