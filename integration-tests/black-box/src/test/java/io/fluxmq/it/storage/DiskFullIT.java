package io.fluxmq.it.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * A full disk under the RocksDB store (issue 4, "Bad conditions"): data/rocksdb is a 64 MiB tmpfs
 * that a filler file fills. Publishes that need storage (a message queued for an offline persistent
 * session, a retained message) are refused with MQTT 5 reason code 0x97 (Quota exceeded, the
 * mapping of storage FULL), the broker stays up and the publisher connected; once the filler is
 * deleted the broker accepts them again by itself, and every message it acknowledged, before,
 * during and after, is there. A switch from memory to RocksDB on a full disk fails (STORAGE-1002):
 * the broker stays on memory with every client connected and says why on /ready and the console;
 * saved again once there is space, the switch succeeds and loses nothing.
 */
class DiskFullIT {
    private static final int QUOTA_EXCEEDED = 0x97;
    private static final int TMPFS_MB = 64;
    /**
     * The switch test's filesystem: after the filler goes, it must hold the copied offline queue
     * (510 messages of 48 KiB) in RocksDB's log twice over, once as copied and once as the outbound
     * exchanges of their delivery, before a memtable flush frees the log. On 64 MiB the disk could
     * fill again during that delivery, and the end of the queue did not arrive within the test's wait.
     */
    private static final int SWITCH_TMPFS_MB = 256;
    /**
     * Publishes (of each kind) at most while filling what RocksDB preallocated for its log (about 17 MiB),
     * twice over; the offline session's bound (64 MiB) is not reached.
     */
    private static final int MAX_WHILE_FULL = 600;
    private static final long RECOVERY_MS = 60_000;
    private static final String QUEUED = "full/q";
    private static final String RETAINED = "full/retained/";
    private static final String PADDING = "x".repeat(48 * 1024);

    @Test
    void publishesNeedingStorageAreRefusedWhileTheDiskIsFullAndAcceptedAgainWhenSpaceReturns() throws Exception {
        try (StorageBroker broker = StorageBroker.start("storage-disk-full")) {
            // The shipped broker, restarted with data/rocksdb on a small filesystem of its own.
            broker.stop();
            deleteTree(broker.rocksDbDirectory());
            try (Tmpfs fs = Tmpfs.mount(broker.rocksDbDirectory(), TMPFS_MB)) {
                try {
                    broker.mqtt().restart();
                    fillAndRecover(broker, fs);
                } finally {
                    broker.stop();
                }
            }
        }
    }

    @Test
    void aSwitchOntoAFullDiskFailsKeepsTheBrokerOnMemoryAndSucceedsOnceThereIsSpace() throws Exception {
        try (StorageBroker broker = StorageBroker.start("storage-full-switch");
                RecordingClient sub = new PahoV5RecordingClient(broker.tcpUri(), "fullsw-sub");
                RecordingClient pub = new PahoV5RecordingClient(broker.tcpUri(), "fullsw-pub")) {
            try (RecordingClient offline = new PahoV5RecordingClient(broker.tcpUri(), "fullsw-offline")) {
                offline.connect(true);
                offline.subscribe(QUEUED);
                offline.disconnect();
            }
            sub.connect(true);
            sub.subscribe(QUEUED);
            pub.connect(false);
            broker.switchBackend("rocksdb", "memory");

            Path small = broker.home().resolve("data/rocksdb-small");
            try (Tmpfs fs = Tmpfs.mount(small, SWITCH_TMPFS_MB)) {
                try {
                    broker.configureRocksDbPath(small);
                    broker.awaitLogLines(1, "RocksDB store open in " + small);
                    List<String> acknowledged = new ArrayList<>();
                    // More than RocksDB preallocates for its log, so that the copy meets the full disk.
                    for (int i = 0; i < 500; i++) {
                        assertThat(publish(pub, QUEUED, "m-" + i, false)).isZero();
                        acknowledged.add("m-" + i);
                    }
                    Path filler = small.resolve("filler");
                    fs.fill(filler);

                    broker.selectBackend("rocksdb");
                    broker.awaitLogLines(1, "STORAGE-1002", "from memory to rocksdb");
                    String failed = "to 'rocksdb' failed";
                    assertThat(broker.backendInUse()).as("backend after the failed switch").isEqualTo("memory");
                    assertThat(broker.ready().statusCode()).as("/ready after the failed switch").isEqualTo(503);
                    assertThat(broker.ready().body()).contains("\"name\":\"storage\"").contains(failed)
                            .contains("still on 'memory'");
                    assertThat(broker.consolePage()).contains("to &#39;rocksdb&#39; failed");
                    System.out.println("[measure] failed switch: " + broker.log().lines()
                            .filter(l -> l.contains("STORAGE-1002")).findFirst().orElseThrow());
                    for (int i = 0; i < 10; i++) {
                        assertThat(publish(pub, QUEUED, "on-memory-" + i, false)).isZero();
                        acknowledged.add("on-memory-" + i);
                    }

                    Files.delete(filler);
                    // RocksDB leaves its read-only state by itself once it sees the space (it looks every 5 s);
                    // until then a retry fails again. Each save changes the file, so that the watcher applies it.
                    long freed = System.nanoTime();
                    for (int attempt = 1; broker.logLines("STORAGE-0001", "from memory to rocksdb") == 0; attempt++) {
                        assertThat(System.nanoTime() - freed).as("switch retried for %d ms", RECOVERY_MS)
                                .isLessThan(RECOVERY_MS * 1_000_000);
                        long failures = broker.logLines("STORAGE-1002");
                        broker.writeEtc(StorageBroker.STORAGE_CONFIG, "backend=\"rocksdb\"\nmigration.timeout.seconds=I\""
                                + (100 + attempt) + "\"\n");
                        await().atMost(StorageBroker.APPLY).until(() -> broker.logLines("STORAGE-1002") > failures
                                || broker.logLines("STORAGE-0001", "from memory to rocksdb") > 0);
                        RecordingClient.sleep(1000);
                    }
                    System.out.printf("[measure] switch succeeded %d ms after the filler was deleted%n",
                            (System.nanoTime() - freed) / 1_000_000);
                    broker.awaitReady();
                    assertThat(broker.backendInUse()).isEqualTo("rocksdb");
                    for (RecordingClient c : List.of(sub, pub)) {
                        assertThat(c.connectionsLost()).as("connections lost").isZero();
                        assertThat(c.isConnected()).isTrue();
                    }
                    assertThat(awaitIds(sub, acknowledged)).as("messages at the connected subscriber")
                            .containsAll(acknowledged);
                    try (RecordingClient offline = new PahoV5RecordingClient(broker.tcpUri(), "fullsw-offline")) {
                        assertThat(offline.connect(true)).as("session present").isTrue();
                        assertThat(awaitIds(offline, acknowledged)).as("offline queue after the switch")
                                .containsAll(acknowledged);
                    }
                } finally {
                    broker.stop();
                }
            }
        }
    }

    /**
     * The checks that do not stop the run are soft, so that one run reports every way the broker
     * answered while full, and the recovery and what was kept are still checked.
     */
    private static void fillAndRecover(StorageBroker broker, Tmpfs fs) throws Exception {
        SoftAssertions soft = new SoftAssertions();
        try (RecordingClient offline = new PahoV5RecordingClient(broker.tcpUri(), "full-offline")) {
            offline.connect(true);
            offline.subscribe(QUEUED);
            offline.disconnect();
        }
        List<String> acknowledged = new ArrayList<>();
        List<String> retainedAcknowledged = new ArrayList<>();
        Map<Integer, Integer> refusals = new TreeMap<>();
        try (RecordingClient pub = new PahoV5RecordingClient(broker.tcpUri(), "full-pub")) {
            pub.connect(false);
            for (int i = 0; i < 10; i++) {
                assertThat(publish(pub, QUEUED, "before-" + i, false)).isZero();
                acknowledged.add("before-" + i);
            }

            Path filler = broker.rocksDbDirectory().resolve("filler");
            fs.fill(filler);
            // Once a retained write is refused the disk is known to be full: a few more publishes for the
            // offline session must be refused too.
            int queuedRefused = 0;
            int retainedRefused = 0;
            int queuedAckedWhileFull = 0;
            for (int i = 0; i < MAX_WHILE_FULL && queuedRefused == 0 && queuedAckedWhileFull < 20; i++) {
                int code = publish(pub, QUEUED, "full-" + i, false);
                if (code == 0) {
                    acknowledged.add("full-" + i);
                    queuedAckedWhileFull += retainedRefused > 0 ? 1 : 0;
                } else {
                    queuedRefused++;
                    refusals.merge(code, 1, Integer::sum);
                }
                int retainedCode = publish(pub, RETAINED + i, "r" + i, true);
                if (retainedCode < 0x80) {
                    retainedAcknowledged.add(RETAINED + i);
                } else {
                    retainedRefused++;
                    refusals.merge(retainedCode, 1, Integer::sum);
                }
            }
            soft.assertThat(refusals).as("PUBACK reason codes while the disk is full").isNotEmpty()
                    .containsOnlyKeys(QUOTA_EXCEEDED);
            soft.assertThat(retainedRefused).as("refused retained messages").isPositive();
            soft.assertThat(queuedAckedWhileFull).as("messages for the offline session acknowledged with 0x00 after"
                    + " retained writes were refused for lack of space").isZero();
            soft.assertThat(queuedRefused).as("refused messages for the offline session").isPositive();
            assertThat(pub.isConnected()).as("publisher connected while the disk is full").isTrue();
            assertThat(broker.mqtt().health()).as("/health while the disk is full").isEqualTo(200);
            assertThat(broker.logLines("ROCKS-2001")).as("ROCKS-2001 (no space) in the log").isPositive();

            Files.delete(filler);
            long freed = System.nanoTime();
            // A retained message as the probe: RocksDB's own recovery polls for free space every 5 s.
            int recoveredAfter = -1;
            for (int n = 0; recoveredAfter < 0 && System.nanoTime() - freed < RECOVERY_MS * 1_000_000; n++) {
                if (publish(pub, RETAINED + "probe", "probe-" + n, true) < 0x80) {
                    retainedAcknowledged.add(RETAINED + "probe");
                    recoveredAfter = n;
                } else {
                    RecordingClient.sleep(250);
                }
            }
            assertThat(recoveredAfter).as("a publish accepted within %d ms of deleting the filler", RECOVERY_MS)
                    .isNotNegative();
            System.out.printf("[measure] disk full: %d refusals %s; accepted again %d ms after the filler was deleted%n",
                    refusals.values().stream().mapToInt(Integer::intValue).sum(), refusals,
                    (System.nanoTime() - freed) / 1_000_000);
            for (int i = 0; i < 10; i++) {
                assertThat(publish(pub, QUEUED, "later-" + i, false)).isZero();
                acknowledged.add("later-" + i);
            }
            assertThat(publish(pub, RETAINED + "later", "later", true)).isLessThan(0x80);
            retainedAcknowledged.add(RETAINED + "later");
            pub.disconnect();
        }

        try (RecordingClient offline = new PahoV5RecordingClient(broker.tcpUri(), "full-offline")) {
            assertThat(offline.connect(true)).as("session present").isTrue();
            soft.assertThat(awaitIds(offline, acknowledged)).as("acknowledged messages for the offline session")
                    .containsAll(acknowledged);
        }
        try (RecordingClient late = new PahoV5RecordingClient(broker.tcpUri(), "full-late")) {
            late.connect(false);
            late.subscribe(RETAINED + "#");
            soft.assertThat(late.awaitTopics(RETAINED, retainedAcknowledged.size()).keySet())
                    .as("acknowledged retained messages").containsAll(retainedAcknowledged);
        }
        soft.assertAll();
    }

    /** Waits until the client got every one of {@code ids} on {@link #QUEUED}; answers the ids it got. */
    private static Set<String> awaitIds(RecordingClient c, List<String> ids) {
        long deadline = System.nanoTime() + RecordingClient.WAIT.toNanos();
        Set<String> got = idsOf(c);
        while (!got.containsAll(ids) && System.nanoTime() < deadline) {
            RecordingClient.sleep(50);
            got = idsOf(c);
        }
        return got;
    }

    private static Set<String> idsOf(RecordingClient c) {
        Set<String> ids = new HashSet<>();
        c.payloads(QUEUED).forEach(p -> ids.add(p.substring(0, p.indexOf(' '))));
        return ids;
    }

    /** Publishes at QoS 1 with a 48 KiB padding after the id; the PUBACK reason code. */
    private static int publish(RecordingClient pub, String topic, String id, boolean retain) throws Exception {
        return pub.publish(topic, id + " " + PADDING, retain);
    }

    private static void deleteTree(Path root) throws Exception {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
