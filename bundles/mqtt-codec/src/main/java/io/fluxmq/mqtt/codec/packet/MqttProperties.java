package io.fluxmq.mqtt.codec.packet;

import io.fluxmq.api.message.PayloadFormat;
import io.fluxmq.api.message.QoS;
import io.fluxmq.api.message.UserProperty;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The MQTT 5 properties of one packet (or of a Will), immutable. Absent properties read as null;
 * User Properties keep their order and may repeat; a PUBLISH from the server may carry several
 * Subscription Identifiers. MQTT 3.1.1 packets always have {@link #EMPTY}.
 *
 * <p>Values are kept as on the wire: Byte, Two Byte and Variable Byte Integers as {@link Integer},
 * Four Byte Integers as {@link Long} (they are unsigned), strings, and Binary Data as byte arrays,
 * copied in and out. The builder enforces the data type ranges and the spec's value rules (see
 * {@link MqttPropertyId#checkValue(long)}); which property belongs in which packet is checked by
 * the decoder and the encoder, not here.
 */
public final class MqttProperties {
    private static final MqttPropertyId[] IDS = MqttPropertyId.values();

    /** No properties. */
    public static final MqttProperties EMPTY = new Builder().build();

    private final Object[] values;
    private final List<UserProperty> userProperties;
    private final List<Integer> subscriptionIdentifiers;

    private MqttProperties(Builder b) {
        this.values = b.values.clone();
        this.userProperties = List.copyOf(b.userProperties);
        this.subscriptionIdentifiers = List.copyOf(b.subscriptionIdentifiers);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these properties. */
    public Builder toBuilder() {
        Builder b = new Builder();
        System.arraycopy(values, 0, b.values, 0, values.length);
        b.userProperties.addAll(userProperties);
        b.subscriptionIdentifiers.addAll(subscriptionIdentifiers);
        return b;
    }

    public boolean isEmpty() {
        return this == EMPTY || (userProperties.isEmpty() && subscriptionIdentifiers.isEmpty()
                && Arrays.stream(values).allMatch(Objects::isNull));
    }

    /** Whether the property is present (for the list-valued ones: at least once). */
    public boolean contains(MqttPropertyId id) {
        return switch (id) {
            case USER_PROPERTY -> !userProperties.isEmpty();
            case SUBSCRIPTION_IDENTIFIER -> !subscriptionIdentifiers.isEmpty();
            default -> values[id.ordinal()] != null;
        };
    }

    /**
     * The wire value of a single-valued property (Integer, Long, String or a copy of the byte
     * array), or null when absent. User Properties and Subscription Identifiers have their own
     * accessors.
     */
    public Object get(MqttPropertyId id) {
        Object v = values[id.ordinal()];
        return v instanceof byte[] bytes ? bytes.clone() : v;
    }

    public Integer payloadFormatIndicator() {
        return (Integer) values[MqttPropertyId.PAYLOAD_FORMAT_INDICATOR.ordinal()];
    }

    /** The payload format the indicator states; unspecified bytes when absent. */
    public PayloadFormat payloadFormat() {
        Integer v = payloadFormatIndicator();
        return v != null && v == 1 ? PayloadFormat.UTF8 : PayloadFormat.BYTES;
    }

    public Long messageExpiryInterval() {
        return (Long) values[MqttPropertyId.MESSAGE_EXPIRY_INTERVAL.ordinal()];
    }

    public String contentType() {
        return (String) values[MqttPropertyId.CONTENT_TYPE.ordinal()];
    }

    public String responseTopic() {
        return (String) values[MqttPropertyId.RESPONSE_TOPIC.ordinal()];
    }

    public byte[] correlationData() {
        return (byte[]) get(MqttPropertyId.CORRELATION_DATA);
    }

    /** In the order received; empty when none. */
    public List<Integer> subscriptionIdentifiers() {
        return subscriptionIdentifiers;
    }

    public Long sessionExpiryInterval() {
        return (Long) values[MqttPropertyId.SESSION_EXPIRY_INTERVAL.ordinal()];
    }

    public String assignedClientIdentifier() {
        return (String) values[MqttPropertyId.ASSIGNED_CLIENT_IDENTIFIER.ordinal()];
    }

    public Integer serverKeepAlive() {
        return (Integer) values[MqttPropertyId.SERVER_KEEP_ALIVE.ordinal()];
    }

    public String authenticationMethod() {
        return (String) values[MqttPropertyId.AUTHENTICATION_METHOD.ordinal()];
    }

    public byte[] authenticationData() {
        return (byte[]) get(MqttPropertyId.AUTHENTICATION_DATA);
    }

    public Boolean requestProblemInformation() {
        return flag(MqttPropertyId.REQUEST_PROBLEM_INFORMATION);
    }

    public Long willDelayInterval() {
        return (Long) values[MqttPropertyId.WILL_DELAY_INTERVAL.ordinal()];
    }

    public Boolean requestResponseInformation() {
        return flag(MqttPropertyId.REQUEST_RESPONSE_INFORMATION);
    }

    public String responseInformation() {
        return (String) values[MqttPropertyId.RESPONSE_INFORMATION.ordinal()];
    }

    public String serverReference() {
        return (String) values[MqttPropertyId.SERVER_REFERENCE.ordinal()];
    }

    public String reasonString() {
        return (String) values[MqttPropertyId.REASON_STRING.ordinal()];
    }

    public Integer receiveMaximum() {
        return (Integer) values[MqttPropertyId.RECEIVE_MAXIMUM.ordinal()];
    }

    public Integer topicAliasMaximum() {
        return (Integer) values[MqttPropertyId.TOPIC_ALIAS_MAXIMUM.ordinal()];
    }

    public Integer topicAlias() {
        return (Integer) values[MqttPropertyId.TOPIC_ALIAS.ordinal()];
    }

    /** QoS 0 or 1 when the server limits QoS, null when absent (meaning QoS 2). */
    public QoS maximumQos() {
        Integer v = (Integer) values[MqttPropertyId.MAXIMUM_QOS.ordinal()];
        return v == null ? null : QoS.of(v);
    }

    public Boolean retainAvailable() {
        return flag(MqttPropertyId.RETAIN_AVAILABLE);
    }

    /** In the order received; names may repeat. */
    public List<UserProperty> userProperties() {
        return userProperties;
    }

    public Long maximumPacketSize() {
        return (Long) values[MqttPropertyId.MAXIMUM_PACKET_SIZE.ordinal()];
    }

    public Boolean wildcardSubscriptionAvailable() {
        return flag(MqttPropertyId.WILDCARD_SUBSCRIPTION_AVAILABLE);
    }

    public Boolean subscriptionIdentifierAvailable() {
        return flag(MqttPropertyId.SUBSCRIPTION_IDENTIFIER_AVAILABLE);
    }

    public Boolean sharedSubscriptionAvailable() {
        return flag(MqttPropertyId.SHARED_SUBSCRIPTION_AVAILABLE);
    }

    private Boolean flag(MqttPropertyId id) {
        Integer v = (Integer) values[id.ordinal()];
        return v == null ? null : v == 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MqttProperties p && Arrays.deepEquals(values, p.values)
                && userProperties.equals(p.userProperties) && subscriptionIdentifiers.equals(p.subscriptionIdentifiers);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(values) * 31 + userProperties.hashCode() * 17 + subscriptionIdentifiers.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("{");
        for (MqttPropertyId id : IDS) {
            Object v = values[id.ordinal()];
            if (v != null) {
                s.append(s.length() > 1 ? ", " : "").append(id).append('=')
                        .append(v instanceof byte[] b ? b.length + " bytes" : v);
            }
        }
        if (!subscriptionIdentifiers.isEmpty()) {
            s.append(s.length() > 1 ? ", " : "").append("SUBSCRIPTION_IDENTIFIER=").append(subscriptionIdentifiers);
        }
        if (!userProperties.isEmpty()) {
            s.append(s.length() > 1 ? ", " : "").append("USER_PROPERTY=").append(userProperties);
        }
        return s.append('}').toString();
    }

    /** Builds properties; not thread-safe. Setting null removes a property. */
    public static final class Builder {
        private final Object[] values = new Object[IDS.length];
        private final List<UserProperty> userProperties = new ArrayList<>();
        private final List<Integer> subscriptionIdentifiers = new ArrayList<>();

        private Builder() {
        }

        /**
         * Sets a single-valued property from its wire value: an Integer or Long for numbers, a
         * String, or a byte array (copied).
         *
         * @throws IllegalArgumentException for the wrong Java type, a value out of range or
         *         against the spec's rule, and for USER_PROPERTY or SUBSCRIPTION_IDENTIFIER
         */
        public Builder set(MqttPropertyId id, Object value) {
            if (id == MqttPropertyId.USER_PROPERTY || id == MqttPropertyId.SUBSCRIPTION_IDENTIFIER) {
                throw new IllegalArgumentException(id + " is list-valued: use its add method");
            }
            values[id.ordinal()] = value == null ? null : id.checkedWireValue(value);
            return this;
        }

        public Builder payloadFormatIndicator(Integer v) {
            return set(MqttPropertyId.PAYLOAD_FORMAT_INDICATOR, v);
        }

        public Builder payloadFormat(PayloadFormat format) {
            return set(MqttPropertyId.PAYLOAD_FORMAT_INDICATOR, format == null ? null : format == PayloadFormat.UTF8 ? 1 : 0);
        }

        public Builder messageExpiryInterval(Long seconds) {
            return set(MqttPropertyId.MESSAGE_EXPIRY_INTERVAL, seconds);
        }

        public Builder contentType(String v) {
            return set(MqttPropertyId.CONTENT_TYPE, v);
        }

        public Builder responseTopic(String v) {
            return set(MqttPropertyId.RESPONSE_TOPIC, v);
        }

        public Builder correlationData(byte[] v) {
            return set(MqttPropertyId.CORRELATION_DATA, v);
        }

        /** Adds one Subscription Identifier, 1..268,435,455. */
        public Builder addSubscriptionIdentifier(int id) {
            subscriptionIdentifiers.add((Integer) MqttPropertyId.SUBSCRIPTION_IDENTIFIER.checkedWireValue(id));
            return this;
        }

        public Builder clearSubscriptionIdentifiers() {
            subscriptionIdentifiers.clear();
            return this;
        }

        public Builder sessionExpiryInterval(Long seconds) {
            return set(MqttPropertyId.SESSION_EXPIRY_INTERVAL, seconds);
        }

        public Builder assignedClientIdentifier(String v) {
            return set(MqttPropertyId.ASSIGNED_CLIENT_IDENTIFIER, v);
        }

        public Builder serverKeepAlive(Integer seconds) {
            return set(MqttPropertyId.SERVER_KEEP_ALIVE, seconds);
        }

        public Builder authenticationMethod(String v) {
            return set(MqttPropertyId.AUTHENTICATION_METHOD, v);
        }

        public Builder authenticationData(byte[] v) {
            return set(MqttPropertyId.AUTHENTICATION_DATA, v);
        }

        public Builder requestProblemInformation(Boolean v) {
            return set(MqttPropertyId.REQUEST_PROBLEM_INFORMATION, v == null ? null : v ? 1 : 0);
        }

        public Builder willDelayInterval(Long seconds) {
            return set(MqttPropertyId.WILL_DELAY_INTERVAL, seconds);
        }

        public Builder requestResponseInformation(Boolean v) {
            return set(MqttPropertyId.REQUEST_RESPONSE_INFORMATION, v == null ? null : v ? 1 : 0);
        }

        public Builder responseInformation(String v) {
            return set(MqttPropertyId.RESPONSE_INFORMATION, v);
        }

        public Builder serverReference(String v) {
            return set(MqttPropertyId.SERVER_REFERENCE, v);
        }

        public Builder reasonString(String v) {
            return set(MqttPropertyId.REASON_STRING, v);
        }

        public Builder receiveMaximum(Integer v) {
            return set(MqttPropertyId.RECEIVE_MAXIMUM, v);
        }

        public Builder topicAliasMaximum(Integer v) {
            return set(MqttPropertyId.TOPIC_ALIAS_MAXIMUM, v);
        }

        public Builder topicAlias(Integer v) {
            return set(MqttPropertyId.TOPIC_ALIAS, v);
        }

        /** QoS 0 or 1; QoS 2 is expressed by leaving the property out. */
        public Builder maximumQos(QoS qos) {
            return set(MqttPropertyId.MAXIMUM_QOS, qos == null ? null : qos.value());
        }

        public Builder retainAvailable(Boolean v) {
            return set(MqttPropertyId.RETAIN_AVAILABLE, v == null ? null : v ? 1 : 0);
        }

        public Builder addUserProperty(String name, String value) {
            MqttStrings.check(name, "user property name");
            MqttStrings.check(value, "user property value");
            userProperties.add(new UserProperty(name, value));
            return this;
        }

        public Builder userProperties(List<UserProperty> properties) {
            userProperties.clear();
            properties.forEach(p -> addUserProperty(p.name(), p.value()));
            return this;
        }

        public Builder maximumPacketSize(Long v) {
            return set(MqttPropertyId.MAXIMUM_PACKET_SIZE, v);
        }

        public Builder wildcardSubscriptionAvailable(Boolean v) {
            return set(MqttPropertyId.WILDCARD_SUBSCRIPTION_AVAILABLE, v == null ? null : v ? 1 : 0);
        }

        public Builder subscriptionIdentifierAvailable(Boolean v) {
            return set(MqttPropertyId.SUBSCRIPTION_IDENTIFIER_AVAILABLE, v == null ? null : v ? 1 : 0);
        }

        public Builder sharedSubscriptionAvailable(Boolean v) {
            return set(MqttPropertyId.SHARED_SUBSCRIPTION_AVAILABLE, v == null ? null : v ? 1 : 0);
        }

        public MqttProperties build() {
            return new MqttProperties(this);
        }
    }
}
