package io.fluxmq.it.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The storage backend switched while the broker runs (issue 4, "Swap the backend live"): on the
 * distribution as shipped (RocksDB), with a QoS 1 publisher streaming, two persistent subscribers
 * connected (Paho 5 and Paho 3.1.1), two persistent sessions offline and retained messages, the
 * backend is switched to memory by editing etc/io.fluxmq.storage.config, then back to RocksDB.
 * Nobody is disconnected, every acknowledged message reaches every subscriber (duplicates allowed),
 * offline queues, retained messages and a durable queue's pending and waiting messages written
 * before and between the switches are there after both, /ready answers 200 after each switch and
 * the log names each migration.
 */
class LiveStorageSwapIT {
    private static final String STREAM = "swap/stream";
    /** Stays under the offline queue bound (max.offline.messages, 10,000) of the offline sessions. */
    private static final int STREAM_MAX = 8_000;
    /** Paced, so that the stream runs before, across and after both switches without reaching its end. */
    private static final int STREAM_RATE = 500;
    /** Messages acknowledged between two events. */
    private static final int STREAM_STEP = 300;

    @Test
    void switchesRocksDbToMemoryAndBackWhileClientsStayConnectedAndNothingIsLost() throws Exception {
        try (StorageBroker broker = StorageBroker.start("storage-swap");
                RecordingClient sub5 = new PahoV5RecordingClient(broker.tcpUri(), "swap-sub-v5");
                RecordingClient sub3 = new PahoV3RecordingClient(broker.tcpUri(), "swap-sub-v3");
                OfflineSessions offline = new OfflineSessions(broker, "swap", STREAM);
                RetainedTopics retained = new RetainedTopics(broker, "swap");
                DurableQueueBacklog queue = new DurableQueueBacklog(broker, "swap");
                QosOneStream stream = new QosOneStream(broker.tcpUri(), "swap-pub", STREAM, STREAM_MAX, STREAM_RATE)) {
            assertThat(broker.backendInUse()).isEqualTo("rocksdb");
            List<KeptState> kept = List.of(offline, retained, queue);
            for (RecordingClient sub : List.of(sub5, sub3)) {
                sub.connect(true);
                sub.subscribe(STREAM);
            }
            stream.start();
            assertThat(stream.awaitMoreAcknowledged(STREAM_STEP)).as("stream running before the first switch").isTrue();
            for (KeptState k : kept) {
                k.write(0);
            }

            Duration toMemory = broker.switchBackend("rocksdb", "memory");
            assertSwitched(broker, stream, sub5, sub3);
            assertThat(broker.logLines("STORAGE-0001", "from rocksdb to memory", "4 sessions", "6 subscriptions",
                    "1 retained messages")).as("the migration and its counts in the log").isEqualTo(1);
            for (KeptState k : kept) {
                k.write(1);
            }

            Duration toRocksDb = broker.switchBackend("memory", "rocksdb");
            assertSwitched(broker, stream, sub5, sub3);
            assertThat(broker.logLines("STORAGE-0001", "from memory to rocksdb", "4 sessions", "6 subscriptions",
                    "2 retained messages")).as("the migration back and its counts in the log").isEqualTo(1);
            // RocksDB still held the state from before the first switch: cleared, never mixed in.
            assertThat(broker.logLines("STORAGE-0002", "rocksdb")).as("stale RocksDB data cleared").isEqualTo(1);
            stream.stop();

            assertThat(stream.refused()).as("PUBACKs with an error reason code").isEmpty();
            Set<String> acknowledged = stream.acknowledged();
            for (RecordingClient sub : List.of(sub5, sub3)) {
                assertThat(sub.awaitPayloads(STREAM, acknowledged)).as("acknowledged messages at a connected subscriber")
                        .containsAll(acknowledged);
            }
            for (KeptState k : kept) {
                k.assertKept(2);
            }
            for (RecordingClient resumed : offline.resumed()) {
                assertThat(resumed.awaitPayloads(STREAM, acknowledged))
                        .as("acknowledged messages queued for an offline session").containsAll(acknowledged);
            }
            assertConnected(stream, sub5, sub3);
            System.out.printf("[measure] live switch rocksdb->memory %d ms, memory->rocksdb %d ms (from saving the"
                    + " file to STORAGE-0001 in the log); %d QoS 1 messages acknowledged across both%n",
                    toMemory.toMillis(), toRocksDb.toMillis(), acknowledged.size());
        }
    }

    private static void assertSwitched(StorageBroker broker, QosOneStream stream, RecordingClient... subs) {
        broker.awaitReady();
        assertThat(broker.logLines("STORAGE-0005", "switching the storage backend")).as("switch start logged")
                .isPositive();
        assertThat(broker.logLines("STORAGE-1002")).as("failed switches").isZero();
        assertConnected(stream, subs);
        assertThat(stream.awaitMoreAcknowledged(STREAM_STEP)).as("stream running after the switch (sent %d of %d)",
                stream.sent(), STREAM_MAX).isTrue();
    }

    private static void assertConnected(QosOneStream stream, RecordingClient... subs) {
        assertThat(stream.connectionsLost()).as("publisher connections lost").isZero();
        assertThat(stream.isConnected()).as("publisher connected").isTrue();
        for (RecordingClient sub : subs) {
            assertThat(sub.connectionsLost()).as("subscriber connections lost").isZero();
            assertThat(sub.isConnected()).as("subscriber connected").isTrue();
        }
    }
}
