package io.fluxmq.mqtt.subscribe;

import io.fluxmq.api.topic.InvalidTopicException;
import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.mqtt.broker.MqttBroker;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import io.fluxmq.mqtt.codec.packet.UnsubAckPacket;
import io.fluxmq.mqtt.codec.packet.UnsubscribePacket;
import io.fluxmq.mqtt.connection.MqttConnection;
import io.fluxmq.mqtt.publish.StorageWrites;
import io.fluxmq.mqtt.queue.ConnectionQueues;
import io.fluxmq.mqtt.session.Session;
import io.fluxmq.mqtt.session.StoreFailures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** UNSUBSCRIBE (section 3.10): one reason code per filter in MQTT 5 (MQTT-3.11.3-1). */
public final class UnsubscribeHandler {
    private final MqttConnection c;
    private final MqttBroker broker;

    public UnsubscribeHandler(MqttConnection c) {
        this.c = c;
        this.broker = c.broker();
    }

    public void onUnsubscribe(UnsubscribePacket p) {
        Session session = c.session();
        List<ReasonCode> codes = new ArrayList<>();
        List<CompletionStage<?>> writes = new ArrayList<>();
        for (String text : p.topicFilters()) {
            TopicFilter filter;
            try {
                filter = TopicFilter.of(text);
            } catch (InvalidTopicException e) {
                codes.add(ReasonCode.TOPIC_FILTER_INVALID);
                continue;
            }
            if (ConnectionQueues.addresses(filter)) {
                codes.add(c.queues().unsubscribe(filter) ? ReasonCode.SUCCESS : ReasonCode.NO_SUBSCRIPTION_EXISTED);
                continue;
            }
            boolean existed = broker.router().unsubscribe(session.subscriberId(), filter); // MQTT-3.10.4-1
            session.removeSubscription(filter);
            if (session.isPersistent()) {
                writes.add(StoreFailures.logged(broker.store().deleteSubscription(session.clientId(), filter),
                        "delete a subscription of client '" + session.clientId() + "'"));
            }
            codes.add(existed ? ReasonCode.SUCCESS : ReasonCode.NO_SUBSCRIPTION_EXISTED);
            if (existed) {
                broker.events().unsubscribed(session.clientId(), filter.text());
            }
        }
        c.onLoop(StorageWrites.allOf(writes),
                (v, e) -> c.send(new UnsubAckPacket(p.packetId(), codes, MqttProperties.EMPTY))); // MQTT-3.10.4-4
    }
}
