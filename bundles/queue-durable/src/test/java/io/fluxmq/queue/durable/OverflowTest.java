package io.fluxmq.queue.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.queue.AckOutcome;
import io.fluxmq.api.queue.OverflowPolicy;
import io.fluxmq.api.queue.QueueFullException;
import io.fluxmq.queue.testkit.Recorder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** maxDepth with REJECT_NEW refuses appends; with DROP_OLDEST it drops the oldest, counted. */
class OverflowTest extends QueueTestSupport {

    @Test
    void rejectNewRefusesAppendsAtMaxDepthUntilMessagesAreDone() throws Exception {
        DurableQueue queue = open(TestConfig.queue("bounded").maxDepth(3, OverflowPolicy.REJECT_NEW));
        publish(queue, 3);
        assertThat(failure(queue.append(message("bounded", "k", "too many")))).isInstanceOf(QueueFullException.class)
                .hasMessageContaining("bounded");
        assertThat(queue.stats().depth()).isEqualTo(3);
        assertThat(queue.stats().enqueued()).isEqualTo(3);
        assertThat(queue.stats().dropped()).as("a refused publish is not dropped: the publisher is told").isZero();

        Recorder r = new Recorder();
        consume(queue, "c", "g", r, 1);
        assertThat(get(queue.ack("g", "c", r.next().offset()))).isEqualTo(AckOutcome.OK);
        assertThat(get(queue.append(message("bounded", "k", "fits again")))).isEqualTo(3);
        assertThat(failure(queue.append(message("bounded", "k", "full again")))).isInstanceOf(QueueFullException.class);
    }

    @Test
    void rejectNewCountsAppendsStillInFlight() {
        DurableQueue queue = open(TestConfig.queue("burst").maxDepth(3, OverflowPolicy.REJECT_NEW));
        List<CompletionStage<Long>> appends = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            appends.add(queue.append(message("burst", "k", "m" + i)));
        }
        int accepted = 0;
        for (CompletionStage<Long> append : appends) {
            try {
                get(append);
                accepted++;
            } catch (AssertionError e) {
                assertThat(e.getCause()).isInstanceOf(QueueFullException.class);
            }
        }
        assertThat(accepted).isEqualTo(3);
        assertThat(store.nextOffset("burst")).isEqualTo(3);
    }

    @Test
    void dropOldestKeepsTheNewestMessagesAndCountsTheDropped() throws Exception {
        DurableQueue queue = open(TestConfig.queue("newest").maxDepth(3, OverflowPolicy.DROP_OLDEST));
        publish(queue, 5);
        assertThat(queue.stats().depth()).isEqualTo(3);
        assertThat(queue.stats().dropped()).isEqualTo(2);
        assertThat(store.firstOffset("newest")).isEqualTo(2);

        Recorder r = new Recorder();
        consume(queue, "c", "g", r, 10);
        assertThat(List.of(r.next().offset(), r.next().offset(), r.next().offset())).containsExactly(2L, 3L, 4L);
    }

    @Test
    void dropOldestRemovesThePendingEntriesOfDroppedMessages() throws Exception {
        DurableQueue queue = open(TestConfig.queue("evict").maxDepth(2, OverflowPolicy.DROP_OLDEST));
        Recorder r = new Recorder();
        consume(queue, "c", "g", r, 1);
        publish(queue, 1);
        long held = r.next().offset();
        publish(queue, 2);

        assertThat(queue.stats().dropped()).isEqualTo(1);
        assertThat(queue.stats().pending()).isZero();
        assertThat(queue.stats().depth()).isEqualTo(2);
        assertThat(get(store.loadPending("evict", "g"))).isEmpty();
        assertThat(get(queue.ack("g", "c", held))).isEqualTo(AckOutcome.UNKNOWN_MESSAGE);
    }
}
