package io.fluxmq.queue.durable;

import static io.fluxmq.queue.durable.QueueTestSupport.consume;
import static io.fluxmq.queue.durable.QueueTestSupport.get;
import static io.fluxmq.queue.durable.QueueTestSupport.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.fluxmq.api.queue.AckOutcome;
import io.fluxmq.api.queue.Delivery;
import io.fluxmq.api.queue.QueueStats.GroupStats;
import io.fluxmq.queue.testkit.Recorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The restart every log store runs: what the queue stores before, and what the reopened queue must
 * do with it. Group g has offsets 0 and 2 pending and 1 and 3 acknowledged (3 above every pending
 * entry, which only the delivered mark remembers), 4 and 5 never delivered; group h has done
 * nothing.
 */
final class RestartScenario {
    static final TestConfig CONFIG = TestConfig.queue("jobs").visibilityTimeout(Duration.ofMinutes(5));

    private RestartScenario() {
    }

    static void before(DurableQueue queue) throws Exception {
        Recorder r = new Recorder();
        consume(queue, "c", "g", r, 4);
        consume(queue, "idle", "h", new Recorder(), 0);
        for (int i = 0; i < 6; i++) {
            get(queue.append(message("jobs", "k/" + i, "job " + i)));
        }
        for (int i = 0; i < 4; i++) {
            assertThat(r.next().offset()).isEqualTo(i);
        }
        assertThat(get(queue.ack("g", "c", 3))).isEqualTo(AckOutcome.OK);
        assertThat(get(queue.ack("g", "c", 1))).isEqualTo(AckOutcome.OK);
    }

    static void after(DurableQueue reopened) throws Exception {
        assertThat(reopened.stats().groups()).extracting(GroupStats::group, GroupStats::consumers,
                GroupStats::committedOffset, GroupStats::pending)
                .containsExactly(tuple("g", 0, 0L, 2L), tuple("h", 0, 0L, 0L));
        assertThat(reopened.stats().depth()).isEqualTo(6);
        assertThat(reopened.stats().bytes()).isEqualTo(6 * "job 0".length());

        Recorder g = new Recorder();
        consume(reopened, "c2", "g", g, 10);
        Map<Long, Integer> counts = new TreeMap<>();
        List<Delivery> deliveries = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Delivery d = g.next();
            deliveries.add(d);
            counts.put(d.offset(), d.deliveryCount());
        }
        g.expectNothing(Duration.ofMillis(200));
        assertThat(counts).as("pending ones again with their count kept, undelivered ones, nothing acknowledged")
                .containsExactlyEntriesOf(new TreeMap<>(Map.of(0L, 2, 2L, 2, 4L, 1, 5L, 1)));
        assertThat(deliveries).allSatisfy(d -> assertThat(d.message().payloadAsString()).isEqualTo("job " + d.offset()));
        for (Delivery d : deliveries) {
            assertThat(get(reopened.ack("g", "c2", d.offset()))).isEqualTo(AckOutcome.OK);
        }

        Recorder h = new Recorder();
        consume(reopened, "h1", "h", h, 10);
        for (long offset = 0; offset < 6; offset++) {
            assertThat(h.next().offset()).isEqualTo(offset);
        }
        assertThat(reopened.stats().groups()).extracting(GroupStats::committedOffset).containsExactly(6L, 0L);
    }
}
