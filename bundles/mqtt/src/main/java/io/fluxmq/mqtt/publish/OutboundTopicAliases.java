package io.fluxmq.mqtt.publish;

import java.util.HashMap;
import java.util.Map;

/**
 * Topic aliases the broker uses towards one client (section 3.3.2.3.4): topics get aliases
 * 1..maximum in the order they are first sent; once all are used, further topics are sent in
 * full. Aliases last as long as the connection (MQTT-3.3.2-7). Confined to the event loop.
 */
final class OutboundTopicAliases {
    private final int maximum;
    private Map<String, Integer> byTopic = Map.of(); // a HashMap once an alias is sent

    OutboundTopicAliases(int maximum) {
        this.maximum = maximum;
    }

    /** The alias already sent for the topic, or null. */
    Integer existing(String topic) {
        return byTopic.get(topic);
    }

    /** The alias a new topic would get, or null when none is left. */
    Integer candidate() {
        int next = byTopic.size() + 1;
        return next <= maximum ? next : null;
    }

    /** The client has been sent the topic with this alias. */
    void commit(String topic, int alias) {
        if (!(byTopic instanceof HashMap)) {
            byTopic = new HashMap<>();
        }
        byTopic.put(topic, alias);
    }
}
