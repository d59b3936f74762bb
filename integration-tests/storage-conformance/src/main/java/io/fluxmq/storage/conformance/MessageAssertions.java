package io.fluxmq.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.message.Message;
import java.util.Arrays;

/**
 * Compares messages property by property, so that a failure names the property a backend lost
 * rather than printing two whole messages (or a 1 MiB payload).
 */
public final class MessageAssertions {
    private MessageAssertions() {
    }

    /**
     * Asserts that {@code actual} equals {@code expected} in every property.
     *
     * @param context what is being compared, used as the prefix of failure messages
     */
    public static void assertSameMessage(String context, Message actual, Message expected) {
        assertThat(actual).as("%s: message", context).isNotNull();
        assertThat(actual.topic()).as("%s: topic", context).isEqualTo(expected.topic());
        assertThat(actual.qos()).as("%s: qos", context).isEqualTo(expected.qos());
        assertThat(actual.retain()).as("%s: retain", context).isEqualTo(expected.retain());
        assertThat(actual.payloadSize()).as("%s: payload size", context).isEqualTo(expected.payloadSize());
        assertThat(Arrays.mismatch(actual.payloadBytes(), expected.payloadBytes()))
                .as("%s: index of the first payload byte that differs (-1: none)", context)
                .isEqualTo(-1);
        assertThat(actual.payloadFormat()).as("%s: payload format", context).isEqualTo(expected.payloadFormat());
        assertThat(actual.contentType()).as("%s: content type", context).isEqualTo(expected.contentType());
        assertThat(actual.responseTopic()).as("%s: response topic", context).isEqualTo(expected.responseTopic());
        assertThat(actual.hasCorrelationData())
                .as("%s: correlation data present (empty and absent differ)", context)
                .isEqualTo(expected.hasCorrelationData());
        assertThat(actual.correlationData()).as("%s: correlation data", context)
                .isEqualTo(expected.correlationData());
        assertThat(actual.expiryIntervalSeconds()).as("%s: expiry interval", context)
                .isEqualTo(expected.expiryIntervalSeconds());
        assertThat(actual.createdAtMillis()).as("%s: createdAtMillis", context)
                .isEqualTo(expected.createdAtMillis());
        assertThat(actual.userProperties()).as("%s: user properties, in order, duplicates kept", context)
                .containsExactlyElementsOf(expected.userProperties());
        // Last, so that a property added to Message later is still compared.
        assertThat(actual).as("%s: Message.equals", context).isEqualTo(expected);
    }
}
