package io.fluxmq.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.console.BrokerStatus.BundleRow;
import io.fluxmq.console.BrokerStatus.Problem;
import io.fluxmq.console.BrokerStatus.ServerRow;
import io.fluxmq.console.BrokerStatus.StorageRow;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BrokerStatusTest {

    @Test
    void textListsVersionUptimeStorageListenersAndBundles() {
        BrokerStatus status = new BrokerStatus("1.2.3", Duration.ofSeconds(90_061),
                List.of(new BundleRow(7, "io.fluxmq.core", "1.2.3", "ACTIVE")),
                List.of(new ServerRow("mqtt-tcp", "mqtt", "tcp", "127.0.0.1:1883", 42)),
                List.of(new StorageRow("StateStore", "memory", false), new StorageRow("StateStore", "rocksdb", true)),
                List.of());
        String text = status.toText();
        assertThat(text).startsWith("FluxMQ 1.2.3\n")
                .contains("Uptime:  1d 01h 01m 01s")
                .contains("Storage: rocksdb")
                .containsPattern("mqtt-tcp +mqtt +tcp +127\\.0\\.0\\.1:1883 +42 connection")
                .containsPattern("7 io\\.fluxmq\\.core +1\\.2\\.3 +ACTIVE")
                .doesNotContain("Problems");
    }

    @Test
    void textListsProblemsWithWhereTheyAre() {
        BrokerStatus status = new BrokerStatus("1", Duration.ZERO, List.of(), List.of(),
                List.of(new StorageRow("StateStore", "memory", true)),
                List.of(new Problem("storage", "switch to 'rocksdb' refused"),
                        new Problem("io.fluxmq.storage.rocksdb.environment", "activation failed: ROCKS-1002 /x")));
        assertThat(status.toText()).contains("Problems:\n  storage: switch to 'rocksdb' refused\n"
                + "  io.fluxmq.storage.rocksdb.environment: activation failed: ROCKS-1002 /x\n");
    }

    @Test
    void noStorageInUseSaysNone() {
        BrokerStatus status = new BrokerStatus("1", Duration.ZERO, List.of(), List.of(),
                List.of(new StorageRow("StateStore", "memory", false)), List.of());
        assertThat(status.storageInUse()).isEqualTo("none");
        assertThat(status.toText()).contains("(none running)");
    }

    @Test
    void htmlEscapesMarkup() {
        assertThat(Html.escape("<b a='1'>&\"")).isEqualTo("&lt;b a=&#39;1&#39;&gt;&amp;&quot;");
    }
}
