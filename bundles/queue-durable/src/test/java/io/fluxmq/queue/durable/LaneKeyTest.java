package io.fluxmq.queue.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.topic.TopicFilter;
import org.junit.jupiter.api.Test;

/** Stored group keys parse back to their lanes; routing keys are matched as documented. */
class LaneKeyTest {

    @Test
    void storedKeysParseBackToTheirLane() {
        LaneKey plain = new LaneKey("workers", null);
        LaneKey filtered = new LaneKey("workers", TopicFilter.of("+/eu/#"));
        assertThat(plain.storedKey()).isEqualTo("workers");
        assertThat(filtered.storedKey()).isEqualTo("workers\u0000+/eu/#");
        for (LaneKey key : new LaneKey[] {plain, filtered}) {
            assertThat(LaneKey.parse(key.storedKey())).isEqualTo(key);
            assertThat(LaneKey.isMarkKey(key.storedKey())).isFalse();
            assertThat(LaneKey.isMarkKey(key.markKey())).isTrue();
            assertThat(LaneKey.parse(key.markKey())).isEqualTo(key);
        }
    }

    @Test
    void hashIsTheUnfilteredLane() {
        assertThat(new LaneKey("g", TopicFilter.of("#"))).isEqualTo(new LaneKey("g", null));
    }

    @Test
    void aGroupNameWithU0000IsRefused() {
        assertThatThrownBy(() -> new LaneKey("a\u0000b", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStoredKeyWithAnInvalidFilterIsRefused() {
        assertThatThrownBy(() -> LaneKey.parse("g\u0000a/#/b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void routingKeysAreTheTopicAfterTheQueueAddressOrTheWholeCapturedTopic() {
        LaneKey eu = new LaneKey("g", TopicFilter.of("+/eu/#"));
        assertThat(eu.accepts("orders", topic("$queue/orders/new/eu/fr"))).isTrue();
        assertThat(eu.accepts("orders", topic("$queue/orders/new/eu"))).isTrue();
        assertThat(eu.accepts("orders", topic("$queue/orders/new/us"))).isFalse();
        assertThat(eu.accepts("orders", topic("$queue/orders"))).as("no routing key").isFalse();
        assertThat(eu.accepts("orders", topic("$queue/orders/"))).as("empty routing key").isFalse();
        assertThat(eu.accepts("orders", topic("x/eu/y"))).as("a captured topic").isTrue();
        assertThat(eu.accepts("orders", topic("$queue/ordersX/new/eu"))).as("another queue's address, whole")
                .isFalse();
        assertThat(new LaneKey("g", TopicFilter.of("$queue/ordersX/#")).accepts("orders", topic("$queue/ordersX/a")))
                .isTrue();
        assertThat(new LaneKey("g", null).accepts("orders", topic("$queue/orders"))).isTrue();
    }

    private static Message topic(String topic) {
        return Message.builder(topic).build();
    }
}
