package io.fluxmq.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

class ConfigWatcherTest {

    @Test
    void fluxmqEtcWinsOverFluxmqHome() {
        assertThat(ConfigWatcher.directory("/srv/conf", "/opt/fluxmq")).isEqualTo(Paths.get("/srv/conf"));
        assertThat(ConfigWatcher.directory(null, "/opt/fluxmq")).isEqualTo(Paths.get("/opt/fluxmq/etc"));
        assertThat(ConfigWatcher.directory(" ", null)).isNull();
    }

    @Test
    void pollIntervalDefaultsToOneSecond() {
        assertThat(ConfigWatcher.pollInterval(null)).isEqualTo(1000);
        assertThat(ConfigWatcher.pollInterval("250")).isEqualTo(250);
        assertThat(ConfigWatcher.pollInterval("-5")).isEqualTo(1000);
        assertThat(ConfigWatcher.pollInterval("soon")).isEqualTo(1000);
    }
}
