package io.fluxmq.loadgen.scenario;

import io.fluxmq.api.message.QoS;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import java.util.function.IntFunction;

/**
 * Who sends to whom in a throughput scenario: every receiver subscribes to {@code filter}, every
 * publisher sends to its {@code topic}. Topic receivers each get every message; the consumers of
 * one queue group share them ({@code oneGroup}), so each message is delivered once and order is
 * only kept per consumer.
 *
 * @param version null for the run's protocol; queue scenarios need MQTT 5's user properties
 */
record Topology(String scenario, int publishers, int receivers, QoS publishQos, QoS subscribeQos,
        IntFunction<String> topic, String filter, MqttProperties subscribeProperties, boolean oneGroup,
        MqttVersion version) {

    /** Deliveries one message causes. */
    int copies() {
        return oneGroup ? 1 : receivers;
    }
}
