package io.fluxmq.mqtt.queue;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.message.UserProperty;
import io.fluxmq.api.queue.AckOutcome;
import io.fluxmq.api.queue.ConsumerSpec;
import io.fluxmq.api.queue.Delivery;
import io.fluxmq.api.queue.DeliveryHandler;
import io.fluxmq.api.queue.Queue;
import io.fluxmq.api.queue.QueueConsumer;
import io.fluxmq.api.queue.QueueFullException;
import io.fluxmq.api.queue.QueueManager;
import io.fluxmq.api.queue.QueueProperties;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.storage.StorageException;
import io.fluxmq.api.topic.InvalidTopicException;
import io.fluxmq.api.topic.TopicFilter;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import io.fluxmq.mqtt.connection.MqttConnection;
import io.fluxmq.mqtt.publish.Outgoing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's side of the queue manager: {@code $queue/} subscriptions are consumers of
 * queues, {@code $queue/} publishes are appends, and {@code $queue/<name>/$ack}, {@code /$nack}
 * and {@code /$reject} settle deliveries. A PUBACK (QoS 1) or PUBCOMP (QoS 2) of a queue delivery
 * acknowledges it too, which is how MQTT 3.1.1 clients consume; a QoS 0 subscription acknowledges
 * on write (at most once).
 *
 * <p>A consumer is attached while the connection is open: it is a live attachment like AMQP's
 * basic.consume, not part of the stored session. When the connection ends its deliveries not yet
 * settled go back to the queue at once.
 *
 * <p><b>Thread:</b> the connection's event loop, except {@link Attachment#deliver}, which hops to it.
 */
public final class ConnectionQueues {
    /** SUBSCRIBE user property naming the consumer group (MQTT 5); {@code $share/<group>/$queue/...} works for 3.1.1. */
    public static final String GROUP_PROPERTY = "consumer-group";
    /** SUBSCRIBE user property with a stream's start: earliest, latest, an offset or an ISO-8601 time. */
    public static final String CURSOR_PROPERTY = "cursor";
    /** Optional user property of a $nack or $reject. */
    public static final String REASON_PROPERTY = "reason";
    /** The group of consumers that name none. */
    public static final String DEFAULT_GROUP = "default";

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionQueues.class);

    private final MqttConnection c;
    private final Map<TopicFilter, Attachment> attachments = new HashMap<>();
    private final Map<String, Pending> unsettled = new HashMap<>();

    public ConnectionQueues(MqttConnection c) {
        this.c = c;
    }

    /** Whether a filter addresses queues ({@code $queue/...}, also as {@code $share/<group>/$queue/...}). */
    public static boolean addresses(TopicFilter filter) {
        return filter.filter().startsWith(QueueManager.QUEUE_PREFIX);
    }

    public static boolean addresses(String topic) {
        return topic.startsWith(QueueManager.QUEUE_PREFIX);
    }

    // ---- consuming

    /**
     * Attaches a consumer for a {@code $queue/<name>/<routing filter>} subscription, replacing
     * this connection's consumer on the same filter.
     *
     * @return the refusal, or null when attached
     */
    public PublishOutcome subscribe(Subscription sub, List<UserProperty> properties) {
        QueueManager manager = c.broker().queues();
        if (manager == null) {
            return PublishOutcome.refused(ReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, "queues are not available");
        }
        String inner = sub.filter().filter();
        int start = QueueManager.QUEUE_PREFIX.length();
        int slash = inner.indexOf('/', start);
        String name = slash < 0 ? inner.substring(start) : inner.substring(start, slash);
        String routing = slash < 0 ? "" : inner.substring(slash + 1);
        if (name.isEmpty() || name.contains("+") || name.contains("#") || name.startsWith("$")) {
            return PublishOutcome.refused(ReasonCode.TOPIC_FILTER_INVALID,
                    "a queue subscription is $queue/<name>/<routing filter>, with a name and no wildcard in it");
        }
        TopicFilter routingFilter;
        try {
            routingFilter = routing.isEmpty() || routing.equals("#") ? null : TopicFilter.of(routing);
        } catch (InvalidTopicException e) {
            return PublishOutcome.refused(ReasonCode.TOPIC_FILTER_INVALID, e.getMessage());
        }
        String group = sub.filter().isShared() ? sub.filter().shareGroup() : property(properties, GROUP_PROPERTY);
        ConsumerSpec spec = new ConsumerSpec(c.clientId(), group == null || group.isEmpty() ? DEFAULT_GROUP : group,
                routingFilter, property(properties, CURSOR_PROPERTY));
        Attachment previous = attachments.remove(sub.filter());
        if (previous != null) {
            previous.close();
        }
        Attachment a = new Attachment(name, sub);
        try {
            a.consumer = manager.subscribe(name, spec, a);
        } catch (RuntimeException e) {
            return PublishOutcome.refused(ReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, String.valueOf(e.getMessage()));
        }
        attachments.put(sub.filter(), a);
        a.consumer.addCredit(c.outbound().window());
        return null;
    }

    /** @return whether this connection consumed with that filter */
    public boolean unsubscribe(TopicFilter filter) {
        Attachment a = attachments.remove(filter);
        if (a == null) {
            return false;
        }
        a.close();
        return true;
    }

    /** The connection ended: every consumer detaches; what the outbound flow still held was abandoned by it. */
    public void closeAll() {
        for (Attachment a : attachments.values()) {
            a.close();
        }
        attachments.clear();
        for (Pending p : new ArrayList<>(unsettled.values())) {
            p.abandoned();
        }
    }

    // ---- publishing and settling

    /** A PUBLISH to a {@code $queue/} topic: an append, or a settlement of a delivery. */
    public CompletionStage<PublishOutcome> publish(Message message) {
        QueueManager manager = c.broker().queues();
        if (manager == null) {
            return CompletableFuture.completedFuture(PublishOutcome.refused(ReasonCode.IMPLEMENTATION_SPECIFIC_ERROR,
                    "queues are not available"));
        }
        String topic = message.topic().value();
        int start = QueueManager.QUEUE_PREFIX.length();
        int slash = topic.indexOf('/', start);
        if (slash > start) {
            String action = topic.substring(slash + 1);
            if (action.equals("$ack") || action.equals("$nack") || action.equals("$reject")) {
                return settle(manager, topic.substring(start, slash), action, message);
            }
        }
        CompletionStage<Integer> appended;
        try {
            appended = manager.publish(message);
        } catch (RuntimeException e) {
            appended = CompletableFuture.failedFuture(e);
        }
        return appended.handle((n, failure) -> failure == null ? PublishOutcome.OK : refusal(failure));
    }

    private static PublishOutcome refusal(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof QueueFullException
                || (cause instanceof StorageException se && se.kind() == StorageException.Kind.FULL)) {
            return PublishOutcome.refused(ReasonCode.QUOTA_EXCEEDED, cause.getMessage());
        }
        return PublishOutcome.refused(ReasonCode.UNSPECIFIED_ERROR, "the message could not be queued: " + cause.getMessage());
    }

    private CompletionStage<PublishOutcome> settle(QueueManager manager, String name, String action, Message m) {
        String messageId = m.userProperty(QueueProperties.MESSAGE_ID);
        String group = m.userProperty(QueueProperties.GROUP_ID);
        if (messageId == null || group == null) {
            return done(ReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, action + " needs the user properties "
                    + QueueProperties.MESSAGE_ID + " and " + QueueProperties.GROUP_ID);
        }
        long offset = Delivery.offsetOf(messageId, name);
        if (offset < 0) {
            return done(ReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, "'" + messageId + "' is not a message id of queue '"
                    + name + "'");
        }
        String reason = m.userProperty(REASON_PROPERTY) != null ? m.userProperty(REASON_PROPERTY)
                : "rejected by the consumer";
        Pending pending = unsettled.get(messageId);
        CompletionStage<AckOutcome> outcome;
        if (pending != null && pending.attachment.group().equals(group)) {
            pending.settled = true; // before the call: the PUBACK that may follow must not acknowledge it again
            // through the consumer it was delivered to, which follows its queue when that is reopened
            QueueConsumer consumer = pending.attachment.consumer;
            outcome = switch (action) {
                case "$ack" -> consumer.ack(offset);
                case "$nack" -> consumer.nack(offset);
                default -> consumer.reject(offset, reason);
            };
        } else {
            // not delivered on this connection (or to another group): the queue decides who may settle it
            Optional<Queue> queue = manager.queue(name);
            if (queue.isEmpty()) {
                return done(ReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, "no queue named '" + name + "' is open");
            }
            String consumer = c.clientId();
            try {
                outcome = switch (action) {
                    case "$ack" -> queue.get().ack(group, consumer, offset);
                    case "$nack" -> queue.get().nack(group, consumer, offset);
                    default -> queue.get().reject(group, consumer, offset, reason);
                };
            } catch (RuntimeException e) {
                outcome = CompletableFuture.failedFuture(e);
            }
        }
        return outcome.handle((o, failure) -> {
            if (failure != null) {
                return refusal(failure);
            }
            return switch (o) {
                case OK -> PublishOutcome.OK;
                case UNKNOWN_MESSAGE -> PublishOutcome.refused(ReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, "no delivery of "
                        + messageId + " is pending in group '" + group + "'");
                case WRONG_GROUP -> PublishOutcome.refused(ReasonCode.NOT_AUTHORIZED, messageId
                        + " was delivered to another group than '" + group + "'");
                case NOT_OWNER -> PublishOutcome.refused(ReasonCode.NOT_AUTHORIZED, messageId
                        + " is held by another consumer of group '" + group + "'");
            };
        });
    }

    private static CompletionStage<PublishOutcome> done(ReasonCode code, String reason) {
        return CompletableFuture.completedFuture(PublishOutcome.refused(code, reason));
    }

    private static String property(List<UserProperty> properties, String name) {
        for (UserProperty p : properties) {
            if (p.name().equals(name)) {
                return p.value();
            }
        }
        return null;
    }

    /** One consumer of one queue, for one subscription of this connection. */
    private final class Attachment implements DeliveryHandler {
        final String queue;
        final Subscription subscription;
        QueueConsumer consumer;
        boolean closed;

        Attachment(String queue, Subscription subscription) {
            this.queue = queue;
            this.subscription = subscription;
        }

        String group() {
            return consumer.spec().group();
        }

        /** The queue's dispatch thread: hop to the event loop. */
        @Override
        public void deliver(Delivery d) {
            c.channel().eventLoop().execute(() -> onDelivery(d));
        }

        private void onDelivery(Delivery d) {
            Pending p = new Pending(this, d);
            if (closed || !c.isOpen()) {
                p.abandoned();
                return;
            }
            unsettled.put(d.messageId(), p);
            // a queue delivery goes at the subscription's QoS: the queue, not the publisher, decides what is kept
            Message m = d.stampedMessage().withQos(subscription.options().maxQos()).withRetain(false);
            c.outbound().send(new Outgoing(m, subscription.options().subscriptionIdentifier(), p));
        }

        void close() {
            closed = true;
            consumer.close();
        }
    }

    /** One delivery between the queue and the client's acknowledgement. */
    private final class Pending implements QueueSettlement {
        final Attachment attachment;
        final Delivery delivery;
        /** The client settled it with $ack, $nack or $reject. */
        boolean settled;
        private boolean finished;

        Pending(Attachment attachment, Delivery delivery) {
            this.attachment = attachment;
            this.delivery = delivery;
        }

        /** The client acknowledged it (PUBACK, PUBCOMP) or it expired: done with, in the consumer it came to. */
        @Override
        public void completed() {
            if (finish() && !settled) {
                logged(attachment.consumer.ack(delivery.offset()), "acknowledge");
            }
        }

        /** Not delivered after all (the connection ended): the group may have it again at once. */
        @Override
        public void abandoned() {
            if (finish() && !settled) {
                logged(attachment.consumer.nack(delivery.offset()), "give back");
            }
        }

        /** A settlement that did not take: the delivery comes again after the queue's visibility timeout. */
        private void logged(CompletionStage<AckOutcome> outcome, String what) {
            outcome.whenComplete((o, e) -> {
                if (e != null || o != AckOutcome.OK) {
                    LOG.warn("MQTT-4005 could not {} message {} of queue '{}' (group '{}') for client '{}': {}; it is "
                            + "delivered again after the visibility timeout", what, delivery.messageId(),
                            delivery.queue(), delivery.group(), c.clientId(), e != null ? e.getMessage() : o);
                }
            });
        }

        private boolean finish() {
            if (finished) {
                return false;
            }
            finished = true;
            unsettled.remove(delivery.messageId(), this);
            if (!attachment.closed) {
                attachment.consumer.addCredit(1);
            }
            return true;
        }
    }
}
