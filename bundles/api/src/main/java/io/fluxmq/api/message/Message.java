package io.fluxmq.api.message;

import io.fluxmq.api.topic.TopicName;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The one message every protocol converts to and from. Immutable and safe to share between
 * threads and subscribers: the router hands the same instance to every subscriber, so no
 * payload is copied per delivery.
 *
 * <p><b>Buffer ownership:</b> a message owns its payload and correlation data. The builder's
 * {@code payload(byte[])} copies; {@code wrapPayload(byte[])} takes the array over and the caller
 * must never modify it again. Accessors return read-only views or copies, never the array.
 *
 * <p>Expiry follows MQTT 5: {@link #expiryIntervalSeconds()} is the lifetime the publisher asked
 * for, counted from {@link #createdAtMillis()}; {@link #remainingExpirySeconds(long)} is what a
 * forwarder sends on.
 */
public final class Message {
    /** {@link #expiryIntervalSeconds()} of a message that never expires. */
    public static final long NO_EXPIRY = -1;

    private static final byte[] EMPTY = new byte[0];

    private final TopicName topic;
    private final byte[] payload;
    private final QoS qos;
    private final boolean retain;
    private final PayloadFormat payloadFormat;
    private final String contentType;
    private final String responseTopic;
    private final byte[] correlationData;
    private final long expiryIntervalSeconds;
    private final long createdAtMillis;
    private final List<UserProperty> userProperties;

    private Message(Builder b) {
        this.topic = Objects.requireNonNull(b.topic, "topic");
        this.payload = b.payload;
        this.qos = b.qos;
        this.retain = b.retain;
        this.payloadFormat = b.payloadFormat;
        this.contentType = b.contentType;
        this.responseTopic = b.responseTopic;
        this.correlationData = b.correlationData;
        this.expiryIntervalSeconds = b.expiryIntervalSeconds;
        this.createdAtMillis = b.createdAtMillis != 0 ? b.createdAtMillis : System.currentTimeMillis();
        this.userProperties = List.copyOf(b.userProperties);
    }

    public static Builder builder(TopicName topic) {
        return new Builder(topic);
    }

    /** Shorthand for a message on a topic given as a string, validated as a topic name. */
    public static Builder builder(String topic) {
        return new Builder(TopicName.of(topic));
    }

    public TopicName topic() {
        return topic;
    }

    /** A read-only view of the payload; the position is 0 and the limit is the size. */
    public ByteBuffer payload() {
        return ByteBuffer.wrap(payload).asReadOnlyBuffer();
    }

    /** A copy of the payload. */
    public byte[] payloadBytes() {
        return payload.clone();
    }

    /** The payload decoded as UTF-8 (malformed input is replaced, never thrown). */
    public String payloadAsString() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    public int payloadSize() {
        return payload.length;
    }

    public QoS qos() {
        return qos;
    }

    public boolean retain() {
        return retain;
    }

    public PayloadFormat payloadFormat() {
        return payloadFormat;
    }

    /** MIME type of the payload, or null. */
    public String contentType() {
        return contentType;
    }

    /** Where a responder should publish its answer (request/response), or null. */
    public String responseTopic() {
        return responseTopic;
    }

    /** A copy of the correlation data, or null. */
    public byte[] correlationData() {
        return correlationData == null ? null : correlationData.clone();
    }

    public boolean hasCorrelationData() {
        return correlationData != null;
    }

    /** Seconds the message may live from {@link #createdAtMillis()}, or {@link #NO_EXPIRY}. */
    public long expiryIntervalSeconds() {
        return expiryIntervalSeconds;
    }

    /** When the broker received the message, in epoch milliseconds. */
    public long createdAtMillis() {
        return createdAtMillis;
    }

    /** User properties in the order the publisher gave them. */
    public List<UserProperty> userProperties() {
        return userProperties;
    }

    /** The value of the first user property with this name, or null. */
    public String userProperty(String name) {
        for (UserProperty p : userProperties) {
            if (p.name().equals(name)) {
                return p.value();
            }
        }
        return null;
    }

    public boolean isExpired(long nowMillis) {
        return expiryIntervalSeconds != NO_EXPIRY && remainingExpirySeconds(nowMillis) <= 0;
    }

    /**
     * The expiry interval a forwarder must send at {@code nowMillis} (MQTT-3.3.2-6): the original
     * interval less the whole seconds the message has waited, or {@link #NO_EXPIRY}.
     */
    public long remainingExpirySeconds(long nowMillis) {
        if (expiryIntervalSeconds == NO_EXPIRY) {
            return NO_EXPIRY;
        }
        long waited = Math.max(0, nowMillis - createdAtMillis) / 1000;
        return Math.max(0, expiryIntervalSeconds - waited);
    }

    /** A builder holding this message's values; the payload array is shared, not copied. */
    public Builder toBuilder() {
        Builder b = new Builder(topic);
        b.payload = payload;
        b.qos = qos;
        b.retain = retain;
        b.payloadFormat = payloadFormat;
        b.contentType = contentType;
        b.responseTopic = responseTopic;
        b.correlationData = correlationData;
        b.expiryIntervalSeconds = expiryIntervalSeconds;
        b.createdAtMillis = createdAtMillis;
        b.userProperties.addAll(userProperties);
        return b;
    }

    /** This message with another QoS; everything else, including the payload array, is shared. */
    public Message withQos(QoS newQos) {
        return newQos == qos ? this : toBuilder().qos(newQos).build();
    }

    /** This message with the retain flag set or cleared. */
    public Message withRetain(boolean newRetain) {
        return newRetain == retain ? this : toBuilder().retain(newRetain).build();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Message m)) {
            return false;
        }
        return retain == m.retain && expiryIntervalSeconds == m.expiryIntervalSeconds
                && createdAtMillis == m.createdAtMillis && qos == m.qos
                && payloadFormat == m.payloadFormat && topic.equals(m.topic)
                && Arrays.equals(payload, m.payload) && Objects.equals(contentType, m.contentType)
                && Objects.equals(responseTopic, m.responseTopic)
                && Arrays.equals(correlationData, m.correlationData)
                && userProperties.equals(m.userProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, qos, retain, payload.length, createdAtMillis);
    }

    @Override
    public String toString() {
        return "Message[topic=" + topic + ", qos=" + qos.value() + ", retain=" + retain
                + ", payload=" + payload.length + " bytes]";
    }

    /** Builds messages; not thread-safe. */
    public static final class Builder {
        private final TopicName topic;
        private byte[] payload = EMPTY;
        private QoS qos = QoS.AT_MOST_ONCE;
        private boolean retain;
        private PayloadFormat payloadFormat = PayloadFormat.BYTES;
        private String contentType;
        private String responseTopic;
        private byte[] correlationData;
        private long expiryIntervalSeconds = NO_EXPIRY;
        private long createdAtMillis;
        private final List<UserProperty> userProperties = new ArrayList<>();

        private Builder(TopicName topic) {
            this.topic = Objects.requireNonNull(topic, "topic");
        }

        /** Copies the bytes. */
        public Builder payload(byte[] bytes) {
            this.payload = bytes.length == 0 ? EMPTY : bytes.clone();
            return this;
        }

        /** Takes the array over without copying: the caller must not modify it afterwards. */
        public Builder wrapPayload(byte[] bytes) {
            this.payload = Objects.requireNonNull(bytes, "payload");
            return this;
        }

        /** Copies the remaining bytes of the buffer without moving its position. */
        public Builder payload(ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            this.payload = bytes;
            return this;
        }

        public Builder payload(String utf8) {
            this.payload = utf8.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        public Builder qos(QoS qos) {
            this.qos = Objects.requireNonNull(qos, "qos");
            return this;
        }

        public Builder retain(boolean retain) {
            this.retain = retain;
            return this;
        }

        public Builder payloadFormat(PayloadFormat format) {
            this.payloadFormat = Objects.requireNonNull(format, "payloadFormat");
            return this;
        }

        public Builder contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        public Builder responseTopic(String responseTopic) {
            this.responseTopic = responseTopic;
            return this;
        }

        /** Copies the bytes; null clears. */
        public Builder correlationData(byte[] data) {
            this.correlationData = data == null ? null : data.clone();
            return this;
        }

        /** Seconds from creation, or {@link Message#NO_EXPIRY}. */
        public Builder expiryIntervalSeconds(long seconds) {
            if (seconds < 0 && seconds != NO_EXPIRY) {
                throw new IllegalArgumentException("expiry interval must be >= 0 or NO_EXPIRY");
            }
            this.expiryIntervalSeconds = seconds;
            return this;
        }

        /** Creation time in epoch milliseconds; defaults to the time {@link #build()} runs. */
        public Builder createdAtMillis(long millis) {
            this.createdAtMillis = millis;
            return this;
        }

        public Builder userProperty(String name, String value) {
            userProperties.add(new UserProperty(name, value));
            return this;
        }

        public Builder userProperties(List<UserProperty> properties) {
            userProperties.clear();
            userProperties.addAll(properties);
            return this;
        }

        public Message build() {
            return new Message(this);
        }
    }
}
