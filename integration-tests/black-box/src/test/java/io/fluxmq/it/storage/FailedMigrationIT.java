package io.fluxmq.it.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A switch to a backend that cannot be used (issue 4: "When a migration cannot complete ... the
 * broker stays on the old backend and reports why, in the log, in the console and on /ready"). The
 * broker runs on memory with clients connected; the RocksDB directory is moved under a regular file
 * (as root, chmod would not stop the broker), then the backend is switched to RocksDB. The broker
 * stays on memory, nobody is disconnected, nothing acknowledged is lost, and the reason is in the log
 * (STORAGE-1001 and the RocksDB open failure naming the directory), on /ready (503) and on the
 * console's FluxMQ page. Once the directory is fixed, the waiting switch happens by itself.
 */
class FailedMigrationIT {
    private static final String STREAM = "fail/stream";
    private static final int STREAM_MAX = 8_000;
    private static final int STREAM_RATE = 500;
    private static final int STREAM_STEP = 300;
    private static final String ROCKSDB_COMPONENT = "io.fluxmq.storage.rocksdb.environment";

    @Test
    void switchToAnUnusableRocksDbDirectoryLeavesTheBrokerOnMemoryAndSaysWhy() throws Exception {
        try (StorageBroker broker = StorageBroker.start("storage-failed-switch");
                RecordingClient sub = new PahoV5RecordingClient(broker.tcpUri(), "fail-sub");
                OfflineSessions offline = new OfflineSessions(broker, "fail", STREAM);
                RetainedTopics retained = new RetainedTopics(broker, "fail");
                DurableQueueBacklog queue = new DurableQueueBacklog(broker, "fail");
                QosOneStream stream = new QosOneStream(broker.tcpUri(), "fail-pub", STREAM, STREAM_MAX, STREAM_RATE)) {
            List<KeptState> kept = List.of(offline, retained, queue);
            sub.connect(true);
            sub.subscribe(STREAM);
            stream.start();
            for (KeptState k : kept) {
                k.write(0);
            }
            broker.switchBackend("rocksdb", "memory");
            broker.awaitReady();
            for (KeptState k : kept) {
                k.write(1);
            }

            Path file = broker.home().resolve("data/not-a-directory");
            Files.writeString(file, "a regular file where the RocksDB directory's parent should be\n");
            Path unusable = file.resolve("rocksdb");
            broker.configureRocksDbPath(unusable);
            broker.awaitLogLines(1, "ROCKS-1002", unusable.toString());
            long refusedBefore = broker.logLines("STORAGE-1001");
            broker.selectBackend("rocksdb");
            broker.awaitLogLines(refusedBefore + 1, "STORAGE-1001", "from memory to rocksdb", "Staying on memory");

            HttpResponse<String> ready = broker.ready();
            assertThat(ready.statusCode()).as("/ready while the switch is refused").isEqualTo(503);
            assertThat(ready.body()).as("/ready names the refused switch and the RocksDB failure")
                    .contains("\"name\":\"storage\"").contains("to 'rocksdb' refused").contains("still on 'memory'")
                    .contains(ROCKSDB_COMPONENT).contains("ROCKS-1002").contains(unusable.toString());
            String page = broker.consolePage();
            assertThat(page).as("console page").contains("to &#39;rocksdb&#39; refused").contains("ROCKS-1002")
                    .contains(unusable.toString());
            assertThat(broker.backendInUse()).as("backend in use after the refused switch").isEqualTo("memory");
            assertConnected(stream, sub);
            assertThat(stream.awaitMoreAcknowledged(STREAM_STEP)).as("stream running on memory").isTrue();
            for (KeptState k : kept) {
                k.write(2);
            }

            // The cause fixed: the waiting switch happens by itself, no new save of the backend needed.
            long switchedBefore = broker.logLines("STORAGE-0001", "from memory to rocksdb");
            broker.removeRocksDbConfiguration();
            broker.awaitLogLines(switchedBefore + 1, "STORAGE-0001", "from memory to rocksdb");
            broker.awaitReady();
            await().atMost(StorageBroker.APPLY).ignoreExceptions().until(() -> broker.backendInUse().equals("rocksdb"));
            assertThat(broker.consolePage()).as("console page once switched").doesNotContain("refused");
            assertConnected(stream, sub);
            assertThat(stream.awaitMoreAcknowledged(STREAM_STEP)).as("stream running on rocksdb").isTrue();
            stream.stop();

            assertThat(stream.refused()).as("PUBACKs with an error reason code").isEmpty();
            Set<String> acknowledged = stream.acknowledged();
            assertThat(sub.awaitPayloads(STREAM, acknowledged)).as("acknowledged messages at the subscriber")
                    .containsAll(acknowledged);
            for (KeptState k : kept) {
                k.assertKept(3);
            }
            for (RecordingClient resumed : offline.resumed()) {
                assertThat(resumed.awaitPayloads(STREAM, acknowledged))
                        .as("acknowledged messages queued for an offline session").containsAll(acknowledged);
            }
            assertThat(Files.readString(file)).as("the file in the way is left alone").startsWith("a regular file");
        }
    }

    private static void assertConnected(QosOneStream stream, RecordingClient sub) {
        assertThat(stream.connectionsLost()).as("publisher connections lost").isZero();
        assertThat(stream.isConnected()).as("publisher connected").isTrue();
        assertThat(sub.connectionsLost()).as("subscriber connections lost").isZero();
        assertThat(sub.isConnected()).as("subscriber connected").isTrue();
    }
}
