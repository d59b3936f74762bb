package io.fluxmq.storage.conformance;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.message.PayloadFormat;
import io.fluxmq.api.message.QoS;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Messages for storage tests. Creation times are fixed so that a backend which re-stamps a
 * message on write is caught, and payloads are seeded so that failures are reproducible.
 */
public final class TestMessages {
    /** A creation time in the past that no store could produce by calling the clock. */
    public static final long CREATED_AT = 1_700_000_000_123L;

    /** Payload size of the large-message variant: 1 MiB. */
    public static final int LARGE_PAYLOAD = 1 << 20;

    private TestMessages() {
    }

    /** A QoS 1 message with a UTF-8 payload and nothing else set. */
    public static Message simple(String topic, String payload) {
        return Message.builder(topic)
                .payload(payload)
                .qos(QoS.AT_LEAST_ONCE)
                .createdAtMillis(CREATED_AT)
                .build();
    }

    /** A message with every property set to a value other than its default. */
    public static Message full(String topic) {
        return Message.builder(topic)
                .payload(randomBytes(4096, 1))
                .qos(QoS.EXACTLY_ONCE)
                .retain(true)
                .payloadFormat(PayloadFormat.UTF8)
                .contentType("application/json; charset=utf-8")
                .responseTopic("replies/ü/42")
                .correlationData(new byte[] {0, 1, (byte) 0x7F, (byte) 0x80, (byte) 0xFF})
                .expiryIntervalSeconds(3600)
                .createdAtMillis(CREATED_AT)
                .userProperty("trace", "first")
                .userProperty("region", "eu-west")
                .userProperty("trace", "second")
                .userProperty("", "")
                .userProperty("ключ", "値 🚀")
                .build();
    }

    /**
     * One message per property a backend must keep exactly, keyed by a readable name. Each
     * message has its own topic under {@code topicPrefix}, so the set can also be stored as
     * retained messages.
     */
    public static Map<String, Message> variants(String topicPrefix) {
        Map<String, Message> m = new LinkedHashMap<>();
        m.put("every-property", full(topicPrefix + "/every-property"));
        m.put("defaults", Message.builder(topicPrefix + "/defaults").createdAtMillis(CREATED_AT).build());
        m.put("empty-payload", Message.builder(topicPrefix + "/empty-payload")
                .qos(QoS.AT_LEAST_ONCE).createdAtMillis(CREATED_AT).build());
        m.put("one-mebibyte-payload", Message.builder(topicPrefix + "/large")
                .wrapPayload(randomBytes(LARGE_PAYLOAD, 2)).qos(QoS.AT_LEAST_ONCE)
                .createdAtMillis(CREATED_AT).build());
        m.put("every-byte-value", Message.builder(topicPrefix + "/bytes")
                .wrapPayload(everyByteValue()).createdAtMillis(CREATED_AT).build());
        m.put("utf8-payload", Message.builder(topicPrefix + "/utf8")
                .payload("héllo wörld 🌍").payloadFormat(PayloadFormat.UTF8).createdAtMillis(CREATED_AT).build());
        // Duplicate names are legal in MQTT 5 and their order is part of the message.
        m.put("duplicate-user-properties", Message.builder(topicPrefix + "/duplicates")
                .userProperty("a", "1").userProperty("b", "2").userProperty("a", "3").userProperty("a", "1")
                .createdAtMillis(CREATED_AT).build());
        // Empty values are not absent values: an encoder that maps "" or byte[0] to null loses them.
        m.put("empty-strings-and-correlation", Message.builder(topicPrefix + "/empties")
                .contentType("").responseTopic("").correlationData(new byte[0])
                .createdAtMillis(CREATED_AT).build());
        m.put("zero-expiry", Message.builder(topicPrefix + "/zero-expiry")
                .expiryIntervalSeconds(0).createdAtMillis(CREATED_AT).build());
        m.put("max-expiry", Message.builder(topicPrefix + "/max-expiry")
                .expiryIntervalSeconds(0xFFFF_FFFFL).createdAtMillis(CREATED_AT).build());
        m.put("unicode-topic", Message.builder(topicPrefix + "/ünïcödé/日本/🚀/")
                .payload("x").createdAtMillis(CREATED_AT).build());
        m.put("qos1-not-retained", Message.builder(topicPrefix + "/qos1")
                .payload("y").qos(QoS.AT_LEAST_ONCE).retain(false).createdAtMillis(CREATED_AT + 1).build());
        return m;
    }

    /** Seeded pseudo-random bytes. */
    public static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] everyByteValue() {
        byte[] bytes = new byte[512];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }
}
