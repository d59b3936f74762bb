package io.fluxmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * bin/fluxmq's class-data-sharing archive: the first start records it when the JVM exits, the next
 * start maps it, and none of it shows in the log.
 */
class ClassDataSharingIT {

    @Test
    void firstStartRecordsTheArchiveAndTheNextStartMapsIt() throws IOException {
        try (Broker broker = Broker.start("cds")) {
            Path archive = broker.home().resolve("cache/fluxmq.jsa");
            assertThat(mapped(broker)).as("nothing to map on the first start").isFalse();
            broker.stop();
            assertThat(archive).as("recorded when the JVM exited").exists();
            assertThat(Files.size(archive)).isGreaterThan(1_000_000);
            assertThat(broker.home().resolve("cache/fluxmq.jsa.key")).exists();

            broker.restart();
            assertThat(mapped(broker)).as("the archive is mapped by the second start").isTrue();
            assertThat(broker.status("/ready")).isEqualTo(200);
            assertThat(broker.log()).as("broker log").doesNotContain("| ERROR").doesNotContain("| WARN")
                    .doesNotContain("[warning]").doesNotContain("[error]");
        }
    }

    /** Whether the broker's JVM has its home's archive mapped into memory. */
    private static boolean mapped(Broker broker) throws IOException {
        long pid = Long.parseLong(Files.readString(broker.home().resolve("data/fluxmq.pid")).trim());
        String archive = broker.home().resolve("cache/fluxmq.jsa").toAbsolutePath().normalize().toString();
        return Files.readString(Path.of("/proc", Long.toString(pid), "maps")).contains(archive);
    }
}
