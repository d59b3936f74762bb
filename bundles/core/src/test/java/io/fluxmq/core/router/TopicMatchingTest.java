package io.fluxmq.core.router;

import static io.fluxmq.core.router.Routing.msg;
import static io.fluxmq.core.router.Routing.sub;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.api.topic.TopicName;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which topics a filter matches, routed through the trie and checked against the API's reference
 * matcher {@link TopicFilter#matches}. Grouped by the MQTT 5 sections the rules come from.
 */
class TopicMatchingTest {
    // The CSV rows read "topic filter expected": a row starting with '#' would be taken for a comment.

    /** True when the router delivers a message on the topic to a single subscription with the filter. */
    private static boolean routes(String filter, String topic) {
        TrieMessageRouter router = new TrieMessageRouter();
        RecordingSubscriber s = new RecordingSubscriber("s");
        router.subscribe(s, sub(filter));
        int n = router.route(msg(topic), null);
        assertThat(s.count()).isEqualTo(n);
        boolean reference = TopicFilter.of(filter).matches(TopicName.of(topic));
        assertThat(n == 1).as("trie agrees with TopicFilter.matches for %s on %s", filter, topic).isEqualTo(reference);
        return n == 1;
    }

    @Nested
    class Section_4_7_1_Wildcards {
        @ParameterizedTest(name = "{1} matches {0}: {2}")
        @CsvSource(delimiter = ' ', value = {
            "a/b a/b true", "a/c a/b false", "a/b/c a/b false", "a a/b false",
            // '#' matches the parent level and any number of child levels (MQTT-4.7.1-1 and its non-normative examples)
            "a a/# true", "a/b a/# true", "a/b/c/d a/# true", "ab a/# false", "b/a a/# false", "a/b/c # true",
            // '+' matches exactly one level (MQTT 5 section 4.7.1.3)
            "a/b a/+ true", "a a/+ false", "a/b/c a/+ false", "a + true", "a/b + false", "a/b +/+ true",
            "a/b +/b/# true", "a/b/c +/b/# true", "a/c +/b/# false", "a/b a/+/# true", "a a/+/# false",
        })
        void wildcardsMatchAsSpecified(String topic, String filter, boolean expected) {
            assertThat(routes(filter, topic)).isEqualTo(expected);
        }
    }

    @Nested
    class EmptyLevels {
        // MQTT 5 section 4.7.1.3: "+/+" matches "/finance" (a leading '/' makes an empty first level).
        @ParameterizedTest(name = "{1} matches {0}: {2}")
        @CsvSource(delimiter = ' ', value = {
            "/finance +/+ true", "/finance /+ true", "/finance + false",
            "a//b a//b true", "a/b a//b false", "a//b a/+/b true", "a/ a/+ true", "a/ a/# true",
            "/ +/+ true", "/ # true", "/ /# true", "/ + false", "a a/ false", "a/ a false",
        })
        void emptyLevelsAreLevels(String topic, String filter, boolean expected) {
            assertThat(routes(filter, topic)).isEqualTo(expected);
        }
    }

    @Nested
    class Section_4_7_2_TopicsBeginningWithDollar {
        // MQTT-4.7.2-1: the Server MUST NOT match Topic Filters starting with a wildcard character
        // ('#' or '+') with Topic Names beginning with a '$' character.
        @ParameterizedTest(name = "{1} matches {0}: {2}")
        @CsvSource(delimiter = ' ', value = {
            "$SYS/uptime # false", "$SYS/uptime +/uptime false", "$SYS/uptime +/# false", "$SYS + false",
            "$SYS # false", "$SYS/uptime $SYS/# true", "$SYS $SYS/# true", "$SYS/uptime $SYS/+ true",
            "$SYS/uptime $SYS/uptime true", "$SYS/monitor/Clients +/monitor/Clients false",
            "$SYS/monitor/Clients $SYS/monitor/+ true",
            // only the first level counts: '$' further down is an ordinary character
            "a/$x a/+ true", "a/$x # true", "a/$x +/$x true", "$ + false", "$ $ true", "x$ # true",
        })
        void wildcardAtFirstLevelSkipsDollarTopics(String topic, String filter, boolean expected) {
            assertThat(routes(filter, topic)).isEqualTo(expected);
        }

        @Test
        void sharedSubscriptionsFollowTheDollarRuleToo() {
            TrieMessageRouter router = new TrieMessageRouter();
            RecordingSubscriber s = new RecordingSubscriber("s");
            router.subscribe(s, sub("$share/g/#"));
            router.subscribe(s, sub("$share/g/$SYS/#"));

            router.route(msg("$SYS/uptime"), null);

            assertThat(s.filters()).containsExactly(TopicFilter.of("$share/g/$SYS/#"));
        }
    }

    @Test
    void everyMatchingFilterOfTheTrieIsFoundForOneTopic() {
        TrieMessageRouter router = new TrieMessageRouter();
        List<String> matching = List.of("a/b/c", "a/b/+", "a/+/c", "+/b/c", "a/#", "a/b/#", "a/b/c/#", "#", "+/+/+");
        List<String> notMatching = List.of("a/b", "a/b/c/d", "a/+", "+/+", "b/#", "+/c/#", "a/b/d", "$SYS/#");
        RecordingSubscriber s = new RecordingSubscriber("s");
        matching.forEach(f -> router.subscribe(s, sub(f)));
        notMatching.forEach(f -> router.subscribe(s, sub(f)));

        int n = router.route(msg("a/b/c"), null);

        assertThat(n).isEqualTo(matching.size());
        assertThat(s.filters()).containsExactlyInAnyOrderElementsOf(matching.stream().map(TopicFilter::of).toList());
    }

    @Test
    void veryDeepTopicsAreMatchedWithoutRecursion() {
        // 20,000 levels: deeper than a thread stack allows for a recursive walk.
        String filter = "+/".repeat(19_999) + "+";
        String topic = "x/".repeat(19_999) + "x";
        TrieMessageRouter router = new TrieMessageRouter();
        RecordingSubscriber s = new RecordingSubscriber("s");
        router.subscribe(s, sub(filter));
        router.subscribe(s, sub("x/".repeat(19_998) + "#"));

        assertThat(router.route(msg(topic), null)).isEqualTo(2);
        assertThat(router.route(msg(topic + "/x"), null)).isEqualTo(1);
        assertThat(router.unsubscribeAll("s")).isEqualTo(2);
        assertThat(router.trieNodeCount()).isEqualTo(1);
    }
}
