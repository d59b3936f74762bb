package io.fluxmq.queue.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fluxmq.api.queue.AckOutcome;
import io.fluxmq.api.queue.Delivery;
import io.fluxmq.api.queue.QueueProperties;
import io.fluxmq.queue.testkit.Recorder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reopening a queue on the store that holds its log (in memory; RocksDbRestartTest for RocksDB). */
class RestartTest extends QueueTestSupport {

    @Test
    void everythingUnacknowledgedIsDeliveredAgainAndNothingAcknowledged() throws Exception {
        DurableQueue before = open(RestartScenario.CONFIG);
        RestartScenario.before(before);
        before.close();
        restartContext();
        RestartScenario.after(open(RestartScenario.CONFIG));
    }

    @Test
    void theHolderMayAcknowledgeARestoredEntryBeforeItIsDeliveredAgain() throws Exception {
        DurableQueue before = open(TestConfig.queue("resume"));
        Recorder r = new Recorder();
        consume(before, "c", "g", r, 1);
        publish(before, 1);
        long offset = r.next().offset();
        before.close();
        restartContext();

        DurableQueue after = open(TestConfig.queue("resume"));
        assertThat(get(after.ack("g", "other", offset))).isEqualTo(AckOutcome.NOT_OWNER);
        assertThat(get(after.ack("g", "c", offset))).isEqualTo(AckOutcome.OK);
        Recorder again = new Recorder();
        consume(after, "c", "g", again, 10);
        again.expectNothing(Duration.ofMillis(150));
        assertThat(after.stats().depth()).isZero();
    }

    @Test
    void aRestoredEntryAtMaxDeliveriesIsDeadLettered() throws Exception {
        TestConfig config = TestConfig.queue("once").maxDeliveries(1);
        DurableQueue before = open(config);
        Recorder r = new Recorder();
        consume(before, "c", "g", r, 1);
        publish(before, 1);
        r.next();
        before.close();
        restartContext();

        DurableQueue after = open(config);
        await().atMost(TIMEOUT).until(() -> context.deadLetters().size() == 1);
        assertThat(context.deadLetters().get(0).message().userProperty(QueueProperties.DEAD_LETTER_REASON))
                .isEqualTo(DeadLetters.REASON_MAX_DELIVERIES);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(after.stats().pending()).isZero());
        Recorder again = new Recorder();
        consume(after, "c", "g", again, 10);
        again.expectNothing(Duration.ofMillis(150));
    }

    @Test
    void purgedMessagesStayPurgedAfterARestart() throws Exception {
        DurableQueue before = open(TestConfig.queue("purge-restart"));
        Recorder r = new Recorder();
        consume(before, "c", "g", r, 1);
        publish(before, 4);
        long held = r.next().offset();
        assertThat(get(before.purge())).isEqualTo(3);
        before.close();
        restartContext();

        DurableQueue after = open(TestConfig.queue("purge-restart"));
        Recorder again = new Recorder();
        consume(after, "c2", "g", again, 10);
        assertThat(again.next().offset()).isEqualTo(held);
        again.expectNothing(Duration.ofMillis(150));
    }

    @Test
    void filteredLanesKeepTheirProgress() throws Exception {
        DurableQueue before = open(TestConfig.queue("lanes"));
        Recorder eu = new Recorder();
        consume(before, "eu", "g", "eu/#", eu, 1);
        for (String key : List.of("eu/1", "us/1", "eu/2")) {
            get(before.append(message("lanes", key, key)));
        }
        Delivery first = eu.next();
        assertThat(get(before.ack("g", "eu", first.offset()))).isEqualTo(AckOutcome.OK);
        before.close();
        restartContext();

        DurableQueue after = open(TestConfig.queue("lanes"));
        Recorder euAgain = new Recorder();
        Recorder all = new Recorder();
        consume(after, "eu", "g", "eu/#", euAgain, 10);
        consume(after, "all", "g", all, 10);
        assertThat(euAgain.next().message().payloadAsString()).isEqualTo("eu/2");
        euAgain.expectNothing(Duration.ofMillis(100));
        assertThat(all.next().offset()).as("a new lane starts at the first retained offset: the eu lane had"
                + " done everything below 2, the only lane then, so the log was truncated there").isEqualTo(2L);
        all.expectNothing(Duration.ofMillis(100));
    }
}
