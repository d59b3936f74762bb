package io.fluxmq.mqtt.publish;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.message.QoS;
import io.fluxmq.api.security.Authorizer;
import io.fluxmq.api.storage.InflightMessage;
import io.fluxmq.api.storage.StorageException;
import io.fluxmq.mqtt.broker.BrokerSettings;
import io.fluxmq.mqtt.broker.MqttBroker;
import io.fluxmq.mqtt.broker.TopicLimits;
import io.fluxmq.mqtt.codec.packet.MqttPacket;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.PubAckPacket;
import io.fluxmq.mqtt.codec.packet.PubCompPacket;
import io.fluxmq.mqtt.codec.packet.PubRecPacket;
import io.fluxmq.mqtt.codec.packet.PubRelPacket;
import io.fluxmq.mqtt.codec.packet.PublishPacket;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import io.fluxmq.mqtt.connection.MqttConnection;
import io.fluxmq.mqtt.queue.ConnectionQueues;
import io.fluxmq.mqtt.queue.PublishOutcome;
import io.fluxmq.mqtt.session.Session;
import io.fluxmq.mqtt.session.StoreFailures;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * PUBLISH from the client (section 3.3) and the broker's side of its QoS 1 and 2 flows (sections
 * 4.3.2, 4.3.3, method B: the message is routed on PUBLISH, its packet identifier kept until
 * PUBREL). A PUBACK or PUBREC waits for the state store writes the message caused (retained
 * message, offline queues), so that an acknowledged message is durable.
 */
public final class PublishHandler {
    private final MqttConnection c;
    private final MqttBroker broker;
    private final BrokerSettings settings;
    private final AckQueue acks;
    private final TopicLimits topicLimits;
    // immutable and empty until first used: most connections never use them (idle RSS)
    private Map<Integer, String> topicAliases = Map.of();
    private Set<Integer> awaitingPubRel = Set.of();

    public PublishHandler(MqttConnection c) {
        this.c = c;
        this.broker = c.broker();
        this.settings = broker.settings();
        this.acks = new AckQueue(c);
        this.topicLimits = broker.topicLimits();
    }

    public void onPublish(PublishPacket p) {
        QoS qos = p.qos();
        int packetId = p.packetId();
        Message message;
        try {
            String topic = resolveTopic(p);
            if (topic == null) {
                return;
            }
            if (qos.value() > settings.maximumQos().value()) {
                c.protocolError(ReasonCode.QOS_NOT_SUPPORTED, "section 3.2.2.3.4", "QoS " + qos.value()
                        + " is above the maximum QoS " + settings.maximumQos().value());
                return;
            }
            if (p.isRetain() && !settings.retainAvailable()) {
                c.protocolError(ReasonCode.RETAIN_NOT_SUPPORTED, "MQTT-3.2.2-14", "retained messages are not available");
                return;
            }
            if (qos == QoS.EXACTLY_ONCE && awaitingPubRel.contains(packetId)) {
                acks.send(new PubRecPacket(packetId)); // a resent PUBLISH: acknowledged, not routed again
                return;
            }
            if (qos != QoS.AT_MOST_ONCE && acks.pendingQos1() + awaitingPubRel.size() >= settings.receiveMaximum()) {
                c.limitExceeded(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED, "more than receive.maximum="
                        + settings.receiveMaximum() + " unacknowledged QoS 1 and 2 messages"); // section 3.3.4
                return;
            }
            String overLimit = topicLimits.check(topic);
            if (overLimit != null) {
                refuseTopic(p, topic, overLimit);
                return;
            }
            if (!broker.authorization().isAllowed(c.principal(), Authorizer.Action.PUBLISH, topic)) {
                notAuthorized(p, topic);
                return;
            }
            if (settings.validatePayloadFormat() && MqttMessages.violatesPayloadFormat(p)) {
                invalidPayload(p);
                return;
            }
            message = MqttMessages.toMessage(topic, p);
        } finally {
            p.release();
        }
        broker.stats().messageReceived();
        route(message, packetId);
    }

    /**
     * A topic over the configured limits. MQTT 5 lets a QoS 1 or 2 PUBLISH be refused with 0x90
     * Topic Name invalid in its ack and the connection go on; a QoS 0 PUBLISH has no ack, so the
     * reason goes in a DISCONNECT. MQTT 3.1.1 has no negative ack: the connection is closed.
     */
    private void refuseTopic(PublishPacket p, String topic, String why) {
        broker.stats().messageRejected();
        if (c.isMqtt5() && p.qos() != QoS.AT_MOST_ONCE) {
            c.limitRefused(why, "refused the PUBLISH to '" + abbreviated(topic) + "'");
            refuse(p, ReasonCode.TOPIC_NAME_INVALID, why);
        } else {
            c.limitExceeded(ReasonCode.TOPIC_NAME_INVALID, why);
        }
    }

    /**
     * A PUBLISH the authorizers refused: not routed. MQTT 5 says so in the PUBACK or PUBREC (0x87);
     * a QoS 0 message has no ack and is dropped. MQTT 3.1.1 cannot say so: of the two choices the
     * spec gives (MQTT-3.3.5-2), the broker acknowledges normally and drops the message rather
     * than closing, because a closed client would reconnect and send the same QoS 1/2 message
     * again, for ever.
     */
    private void notAuthorized(PublishPacket p, String topic) {
        if (p.qos() == QoS.AT_MOST_ONCE) {
            broker.dropped(c.clientId(), topic, "not authorized");
        } else if (c.isMqtt5()) {
            refuse(p, ReasonCode.NOT_AUTHORIZED, "not authorized to publish to this topic");
        } else {
            broker.dropped(c.clientId(), topic, "not authorized");
            acks.send(p.qos() == QoS.AT_LEAST_ONCE ? new PubAckPacket(p.packetId()) : new PubRecPacket(p.packetId()));
        }
    }

    /**
     * A payload marked as UTF-8 that is not (section 3.3.2.3.2): PUBACK or PUBREC 0x99, or for QoS 0,
     * which has no ack, DISCONNECT 0x99 (section 4.13). Only MQTT 5 has the indicator.
     */
    private void invalidPayload(PublishPacket p) {
        broker.stats().messageRejected();
        String why = "the payload is marked as UTF-8 (Payload Format Indicator 1) but is not valid UTF-8";
        if (p.qos() == QoS.AT_MOST_ONCE) {
            c.protocolError(ReasonCode.PAYLOAD_FORMAT_INVALID, "section 3.3.2.3.2", why);
        } else {
            refuse(p, ReasonCode.PAYLOAD_FORMAT_INVALID, why);
        }
    }

    /** Answers a QoS 1 or 2 PUBLISH with an error code; the exchange ends there (section 4.3.3). */
    private void refuse(PublishPacket p, ReasonCode code, String why) {
        MqttProperties props = c.problem(why);
        acks.send(p.qos() == QoS.AT_LEAST_ONCE ? new PubAckPacket(p.packetId(), code, props)
                : new PubRecPacket(p.packetId(), code, props));
    }

    static String abbreviated(String topic) {
        return topic.length() <= 64 ? topic : topic.substring(0, 64) + "...";
    }

    /** Topic Alias (section 3.3.2.3.4): sets or looks up this connection's mapping. Null after a disconnect. */
    private String resolveTopic(PublishPacket p) {
        Integer alias = p.properties().topicAlias();
        String topic = p.topicName();
        if (alias == null) {
            return topic;
        }
        if (alias == 0 || alias > settings.topicAliasMaximum()) {
            c.protocolError(ReasonCode.TOPIC_ALIAS_INVALID, "MQTT-3.3.2-8, -9", "topic alias " + alias + " is not in 1.."
                    + settings.topicAliasMaximum());
            return null;
        }
        if (topic.isEmpty()) {
            String known = topicAliases.get(alias);
            if (known == null) {
                c.protocolError(ReasonCode.PROTOCOL_ERROR, "section 3.3.2.3.4", "topic alias " + alias
                        + " was never set");
            }
            return known;
        }
        if (!(topicAliases instanceof HashMap)) {
            topicAliases = new HashMap<>();
        }
        topicAliases.put(alias, topic);
        return topic;
    }

    private void route(Message message, int packetId) {
        if (ConnectionQueues.addresses(message.topic().value())) {
            toQueues(message, packetId);
            return;
        }
        Session session = c.session();
        Publications.Published published;
        CompletableFuture<Throwable> writes;
        StorageWrites.begin();
        try {
            published = broker.publications().publish(message, session.subscriberId()); // MQTT-3.3.1-5, -6
        } finally {
            writes = StorageWrites.end();
        }
        CompletionStage<Void> retained = published.retained();
        int deliveries = published.deliveries();
        QoS qos = message.qos();
        if (qos == QoS.AT_MOST_ONCE) {
            return;
        }
        CompletableFuture<Throwable> retainOutcome = retained.handle((v, e) -> e).toCompletableFuture();
        int routed = deliveries;
        // refused when the retained message or a persistent session's copy was not stored: the
        // publisher sends it again (subscribers that got it live may see it twice) rather than lose it
        acknowledgeWhen(retainOutcome.thenCombine(writes, (r, w) -> r != null ? r : w).thenApply(failure -> {
            ReasonCode reason = ackReason(failure, routed);
            return new PublishOutcome(reason, reason.isError() ? "the message could not be stored" : null);
        }), packetId, qos);
    }

    /** A PUBLISH to $queue/...: appended to queues (or settling a delivery), acknowledged once durable there. */
    private void toQueues(Message message, int packetId) {
        CompletionStage<PublishOutcome> outcome = c.queues().publish(message);
        if (message.qos() != QoS.AT_MOST_ONCE) {
            acknowledgeWhen(outcome, packetId, message.qos());
        }
    }

    /**
     * Answers a QoS 1 or 2 PUBLISH when what it depends on is done, in the order the PUBLISHes
     * came; a QoS 2 exchange is remembered (and stored for a persistent session) until PUBREL.
     */
    private void acknowledgeWhen(CompletionStage<PublishOutcome> outcome, int packetId, QoS qos) {
        Session session = c.session();
        AckQueue.Entry entry = acks.add(qos == QoS.AT_LEAST_ONCE);
        CompletionStage<Void> inflight = CompletableFuture.completedFuture(null);
        if (qos == QoS.EXACTLY_ONCE) {
            awaitPubRel(packetId);
            if (session.isPersistent()) {
                inflight = StoreFailures.logged(broker.store().saveInflight(session.clientId(), new InflightMessage(
                        packetId, InflightMessage.Direction.INBOUND, InflightMessage.State.AWAITING_PUBREL, null)),
                        "save an inbound QoS 2 exchange of client '" + session.clientId() + "'");
            }
        }
        CompletableFuture<PublishOutcome> result = outcome.toCompletableFuture();
        c.onLoop(CompletableFuture.allOf(result, inflight.toCompletableFuture())
                .handle((v, e) -> result.isCompletedExceptionally() ? null : result.join()),
                (o, e) -> acknowledge(entry, packetId, qos, o != null ? o : new PublishOutcome(
                        ReasonCode.UNSPECIFIED_ERROR, "the message could not be stored")));
    }

    private ReasonCode ackReason(Throwable storeFailure, int deliveries) {
        if (storeFailure != null) {
            Throwable cause = storeFailure instanceof CompletionException && storeFailure.getCause() != null
                    ? storeFailure.getCause() : storeFailure;
            return cause instanceof StorageException se && se.kind() == StorageException.Kind.FULL
                    ? ReasonCode.QUOTA_EXCEEDED : ReasonCode.UNSPECIFIED_ERROR;
        }
        return deliveries == 0 ? ReasonCode.NO_MATCHING_SUBSCRIBERS : ReasonCode.SUCCESS;
    }

    private void acknowledge(AckQueue.Entry entry, int packetId, QoS qos, PublishOutcome outcome) {
        ReasonCode reason = outcome.code();
        if (!c.isMqtt5()) {
            if (reason.isError()) {
                // 3.1.1 has no negative ack: not acknowledging and closing makes the client send it again
                c.disconnect(reason, "a QoS " + qos.value() + " message was not accepted (" + outcome.reason()
                        + "); MQTT 3.1.1 has no negative acknowledgement, the client sends it again");
                return;
            }
            reason = ReasonCode.SUCCESS;
        }
        MqttPacket ack;
        if (qos == QoS.AT_LEAST_ONCE) {
            ack = new PubAckPacket(packetId, reason, c.problem(reason.isError() ? outcome.reason() : null));
        } else {
            if (reason.isError()) {
                released(packetId); // a PUBREC with an error ends the exchange (section 4.3.3)
            }
            ack = new PubRecPacket(packetId, reason, c.problem(reason.isError() ? outcome.reason() : null));
        }
        acks.complete(entry, ack);
    }

    /** PUBREL: the client's QoS 2 exchange ends; answered with PUBCOMP (MQTT-4.3.3-11). */
    public void onPubRel(PubRelPacket p) {
        boolean known = awaitingPubRel.contains(p.packetId());
        released(p.packetId());
        ReasonCode reason = known || !c.isMqtt5() ? ReasonCode.SUCCESS : ReasonCode.PACKET_IDENTIFIER_NOT_FOUND;
        acks.send(new PubCompPacket(p.packetId(), reason, MqttProperties.EMPTY));
    }

    private void released(int packetId) {
        Session session = c.session();
        if (!awaitingPubRel.isEmpty() && awaitingPubRel.remove(packetId) && session.isPersistent()) {
            StoreFailures.logged(broker.store().deleteInflight(session.clientId(), packetId,
                    InflightMessage.Direction.INBOUND), "delete an inbound QoS 2 exchange of client '"
                    + session.clientId() + "'");
        }
    }

    /** The packet identifiers of a resumed session's unfinished inbound QoS 2 exchanges. */
    public void restore(List<InflightMessage> inflight) {
        for (InflightMessage m : inflight) {
            if (m.direction() == InflightMessage.Direction.INBOUND) {
                awaitPubRel(m.packetId());
            }
        }
    }

    private void awaitPubRel(int packetId) {
        if (!(awaitingPubRel instanceof HashSet)) {
            awaitingPubRel = new HashSet<>();
        }
        awaitingPubRel.add(packetId);
    }
}
