package io.fluxmq.mqtt.sys;

import io.fluxmq.api.message.Message;
import io.fluxmq.mqtt.broker.MqttBroker;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes every {@link MqttStatistic} on its {@code $SYS/broker/...} topic at the configured
 * interval, retained so that a new subscriber sees the latest values at once. '#' and '+' at the
 * first level do not match these topics (MQTT-4.7.2-1). Runs on the broker's timer thread.
 */
public final class SysTopicPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(SysTopicPublisher.class);

    private final MqttBroker broker;
    private ScheduledFuture<?> task;

    public SysTopicPublisher(MqttBroker broker) {
        this.broker = broker;
    }

    public synchronized void start() {
        int interval = broker.settings().sysIntervalSeconds();
        if (interval > 0 && task == null) {
            task = broker.timer().scheduleAtFixedRate(this::publishSafely, interval, interval, TimeUnit.SECONDS);
        }
    }

    public synchronized void stop() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    private void publishSafely() {
        try {
            publishNow();
        } catch (RuntimeException e) {
            LOG.warn("MQTT-4003 could not publish the $SYS statistics: {}", e.toString());
        }
    }

    /** Publishes every statistic once. */
    public void publishNow() {
        for (MqttStatistic statistic : MqttStatistic.values()) {
            Message m = Message.builder(statistic.topic()).payload(Long.toString(value(statistic))).retain(true).build();
            broker.publications().publish(m, null); // retained only when available
        }
    }

    public long value(MqttStatistic statistic) {
        BrokerStats s = broker.stats();
        return switch (statistic) {
            case CLIENTS_CONNECTED -> s.connected();
            case CLIENTS_TOTAL -> broker.sessions().size();
            case MESSAGES_RECEIVED -> s.messagesReceived();
            case MESSAGES_SENT -> s.messagesSent();
            case BYTES_RECEIVED -> s.bytesReceived();
            case BYTES_SENT -> s.bytesSent();
            case MESSAGES_DROPPED -> s.dropped();
            case MESSAGES_DROPPED_SLOW_CLIENTS -> s.droppedSlowClients();
            case MESSAGES_REJECTED -> s.messagesRejected();
            case SUBSCRIPTIONS_REJECTED -> s.subscriptionsRejected();
            case AUTHORIZATION_DENIED -> s.authorizationDenied();
            case CONNECTIONS_CLOSED_MALFORMED -> s.closedMalformed();
            case CONNECTIONS_CLOSED_PROTOCOL_ERROR -> s.closedProtocolError();
            case CONNECTIONS_CLOSED_LIMIT -> s.closedLimit();
            case SUBSCRIPTIONS -> broker.router().subscriptionCount();
            case RETAINED -> broker.retained().count();
            case UPTIME -> s.uptimeSeconds();
        };
    }
}
