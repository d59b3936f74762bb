package io.fluxmq.api.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.api.topic.TopicName;
import org.junit.jupiter.api.Test;

class ConsumerSpecTest {
    private static boolean routes(String filter, String topic) {
        return ConsumerSpec.routes(filter == null ? null : TopicFilter.of(filter), "orders", TopicName.of(topic));
    }

    @Test
    void theRoutingKeyIsTheTopicAfterTheQueuesAddress() {
        assertThat(routes("+/eu/#", "$queue/orders/shop/eu/1")).isTrue();
        assertThat(routes("+/eu/#", "$queue/orders/shop/us/1")).isFalse();
        assertThat(routes("eu", "$queue/orders/eu")).isTrue();
    }

    @Test
    void anEmptyRoutingKeyIsTakenOnlyByHashAndNoFilter() {
        assertThat(routes(null, "$queue/orders")).isTrue();
        assertThat(routes("#", "$queue/orders")).isTrue();
        assertThat(routes("+", "$queue/orders")).isFalse();
        assertThat(routes("#", "$queue/orders/")).isTrue();
    }

    @Test
    void capturedTopicsAndOtherQueuesAreKeyedByTheirWholeTopic() {
        assertThat(routes("sensors/#", "sensors/t1")).isTrue();
        assertThat(routes("eu", "$queue/orders-eu/eu")).isFalse();
        assertThat(routes("$queue/orders-eu/#", "$queue/orders-eu/eu")).isTrue();
    }

    @Test
    void aSpecWithoutFilterTakesEverything() {
        assertThat(new ConsumerSpec("c", "g", null, null).takes("orders", TopicName.of("anything/at/all"))).isTrue();
        assertThat(new ConsumerSpec("c", "g", TopicFilter.of("a"), null).takes("orders", TopicName.of("$queue/orders/b")))
                .isFalse();
    }
}
