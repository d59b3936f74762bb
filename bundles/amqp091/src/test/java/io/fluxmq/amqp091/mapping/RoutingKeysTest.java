package io.fluxmq.amqp091.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoutingKeysTest {
    @Test
    void keysAndTopicsSwapDotsAndSlashes() {
        assertThat(RoutingKeys.topicOf("a.b.c")).isEqualTo("a/b/c");
        assertThat(RoutingKeys.topicOf("a/b.c")).isEqualTo("a.b/c");
        assertThat(RoutingKeys.swap(RoutingKeys.swap("x/y.z"))).isEqualTo("x/y.z");
        assertThat(RoutingKeys.topicOf("")).as("no topic is empty").isNull();
        assertThat(RoutingKeys.topicOf("a.+")).as("no topic holds a wildcard").isNull();
        assertThat(RoutingKeys.topicOf("a.#")).isNull();
    }

    @Test
    void patternsBecomeFiltersExactlyWhereMqttCanSayTheSame() {
        assertThat(RoutingKeys.filterOf("a.*.c")).isEqualTo(new RoutingKeys.Filter("a/+/c", true));
        assertThat(RoutingKeys.filterOf("a.#")).isEqualTo(new RoutingKeys.Filter("a/#", true));
        assertThat(RoutingKeys.filterOf("#")).isEqualTo(new RoutingKeys.Filter("#", true));
        assertThat(RoutingKeys.filterOf("a.#.z")).isEqualTo(new RoutingKeys.Filter("a/#", false));
        assertThat(RoutingKeys.filterOf("a.b+c.d")).isEqualTo(new RoutingKeys.Filter("a/#", false));
        assertThat(RoutingKeys.filterOf("sensors")).isEqualTo(new RoutingKeys.Filter("sensors", true));
    }

    @Test
    void topicPatternsMatchWords() {
        assertThat(new TopicPattern("a.*.c").matches("a.b.c")).isTrue();
        assertThat(new TopicPattern("a.*.c").matches("a.c")).isFalse();
        assertThat(new TopicPattern("a.#").matches("a")).isTrue();
        assertThat(new TopicPattern("a.#").matches("a.b.c")).isTrue();
        assertThat(new TopicPattern("a.#.z").matches("a.z")).isTrue();
        assertThat(new TopicPattern("a.#.z").matches("a.b.c.z")).isTrue();
        assertThat(new TopicPattern("a.#.z").matches("a.b.c")).isFalse();
        assertThat(new TopicPattern("#").matches("anything.at.all")).isTrue();
        assertThat(new TopicPattern("*.b").matches("a.b")).isTrue();
        assertThat(new TopicPattern("*.b").matches("b")).isFalse();
        assertThat(new TopicPattern("a.b").matches("a.b.c")).isFalse();
    }
}
