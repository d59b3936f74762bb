package io.fluxmq.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.storage.LogEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * LogStore methods may be called from any thread: appends to one log from many threads still
 * get distinct, gap-free offsets, and a read never shows a gap while others append and truncate.
 */
interface LogConcurrencyConformance extends LogStoreFixture {

    @Test
    default void concurrentAppendsToOneLogGetDistinctContiguousOffsets() throws Exception {
        int threads = 8;
        int perThread = 2000;

        // Each thread waits for its own append before the next, so its offsets must grow.
        List<List<Long>> returned = Concurrently.run(threads, t -> () -> {
            List<Long> offsets = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                offsets.add(await(store().append("q", entry("q", t * perThread + i))));
            }
            return offsets;
        }, timeout().multipliedBy(4));

        Map<Long, Integer> payloadIndexByOffset = new HashMap<>();
        for (int t = 0; t < threads; t++) {
            assertThat(returned.get(t)).as("offsets returned to thread %d, in its order", t).isSorted();
            for (int i = 0; i < perThread; i++) {
                Integer previous = payloadIndexByOffset.put(returned.get(t).get(i), t * perThread + i);
                assertThat(previous).as("offset %d handed out twice", returned.get(t).get(i)).isNull();
            }
        }
        int total = threads * perThread;
        assertThat(payloadIndexByOffset.keySet()).as("offsets 0..%d without gaps", total - 1)
                .containsExactlyInAnyOrderElementsOf(LongStream.range(0, total).boxed().toList());
        assertThat(store().nextOffset("q")).isEqualTo(total);

        List<LogEntry> entries = await(store().read("q", 0, total));
        assertThat(offsetsOf(entries)).containsExactlyElementsOf(LongStream.range(0, total).boxed().toList());
        for (LogEntry e : entries) {
            assertThat(e.message().payloadAsString()).as("entry at offset %d is the message appended there", e.offset())
                    .isEqualTo("q:" + payloadIndexByOffset.get(e.offset()));
        }
    }

    @Test
    default void concurrentAppendsToDifferentLogsStayApart() throws Exception {
        int threads = 8;
        int perThread = 200;

        Concurrently.run(threads, t -> () -> append("log-" + t, 0, perThread), timeout().multipliedBy(4));

        for (int t = 0; t < threads; t++) {
            String log = "log-" + t;
            List<LogEntry> entries = await(store().read(log, 0, perThread * 2));
            assertThat(offsetsOf(entries)).as("offsets of %s", log)
                    .containsExactlyElementsOf(LongStream.range(0, perThread).boxed().toList());
            assertThat(entries).as("entries of %s", log)
                    .allSatisfy(e -> assertThat(e.message().payloadAsString()).startsWith(log + ":"));
        }
    }

    /**
     * One writer appends, one thread truncates the older half again and again, and one reads from
     * offset 0. The writer goes on until the others have had enough turns to meet it (or a cap is
     * reached), so a slow backend runs fewer operations rather than timing out.
     */
    @Test
    default void readsNeverShowGapsWhileOthersAppendAndTruncate() throws Exception {
        int minReads = 2_000;
        int minTruncations = 200;
        int maxAppends = 50_000;
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger truncations = new AtomicInteger();

        List<String> outcomes = Concurrently.run(3, role -> () -> {
            if (role == 0) {
                int appended = 0;
                while (appended < maxAppends && (reads.get() < minReads || truncations.get() < minTruncations)) {
                    await(store().append("q", entry("q", appended++)));
                }
                writing.set(false);
                return Integer.toString(appended);
            } else if (role == 1) {
                while (writing.get()) {
                    await(store().truncateBefore("q", store().nextOffset("q") / 2));
                    truncations.incrementAndGet();
                    Thread.yield();
                }
                return "";
            }
            while (writing.get()) {
                long first = store().firstOffset("q");
                List<Long> offsets = offsetsOf(await(store().read("q", 0, 50)));
                reads.incrementAndGet();
                for (int i = 1; i < offsets.size(); i++) {
                    if (offsets.get(i) != offsets.get(i - 1) + 1) {
                        return "gap in a read: " + offsets;
                    }
                }
                if (!offsets.isEmpty() && offsets.get(0) < first) {
                    return "read returned offset " + offsets.get(0) + " after firstOffset was " + first;
                }
                Thread.yield();
            }
            return "";
        }, timeout().multipliedBy(4));

        assertThat(outcomes.get(2)).as("what the reader saw").isEmpty();
        long appended = Long.parseLong(outcomes.get(0));
        assertThat(store().nextOffset("q")).isEqualTo(appended);
        long first = store().firstOffset("q");
        assertThat(offsetsOf(await(store().read("q", first, (int) appended))))
                .as("entries left after concurrent truncation run to the end without gaps")
                .containsExactlyElementsOf(LongStream.range(first, appended).boxed().toList());
    }
}
