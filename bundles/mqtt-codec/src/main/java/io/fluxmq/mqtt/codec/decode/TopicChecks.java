package io.fluxmq.mqtt.codec.decode;

import static io.fluxmq.mqtt.codec.decode.MqttDecodeException.protocolError;

import io.fluxmq.api.topic.InvalidTopicException;
import io.fluxmq.api.topic.TopicName;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.ReasonCode;

/** Topic name rules, reusing the API's {@link TopicName} so every protocol agrees on them. */
final class TopicChecks {
    private TopicChecks() {
    }

    /** A Topic Name (PUBLISH, Will Topic): Topic Name invalid (0x90) when it breaks a rule. */
    static void topicName(String topic, String what) {
        try {
            TopicName.of(topic);
        } catch (InvalidTopicException e) {
            String rule = switch (e.reason()) {
                case WILDCARD_IN_NAME -> "MQTT-3.3.2-2";
                case EMPTY -> "MQTT-4.7.3-1";
                default -> "section 4.7";
            };
            throw new MqttDecodeException(ReasonCode.TOPIC_NAME_INVALID, rule, what + " is invalid: " + e.getMessage());
        }
    }

    /** A Response Topic is a topic name without wildcards (MQTT-3.3.2-14). */
    static void responseTopic(MqttProperties properties) {
        String topic = properties.responseTopic();
        if (topic != null && !TopicName.isValid(topic)) {
            throw protocolError("MQTT-3.3.2-14", "Response Topic '" + topic + "' is not a valid topic name");
        }
    }
}
