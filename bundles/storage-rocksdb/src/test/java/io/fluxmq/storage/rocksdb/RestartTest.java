package io.fluxmq.storage.rocksdb;

import static io.fluxmq.storage.rocksdb.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.storage.InflightMessage;
import io.fluxmq.api.storage.InflightMessage.Direction;
import io.fluxmq.api.storage.InflightMessage.State;
import io.fluxmq.api.storage.LogEntry;
import io.fluxmq.api.storage.SessionState;
import io.fluxmq.storage.conformance.TestMessages;
import io.fluxmq.storage.rocksdb.engine.ColumnFamily;
import io.fluxmq.storage.rocksdb.engine.SyncPolicy;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Counters that must survive a restart, a clean one and a killed process. */
class RestartTest {
    @TempDir
    Path dir;

    @Test
    void inflightOrderContinuesAfterARestart() {
        RocksDbEnvironment env = Fixtures.open(dir, SyncPolicy.BATCH);
        RocksDbStateStore store = new RocksDbStateStore(env);
        await(store.saveInflight("c", inflight(30)));
        await(store.saveInflight("c", inflight(10)));
        store.close();
        env.close();

        env = Fixtures.open(dir, SyncPolicy.BATCH);
        try {
            store = new RocksDbStateStore(env);
            await(store.saveInflight("c", inflight(5)));
            await(store.saveInflight("c", new InflightMessage(30, Direction.OUTBOUND, State.AWAITING_PUBCOMP, null)));
            assertThat(await(store.loadInflight("c"))).extracting(InflightMessage::packetId, InflightMessage::state)
                    .as("a new exchange after the restart goes last; a replaced one keeps its place")
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(30, State.AWAITING_PUBCOMP),
                            org.assertj.core.groups.Tuple.tuple(10, State.AWAITING_PUBACK),
                            org.assertj.core.groups.Tuple.tuple(5, State.AWAITING_PUBACK));
        } finally {
            env.close();
        }
    }

    @Test
    void aDatabaseFromBeforeDefinitionsGetsTheFamilyOnOpenAndKeepsItsData() throws Exception {
        RocksDbEnvironment env = Fixtures.open(dir, SyncPolicy.BATCH);
        RocksDbStateStore store = new RocksDbStateStore(env);
        SessionState session = new SessionState("c", "mqtt", 5, 60, 0);
        await(store.saveSession(session));
        store.close();
        env.close();
        dropFamily(dir, ColumnFamily.DEFINITIONS);

        env = Fixtures.open(dir, SyncPolicy.BATCH);
        try {
            store = new RocksDbStateStore(env);
            assertThat(await(store.loadSession("c"))).contains(session);
            assertThat(await(store.definitionNamespaces())).isEmpty();
            await(store.putDefinition("amqp091/queues", "q", new byte[] {7}));
            assertThat(await(store.loadDefinitions("amqp091/queues")).get("q")).containsExactly(7);
        } finally {
            env.close();
        }
    }

    /** Makes the database look written by a release that did not have {@code family}. */
    private static void dropFamily(Path db, ColumnFamily family) throws Exception {
        List<byte[]> names;
        try (Options options = new Options()) {
            names = RocksDB.listColumnFamilies(options, db.toString());
        }
        List<ColumnFamilyDescriptor> descriptors = names.stream().map(ColumnFamilyDescriptor::new).toList();
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions(); RocksDB rocks = RocksDB.open(options, db.toString(), descriptors,
                handles)) {
            for (int i = 0; i < names.size(); i++) {
                if (Arrays.equals(names.get(i), family.nameBytes())) {
                    rocks.dropColumnFamily(handles.get(i));
                }
            }
        } finally {
            handles.forEach(ColumnFamilyHandle::close);
        }
        try (Options options = new Options()) {
            assertThat(RocksDB.listColumnFamilies(options, db.toString()))
                    .noneMatch(n -> Arrays.equals(n, family.nameBytes()));
        }
    }

    @Test
    void offlineSequencesAndLogOffsetsContinueAfterARestart() {
        RocksDbEnvironment env = Fixtures.open(dir, SyncPolicy.BATCH);
        RocksDbStateStore state = new RocksDbStateStore(env);
        RocksDbLogStore log = new RocksDbLogStore(env);
        long last = 0;
        for (int i = 0; i < 100; i++) {
            last = await(state.enqueueOffline("c", TestMessages.simple("o/t", "m" + i)));
            await(log.append("q", TestMessages.simple("q/t", "m" + i)));
        }
        await(state.removeOffline("c", last));
        await(log.truncateBefore("q", 100));
        env.close();

        env = Fixtures.open(dir, SyncPolicy.BATCH);
        try {
            state = new RocksDbStateStore(env);
            log = new RocksDbLogStore(env);
            assertThat(await(state.enqueueOffline("c", TestMessages.simple("o/t", "after")))).isEqualTo(last + 1);
            assertThat(await(state.offlineCount("c"))).isEqualTo(1L);
            assertThat(log.firstOffset("q")).isEqualTo(100);
            assertThat(await(log.append("q", TestMessages.simple("q/t", "after")))).isEqualTo(100L);
        } finally {
            env.close();
        }
    }

    /**
     * A broker killed mid-stream (the JVM halts with writes queued and nothing closed) keeps every
     * append it acknowledged, under every policy: "none" also survives a process crash, because the
     * WAL is in the OS page cache. Offsets stay contiguous and the next append continues them.
     */
    @ParameterizedTest
    @EnumSource(SyncPolicy.class)
    void acknowledgedAppendsSurviveAKilledProcess(SyncPolicy policy) throws Exception {
        int count = 400;
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(), dir.toString(),
                policy.configValue(), Integer.toString(count))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<String, Long> highestAcked = new HashMap<>();
        List<String> other = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                String[] parts = line.split(" ");
                if (parts.length == 3 && parts[0].equals("ACK")) {
                    highestAcked.merge(parts[1], Long.parseLong(parts[2]), Math::max);
                } else {
                    other.add(line);
                }
            }
        }
        assertThat(child.waitFor(90, TimeUnit.SECONDS)).as("the writer process ended").isTrue();
        assertThat(child.exitValue()).as("exit code (3: it never reached %d acknowledgements); output %s", count, other)
                .isZero();
        assertThat(highestAcked.values().stream().mapToLong(v -> v + 1).sum()).isGreaterThanOrEqualTo(count);

        RocksDbEnvironment env = Fixtures.open(dir, policy);
        try {
            RocksDbLogStore log = new RocksDbLogStore(env);
            for (Map.Entry<String, Long> e : highestAcked.entrySet()) {
                String name = e.getKey();
                long next = log.nextOffset(name);
                assertThat(next).as("nextOffset of %s, acknowledged up to %d", name, e.getValue())
                        .isGreaterThan(e.getValue());
                List<LogEntry> entries = await(log.read(name, 0, (int) next));
                assertThat(entries).hasSize((int) next);
                for (LogEntry entry : entries) {
                    assertThat(entry.message().payloadAsString()).isEqualTo(name + ":" + entry.offset());
                }
                assertThat(await(log.append(name, TestMessages.simple("crash/t", "after")))).isEqualTo(next);
            }
        } finally {
            env.close();
        }
    }

    private static InflightMessage inflight(int packetId) {
        return new InflightMessage(packetId, Direction.OUTBOUND, State.AWAITING_PUBACK,
                TestMessages.simple("inflight/t", "p" + packetId));
    }
}
