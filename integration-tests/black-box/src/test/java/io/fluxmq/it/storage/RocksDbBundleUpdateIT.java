package io.fluxmq.it.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A new build of the storage-rocksdb bundle copied into deploy/ while the broker runs on it (issue 4:
 * "Updating the storage-rocksdb bundle itself reopens the same database and loses nothing"). A QoS 1
 * stream runs across the update with persistent Paho 5 and 3.1.1 subscribers connected; offline
 * sessions and retained messages were written before it and more after it. The new revision
 * reopens data/rocksdb (STORAGE-0004: the backend in use is back, no migration), every acknowledged
 * message arrives, and a graceful restart afterwards finds everything written before and after
 * the update in the database.
 */
class RocksDbBundleUpdateIT {
    private static final String STREAM = "update/stream";
    private static final int STREAM_MAX = 8_000;
    private static final int STREAM_RATE = 500;
    private static final int STREAM_STEP = 300;

    @Test
    void newRocksDbBundleReopensTheSameDatabaseAndLosesNothing() throws Exception {
        try (StorageBroker broker = StorageBroker.start("storage-rocksdb-update");
                RecordingClient sub5 = new PahoV5RecordingClient(broker.tcpUri(), "update-sub-v5");
                RecordingClient sub3 = new PahoV3RecordingClient(broker.tcpUri(), "update-sub-v3");
                OfflineSessions offline = new OfflineSessions(broker, "update", STREAM);
                RetainedTopics retained = new RetainedTopics(broker, "update");
                DurableQueueBacklog queue = new DurableQueueBacklog(broker, "update");
                QosOneStream stream = new QosOneStream(broker.tcpUri(), "update-pub", STREAM, STREAM_MAX, STREAM_RATE)) {
            List<KeptState> kept = List.of(offline, retained, queue);
            for (RecordingClient sub : List.of(sub5, sub3)) {
                sub.connect(true);
                sub.subscribe(STREAM);
            }
            stream.start();
            assertThat(stream.awaitMoreAcknowledged(STREAM_STEP)).isTrue();
            for (KeptState k : kept) {
                k.write(0);
            }

            long back = broker.logLines("STORAGE-0004", "rocksdb");
            long started = System.nanoTime();
            broker.mqtt().redeploy("io.fluxmq.storage-rocksdb-");
            broker.awaitLogLines(back + 1, "STORAGE-0004", "rocksdb");
            broker.awaitReady();
            long updateMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(broker.logLines("STORAGE-0001")).as("no migration on an update").isZero();
            assertThat(broker.backendInUse()).isEqualTo("rocksdb");
            assertThat(stream.awaitMoreAcknowledged(STREAM_STEP)).as("stream running after the update").isTrue();
            for (KeptState k : kept) {
                k.write(1);
            }
            stream.stop();

            Set<String> acknowledged = stream.acknowledged();
            for (RecordingClient sub : List.of(sub5, sub3)) {
                assertThat(sub.awaitPayloads(STREAM, acknowledged)).as("acknowledged messages at a connected subscriber")
                        .containsAll(acknowledged);
                assertThat(sub.connectionsLost()).as("subscriber connections lost").isZero();
            }
            assertThat(stream.connectionsLost()).as("publisher connections lost").isZero();
            System.out.printf("[measure] storage-rocksdb update: %d ms from the new jar to /ready 200; %d QoS 1 messages"
                    + " acknowledged, %d refused: %s%n", updateMillis, acknowledged.size(), stream.refused().size(),
                    stream.refused());

            broker.stop();
            broker.mqtt().restart();
            for (KeptState k : kept) {
                k.assertKept(2);
            }
            for (RecordingClient resumed : offline.resumed()) {
                assertThat(resumed.awaitPayloads(STREAM, acknowledged))
                        .as("acknowledged messages queued for an offline session").containsAll(acknowledged);
            }
        }
    }
}
