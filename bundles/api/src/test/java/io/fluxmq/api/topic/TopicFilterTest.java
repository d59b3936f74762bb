package io.fluxmq.api.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxmq.api.topic.InvalidTopicException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Topic filter rules and matching of MQTT 5.0 sections 4.7 and 4.8.2. */
class TopicFilterTest {

    @ParameterizedTest
    @ValueSource(strings = {"#", "+", "a/#", "+/+", "/+", "a/+/b/#", "sport/tennis/+", "+/tennis/#", "$SYS/#", "//"})
    void acceptsValidFilters(String filter) {
        assertThat(TopicFilter.of(filter).text()).isEqualTo(filter);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/#/b", "#/a", "a#", "a/b#", "##"})
    void multiLevelWildcardMustBeAloneAndLast_MQTT_4_7_1_1(String filter) {
        assertReason(filter, Reason.MISPLACED_MULTI_LEVEL_WILDCARD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a+", "a/+b", "++", "sport+"})
    void singleLevelWildcardMustBeAlone_MQTT_4_7_1_2(String filter) {
        assertReason(filter, Reason.MISPLACED_SINGLE_LEVEL_WILDCARD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"$share/", "$share/g", "$share/g/", "$share//a", "$share/g+/a", "$share/#/a"})
    void sharedSubscriptionsNeedAShareNameAndAFilter_MQTT_4_8_2_1(String filter) {
        assertReason(filter, Reason.INVALID_SHARED_SUBSCRIPTION);
    }

    @Test
    void sharedSubscriptionIsParsed() {
        TopicFilter f = TopicFilter.of("$share/workers/jobs/+/eu/#");
        assertThat(f.isShared()).isTrue();
        assertThat(f.shareGroup()).isEqualTo("workers");
        assertThat(f.filter()).isEqualTo("jobs/+/eu/#");
        assertThat(f.text()).isEqualTo("$share/workers/jobs/+/eu/#");
        assertThat(f).isNotEqualTo(TopicFilter.of("jobs/+/eu/#"));
    }

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
        "sport/tennis/player1/#, sport/tennis/player1, true",
        "sport/tennis/player1/#, sport/tennis/player1/ranking, true",
        "sport/tennis/player1/#, sport/tennis/player1/score/wimbledon, true",
        "sport/#, sport, true",
        "#, a/b/c, true",
        "sport/tennis/+, sport/tennis/player1, true",
        "sport/tennis/+, sport/tennis/player1/tricks, false",
        "sport/+, sport, false",
        "sport/+, sport/, true",
        "+/+, /finance, true",
        "/+, /finance, true",
        "+, /finance, false",
        "a/b, a/b, true",
        "a/b, a/b/c, false",
        "a/+/c, a//c, true",
        "#, $SYS/uptime, false",
        "+/monitor/Clients, $SYS/monitor/Clients, false",
        "$SYS/#, $SYS/monitor/Clients, true",
        "$SYS/monitor/+, $SYS/monitor/Clients, true",
    })
    void matchesAsTheSpecificationExamples_MQTT_4_7(String filter, String topic, boolean expected) {
        assertThat(TopicFilter.of(filter).matches(TopicName.of(topic))).isEqualTo(expected);
    }

    private static void assertReason(String filter, Reason reason) {
        assertThatThrownBy(() -> TopicFilter.of(filter))
                .isInstanceOfSatisfying(InvalidTopicException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
