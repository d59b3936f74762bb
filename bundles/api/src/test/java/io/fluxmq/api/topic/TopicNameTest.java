package io.fluxmq.api.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxmq.api.topic.InvalidTopicException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Topic name rules of MQTT 5.0 section 4.7 (and 1.5.4 for UTF-8). */
class TopicNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "a/b/c", "/", "//", "/a", "a/", "$SYS/broker/uptime", " ", "sport/tennis player1",
        "\u00e9t\u00e9/\u6771\u4eac", "emoji/\uD83D\uDE00"})
    void acceptsValidNames(String name) {
        assertThat(TopicName.of(name).value()).isEqualTo(name);
    }

    @Test
    void emptyNameIsInvalid_MQTT_4_7_3_1() {
        assertReason("", Reason.EMPTY);
    }

    @Test
    void wildcardsAreNotAllowedInNames_MQTT_3_3_2_2() {
        assertReason("a/+/b", Reason.WILDCARD_IN_NAME);
        assertReason("a/#", Reason.WILDCARD_IN_NAME);
        assertReason("a+b", Reason.WILDCARD_IN_NAME);
    }

    @Test
    void nullCharacterIsInvalid_MQTT_4_7_3_2() {
        assertReason("a/\u0000/b", Reason.NULL_CHARACTER);
    }

    @Test
    void unpairedSurrogatesAreInvalid_MQTT_1_5_4_1() {
        assertReason("a\uD800", Reason.MALFORMED_UTF16);
        assertReason("a\uDC00b", Reason.MALFORMED_UTF16);
        assertReason("\uD800\uD800", Reason.MALFORMED_UTF16);
    }

    @Test
    void lengthIsCountedInUtf8Bytes() {
        assertThat(TopicName.isValid("a".repeat(65_535))).isTrue();
        assertReason("a".repeat(65_536), Reason.TOO_LONG);
        // 21,845 three-byte characters are 65,535 bytes; one more is too many.
        assertThat(TopicName.isValid("\u6771".repeat(21_845))).isTrue();
        assertReason("\u6771".repeat(21_846), Reason.TOO_LONG);
    }

    @Test
    void levelsKeepEmptyLevels() {
        assertThat(TopicName.of("/a//b/").levels()).containsExactly("", "a", "", "b", "");
        assertThat(TopicName.of("a").levelCount()).isEqualTo(1);
    }

    @Test
    void dollarTopicsAreSystemTopics() {
        assertThat(TopicName.of("$SYS/x").isSystem()).isTrue();
        assertThat(TopicName.of("a/$SYS").isSystem()).isFalse();
    }

    private static void assertReason(String name, Reason reason) {
        assertThatThrownBy(() -> TopicName.of(name))
                .isInstanceOfSatisfying(InvalidTopicException.class, e -> assertThat(e.reason()).isEqualTo(reason));
        assertThat(TopicName.isValid(name)).isFalse();
    }
}
