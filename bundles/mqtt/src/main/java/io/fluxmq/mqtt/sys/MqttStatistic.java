package io.fluxmq.mqtt.sys;

/**
 * Every statistic the MQTT broker keeps, declared once: the $SYS topic it is published on, its
 * unit and what it means. {@link BrokerStats} holds the values.
 */
public enum MqttStatistic {
    CLIENTS_CONNECTED("clients/connected", "clients", "Clients connected now"),
    CLIENTS_TOTAL("clients/total", "sessions", "Sessions known to the broker, connected or not"),
    MESSAGES_RECEIVED("messages/received", "messages", "PUBLISH packets received from clients since start"),
    MESSAGES_SENT("messages/sent", "messages", "PUBLISH packets sent to clients since start"),
    BYTES_RECEIVED("bytes/received", "bytes", "Bytes received from MQTT clients since start"),
    BYTES_SENT("bytes/sent", "bytes", "Bytes sent to MQTT clients since start"),
    MESSAGES_DROPPED("messages/dropped", "messages",
            "Messages not delivered: offline queue overflow, too large for the client, or expired"),
    SUBSCRIPTIONS("subscriptions/count", "subscriptions", "Subscriptions in the node's router, all protocols"),
    RETAINED("retained messages/count", "messages", "Topics with a retained message"),
    UPTIME("uptime", "seconds", "Seconds since the MQTT broker started");

    /** The prefix of every statistics topic. */
    public static final String PREFIX = "$SYS/broker/";

    private final String topic;
    private final String unit;
    private final String description;

    MqttStatistic(String topic, String unit, String description) {
        this.topic = topic;
        this.unit = unit;
        this.description = description;
    }

    /** The full topic, e.g. {@code $SYS/broker/clients/connected}. */
    public String topic() {
        return PREFIX + topic;
    }

    public String unit() {
        return unit;
    }

    public String description() {
        return description;
    }
}
