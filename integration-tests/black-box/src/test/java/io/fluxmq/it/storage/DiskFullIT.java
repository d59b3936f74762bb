package io.fluxmq.it.storage;

import static org.assertj.core.api.Assertions.assertThat;

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
 * during and after, is there.
 */
class DiskFullIT {
    private static final int QUOTA_EXCEEDED = 0x97;
    private static final int TMPFS_MB = 64;
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
