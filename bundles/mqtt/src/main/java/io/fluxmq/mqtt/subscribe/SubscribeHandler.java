package io.fluxmq.mqtt.subscribe;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.message.QoS;
import io.fluxmq.api.router.RetainHandling;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.security.Authorizer;
import io.fluxmq.api.router.SubscriptionOptions;
import io.fluxmq.api.topic.InvalidTopicException;
import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.mqtt.broker.BrokerSettings;
import io.fluxmq.mqtt.broker.MqttBroker;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import io.fluxmq.mqtt.codec.packet.SubAckPacket;
import io.fluxmq.mqtt.codec.packet.SubscribePacket;
import io.fluxmq.mqtt.connection.MqttConnection;
import io.fluxmq.mqtt.publish.Outgoing;
import io.fluxmq.mqtt.publish.StorageWrites;
import io.fluxmq.mqtt.queue.ConnectionQueues;
import io.fluxmq.mqtt.queue.PublishOutcome;
import io.fluxmq.mqtt.session.RetainedWatch;
import io.fluxmq.mqtt.session.Session;
import io.fluxmq.mqtt.session.StoreFailures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * SUBSCRIBE (section 3.8): one reason code per filter (MQTT-3.8.4-6), subscriptions added to the
 * router (replacing one with the same filter, MQTT-3.8.4-3), mirrored in the state store for
 * persistent sessions before SUBACK, then the matching retained messages per Retain Handling.
 */
public final class SubscribeHandler {
    private final MqttConnection c;
    private final MqttBroker broker;
    private final BrokerSettings settings;

    public SubscribeHandler(MqttConnection c) {
        this.c = c;
        this.broker = c.broker();
        this.settings = broker.settings();
    }

    public void onSubscribe(SubscribePacket p) {
        Session session = c.session();
        int subscriptionId = p.subscriptionIdentifier();
        List<ReasonCode> codes = new ArrayList<>();
        List<CompletionStage<?>> writes = new ArrayList<>();
        List<RetainedWatch> retainedFor = new ArrayList<>();
        for (io.fluxmq.mqtt.codec.packet.Subscription requested : p.subscriptions()) {
            TopicFilter filter;
            try {
                filter = TopicFilter.of(requested.topicFilter());
            } catch (InvalidTopicException e) {
                reject(codes, ReasonCode.TOPIC_FILTER_INVALID);
                continue;
            }
            String overLimit = broker.topicLimits().check(filter.text());
            if (overLimit != null) {
                c.limitRefused(overLimit, "refused the filter");
                reject(codes, ReasonCode.TOPIC_FILTER_INVALID);
                continue;
            }
            if (!broker.authorization().isAllowed(c.principal(), Authorizer.Action.SUBSCRIBE, filter.text())) {
                reject(codes, ReasonCode.NOT_AUTHORIZED);
                continue;
            }
            if (!session.subscriptions().containsKey(filter)
                    && session.subscriptions().size() >= settings.maxSubscriptions()) {
                c.limitRefused("the session has max.subscriptions=" + settings.maxSubscriptions()
                        + " subscriptions already", "refused the filter '" + filter.text() + "'");
                reject(codes, ReasonCode.QUOTA_EXCEEDED);
                continue;
            }
            var o = requested.options();
            QoS granted = o.maxQos().min(settings.maximumQos());
            Subscription sub = new Subscription(filter, new SubscriptionOptions(granted, o.noLocal(),
                    o.retainAsPublished(), o.retainHandling(), subscriptionId));
            if (ConnectionQueues.addresses(filter)) {
                PublishOutcome refused = c.queues().subscribe(sub, p.properties().userProperties());
                if (refused != null) {
                    reject(codes, refused.code());
                } else {
                    codes.add(granted(granted));
                    broker.events().subscribed(session.clientId(), filter.text());
                }
                continue; // a consumer of the connection, not of the session; queues have no retained messages
            }
            RetainHandling rh = o.retainHandling();
            // no retained messages for shared subscriptions (section 4.8.2)
            RetainedWatch watch = !filter.isShared() && settings.retainAvailable()
                    && rh != RetainHandling.DO_NOT_SEND ? session.watch(sub) : null; // before routing can reach sub
            boolean isNew = broker.router().subscribe(session.subscriber(), sub);
            session.addSubscription(sub);
            if (session.isPersistent()) {
                writes.add(StoreFailures.logged(broker.store().saveSubscription(session.clientId(), sub),
                        "save a subscription of client '" + session.clientId() + "'"));
            }
            codes.add(granted(granted));
            broker.events().subscribed(session.clientId(), filter.text());
            if (watch != null && (rh == RetainHandling.SEND_ON_SUBSCRIBE || isNew)) {
                retainedFor.add(watch); // MQTT-3.3.1-9, -10, -11
            } else if (watch != null) {
                session.unwatch(watch);
            }
        }
        c.onLoop(StorageWrites.allOf(writes), (v, e) -> {
            c.send(new SubAckPacket(p.packetId(), codes, MqttProperties.EMPTY));
            sendRetained(session, retainedFor);
        });
    }

    /**
     * Sends the retained messages matching each new subscription, except those of topics whose
     * retained message (this one or a newer) reached the subscription by routing meanwhile: a
     * message must not arrive twice (section 4.3.3), nor an old value after a new one. The
     * look-up runs after the subscription is in the router, then waits until whatever it found
     * is routed, so that the watch has seen every live delivery that could duplicate it.
     */
    private void sendRetained(Session session, List<RetainedWatch> watches) {
        if (watches.isEmpty()) {
            return;
        }
        List<List<Message>> found = new ArrayList<>(watches.size());
        for (RetainedWatch w : watches) {
            found.add(broker.retained().matching(w.subscription().filter()));
        }
        c.onLoop(broker.publications().settled(), (v, e) -> {
            for (int i = 0; i < watches.size(); i++) {
                RetainedWatch w = watches.get(i);
                for (Message m : found.get(i)) {
                    if (!w.routedLive(m.topic())) {
                        c.onDelivery(Outgoing.retained(m, w.subscription().options()));
                    }
                }
                session.unwatch(w);
            }
        });
    }

    /** 3.1.1 clients read every refusal as 0x80 (the encoder maps it). */
    private void reject(List<ReasonCode> codes, ReasonCode code) {
        broker.stats().subscriptionRejected();
        codes.add(code);
    }

    private static ReasonCode granted(QoS qos) {
        return switch (qos) {
            case AT_MOST_ONCE -> ReasonCode.GRANTED_QOS_0;
            case AT_LEAST_ONCE -> ReasonCode.GRANTED_QOS_1;
            case EXACTLY_ONCE -> ReasonCode.GRANTED_QOS_2;
        };
    }
}
