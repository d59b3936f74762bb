package io.fluxmq.core.storage;

import static io.fluxmq.core.storage.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.storage.LogEntry;
import io.fluxmq.api.storage.SessionState;
import io.fluxmq.api.storage.StateStore;
import io.fluxmq.api.storage.StoredMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Switches while writers publish without waiting for each write (up to {@value #OUTSTANDING}
 * outstanding per writer): nothing acknowledged is lost, every writer's offline queue and log keep
 * its order, and the writes held during the copy land on the new backend only.
 */
class ConcurrentSwitchTest {
    static final int WRITERS = 4;
    static final int OPS = 1500;
    static final int OUTSTANDING = 32;

    @Test
    void memoryToRocksDbWhileClientsWrite(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness("memory")) {
            Backend memory = h.bind(slowWills(Harness.memory()));
            Backend rocksdb = h.bind(h.rocksdb(dir));
            h.awaitBackend("memory");
            switchWhileWriting(h, memory, rocksdb);
        }
    }

    @Test
    void rocksDbToMemoryWhileClientsWrite(@TempDir Path dir) throws Exception {
        try (Harness h = new Harness("rocksdb")) {
            Backend rocksdb = h.bind(slowWills(h.rocksdb(dir)));
            Backend memory = h.bind(Harness.memory());
            h.awaitBackend("rocksdb");
            switchWhileWriting(h, rocksdb, memory);
        }
    }

    /** A source whose copy dwells on loading wills, so that writers certainly meet a paused gate. */
    private static Backend slowWills(Backend b) {
        StateStore slow = Wrapped.wrap(StateStore.class, b.state(), (m, args) -> {
            if (m.getName().equals("loadWills")) {
                Thread.sleep(200);
            }
            return null;
        });
        return new Backend(b.name(), slow, b.log(), -1, -1);
    }

    private static void switchWhileWriting(Harness h, Backend from, Backend to) throws Exception {
        TestData.fill(h.state(), h.log(), "base-");
        Map<String, List<Integer>> ackedOffline = new ConcurrentHashMap<>();
        Map<String, List<Integer>> ackedLog = new ConcurrentHashMap<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger progress = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(WRITERS);
        long heldBefore = h.selector.gate().heldWrites();
        for (int w = 0; w < WRITERS; w++) {
            String client = "writer-" + w;
            ackedOffline.put(client, Collections.synchronizedList(new ArrayList<>()));
            ackedLog.put(client, Collections.synchronizedList(new ArrayList<>()));
            Thread t = new Thread(() -> {
                try {
                    write(h, client, ackedOffline.get(client), ackedLog.get(client), progress, failure);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }, client);
            t.setDaemon(true);
            t.start();
        }
        org.awaitility.Awaitility.await().atMost(Harness.WAIT).pollInterval(java.time.Duration.ofMillis(2))
                .until(() -> progress.get() >= WRITERS * OPS / 3);
        h.configure(to.name());
        h.awaitBackend(to.name());
        assertThat(done.await(60, TimeUnit.SECONDS)).as("writers finished").isTrue();
        assertThat(failure.get()).as("no write failed").isNull();
        assertThat(h.selector.gate().heldWrites() - heldBefore).as("writes were held during the copy").isPositive();
        assertThat(h.selector.problems()).isEmpty();

        for (int w = 0; w < WRITERS; w++) {
            String client = "writer-" + w;
            List<StoredMessage> queue = await(to.state().peekOffline(client, Integer.MAX_VALUE));
            assertThat(queue).extracting(StoredMessage::sequence).as(client + " sequences").isSorted()
                    .doesNotHaveDuplicates();
            List<Integer> payloads = queue.stream().map(m -> Integer.parseInt(m.message().payloadAsString())).toList();
            assertThat(payloads).as(client + " offline queue: every acknowledged message, in order")
                    .isEqualTo(range(OPS)).containsAll(ackedOffline.get(client));
            List<LogEntry> log = await(to.log().read(client, 0, Integer.MAX_VALUE));
            assertThat(log).extracting(LogEntry::offset).as(client + " log offsets").isEqualTo(longRange(OPS));
            assertThat(log).extracting(e -> Integer.parseInt(e.message().payloadAsString()))
                    .as(client + " log: every acknowledged entry, in order").isEqualTo(range(OPS))
                    .containsAll(ackedLog.get(client));
            assertThat(await(to.state().loadRetained())).filteredOn(m -> m.topic().value().equals("last/" + client))
                    .extracting(Message::payloadAsString).containsExactly(String.valueOf(OPS - 1));
            Optional<SessionState> session = await(to.state().loadSession(client));
            assertThat(session).map(SessionState::expiryIntervalSeconds).contains((long) OPS - 1);

            // The old backend stopped at the switch: what it holds is a prefix of the new one.
            List<Integer> old = await(from.state().peekOffline(client, Integer.MAX_VALUE)).stream()
                    .map(m -> Integer.parseInt(m.message().payloadAsString())).toList();
            assertThat(old.size()).as(client + " writes after the switch went to the new backend only")
                    .isLessThan(OPS);
            assertThat(payloads.subList(0, old.size())).isEqualTo(old);
        }
        assertThat(Snapshot.of(to).sessions()).containsKeys("base-client-0", "base-client-4");
    }

    private static void write(Harness h, String client, List<Integer> ackedOffline, List<Integer> ackedLog,
            AtomicInteger progress, AtomicReference<Throwable> failure) throws InterruptedException {
        Semaphore outstanding = new Semaphore(OUTSTANDING);
        await(h.state().saveSession(new SessionState(client, "mqtt", 5, 0, 0)));
        for (int k = 0; k < OPS; k++) {
            int n = k;
            acquire(outstanding, 4);
            h.state().enqueueOffline(client, TestData.message("o/" + client, String.valueOf(n)))
                    .whenComplete((seq, e) -> done(outstanding, e, failure, () -> ackedOffline.add(n)));
            h.log().append(client, TestData.message("q/" + client, String.valueOf(n)))
                    .whenComplete((offset, e) -> done(outstanding, e, failure, () -> ackedLog.add(n)));
            h.state().putRetained(TestData.message("last/" + client, String.valueOf(n)))
                    .whenComplete((v, e) -> done(outstanding, e, failure, () -> { }));
            h.state().saveSession(new SessionState(client, "mqtt", 5, n, 0))
                    .whenComplete((v, e) -> done(outstanding, e, failure, () -> { }));
            progress.incrementAndGet();
            // Paced so that the switch, started a third of the way in, meets writers still writing.
            LockSupport.parkNanos(500_000);
        }
        acquire(outstanding, OUTSTANDING);
    }

    private static void acquire(Semaphore s, int permits) throws InterruptedException {
        if (!s.tryAcquire(permits, 60, TimeUnit.SECONDS)) {
            throw new AssertionError("writes did not complete within 60 s");
        }
    }

    private static void done(Semaphore outstanding, Throwable e, AtomicReference<Throwable> failure, Runnable acked) {
        if (e == null) {
            acked.run();
        } else {
            failure.compareAndSet(null, e);
        }
        outstanding.release();
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    private static List<Long> longRange(int n) {
        return range(n).stream().map(Integer::longValue).toList();
    }
}
