package io.fluxmq.mqtt.codec.packet;

import io.fluxmq.api.message.QoS;
import java.util.Arrays;
import java.util.Objects;

/**
 * The Will Message of a CONNECT. The payload is a byte array, not a buffer: the broker keeps the
 * will for the whole session, so nothing here is reference-counted.
 *
 * @param topic the Will Topic, a valid topic name (checked by the decoder)
 * @param qos the Will QoS
 * @param retain the Will Retain flag
 * @param payload the Will Payload (copied in and out)
 * @param properties the Will Properties (MQTT 5), otherwise {@link MqttProperties#EMPTY}
 */
public record Will(String topic, QoS qos, boolean retain, byte[] payload, MqttProperties properties) {

    public Will {
        MqttStrings.check(topic, "will topic");
        Objects.requireNonNull(qos, "qos");
        payload = MqttStrings.checkBinary(Objects.requireNonNull(payload, "payload"), "will payload").clone();
        Objects.requireNonNull(properties, "properties");
    }

    /** A copy of the payload. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    public int payloadSize() {
        return payload.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Will w && topic.equals(w.topic) && qos == w.qos && retain == w.retain
                && Arrays.equals(payload, w.payload) && properties.equals(w.properties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, qos, retain, Arrays.hashCode(payload), properties);
    }

    @Override
    public String toString() {
        return "Will[topic=" + topic + ", qos=" + qos.value() + ", retain=" + retain + ", payload="
                + payload.length + " bytes, properties=" + properties + "]";
    }
}
