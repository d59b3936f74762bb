package io.fluxmq.queue.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.queue.AckOutcome;
import io.fluxmq.api.queue.Delivery;
import io.fluxmq.queue.testkit.Recorder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A consumer's routing filter narrows what it gets, with its own progress in the group. */
class ConsumerFilterTest extends QueueTestSupport {

    @Test
    void aFilteredConsumerGetsOnlyMatchingRoutingKeys() throws Exception {
        DurableQueue queue = open(TestConfig.queue("orders"));
        Recorder eu = new Recorder();
        consume(queue, "eu-worker", "shipping", "+/eu/#", eu, 10);
        get(queue.append(message("orders", "new/eu/fr", "1")));
        get(queue.append(message("orders", "new/us/ny", "2")));
        get(queue.append(message("orders", "paid/eu", "3")));
        get(queue.append(Message.builder("$queue/orders").payload("4").build()));

        assertThat(List.of(eu.next().message().payloadAsString(), eu.next().message().payloadAsString()))
                .containsExactly("1", "3");
        eu.expectNothing(Duration.ofMillis(150));
    }

    @Test
    void filtersOfOneGroupKeepTheirOwnProgressAndAcknowledgeWithTheGroupName() throws Exception {
        DurableQueue queue = open(TestConfig.queue("regions"));
        Recorder eu = new Recorder();
        Recorder us = new Recorder();
        consume(queue, "eu", "g", "eu/#", eu, 1);
        consume(queue, "us", "g", "us/#", us, 10);
        for (String key : List.of("eu/1", "us/1", "eu/2", "us/2")) {
            get(queue.append(message("regions", key, key)));
        }
        assertThat(List.of(us.next().message().payloadAsString(), us.next().message().payloadAsString()))
                .containsExactly("us/1", "us/2");
        Delivery first = eu.next();
        assertThat(first.message().payloadAsString()).isEqualTo("eu/1");
        assertThat(first.group()).isEqualTo("g");
        eu.expectNothing(Duration.ofMillis(100));

        assertThat(get(queue.ack("g", "eu", first.offset()))).isEqualTo(AckOutcome.OK);
        assertThat(get(queue.ack("g", "eu", 1))).as("held by the us consumer").isEqualTo(AckOutcome.NOT_OWNER);
        assertThat(get(queue.ack("g", "us", 1))).isEqualTo(AckOutcome.OK);
        assertThat(get(queue.ack("g", "us", 3))).isEqualTo(AckOutcome.OK);

        assertThat(queue.stats().groups()).singleElement().satisfies(g -> {
            assertThat(g.group()).isEqualTo("g");
            assertThat(g.consumers()).isEqualTo(2);
            assertThat(g.committedOffset()).as("eu/2 at offset 2 is not done by the eu lane").isEqualTo(2);
        });
        assertThat(get(store.groups("regions"))).contains("g\u0000eu/#", "g\u0000us/#");
        assertThat(get(store.committedOffset("regions", "g\u0000us/#"))).hasValue(4);
        assertThat(store.firstOffset("regions")).isEqualTo(2);
    }

    @Test
    void messagesCapturedFromOrdinaryTopicsAreMatchedOnTheirWholeTopic() throws Exception {
        DurableQueue queue = open(TestConfig.queue("sensors"));
        Recorder temps = new Recorder();
        consume(queue, "t", "g", "sensors/+/temp", temps, 10);
        get(queue.append(Message.builder("sensors/a/temp").payload("21").build()));
        get(queue.append(Message.builder("sensors/a/humidity").payload("40").build()));
        get(queue.append(Message.builder("$queue/sensors/sensors/b/temp").payload("19").build()));
        assertThat(List.of(temps.next().message().payloadAsString(), temps.next().message().payloadAsString()))
                .containsExactly("21", "19");
        temps.expectNothing(Duration.ofMillis(100));
    }

    @Test
    void noFilterAndHashShareOneLane() throws Exception {
        DurableQueue queue = open(TestConfig.queue("all"));
        Recorder plain = new Recorder();
        Recorder hash = new Recorder();
        consume(queue, "plain", "g", plain, 10);
        consume(queue, "hash", "g", "#", hash, 10);
        publish(queue, 4);
        List<Long> offsets = List.of(plain.next().offset(), plain.next().offset(), hash.next().offset(),
                hash.next().offset());
        assertThat(offsets).as("one lane: each message once in the group").containsExactlyInAnyOrder(0L, 1L, 2L, 3L);
        plain.expectNothing(Duration.ofMillis(100));
        hash.expectNothing(Duration.ofMillis(1));
    }

    @Test
    void aFilteredLaneSkipsNonMatchingMessagesWithoutHoldingTheLog() throws Exception {
        DurableQueue queue = open(TestConfig.queue("skip"));
        Recorder rare = new Recorder(d -> { });
        consume(queue, "rare", "g", "rare/#", rare, 10);
        for (int i = 0; i < 300; i++) {
            get(queue.append(message("skip", "common/" + i, "c" + i)));
        }
        get(queue.append(message("skip", "rare/1", "r")));
        Delivery d = rare.next();
        assertThat(d.offset()).isEqualTo(300);
        assertThat(get(queue.ack("g", "rare", 300))).isEqualTo(AckOutcome.OK);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(store.firstOffset("skip")).isEqualTo(301);
            assertThat(queue.stats().depth()).isZero();
        });
    }
}
