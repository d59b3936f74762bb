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
            "Messages not delivered: queue overflow, too large for the client, expired, not authorized (QoS 0), "
                    + "or the client too slow (QoS 0)"),
    MESSAGES_DROPPED_SLOW_CLIENTS("messages/dropped/slow clients", "messages",
            "QoS 0 messages not sent because the client's connection was not writable (also in messages/dropped)"),
    MESSAGES_REJECTED("messages/rejected", "messages",
            "PUBLISH packets refused with an error reason code or a close: topic over the limits, invalid payload format"),
    SUBSCRIPTIONS_REJECTED("subscriptions/rejected", "filters",
            "Topic filters refused in SUBACK: invalid, over the topic limits, over the subscription quota, not authorized"),
    AUTHORIZATION_DENIED("authorization/denied", "requests",
            "PUBLISH packets, topic filters and will topics an Authorizer refused (MQTT-5001)"),
    CONNECTIONS_CLOSED_MALFORMED("connections/closed/malformed", "connections",
            "Connections closed because their input broke the MQTT format or packet order (MQTT-2001)"),
    CONNECTIONS_CLOSED_PROTOCOL_ERROR("connections/closed/protocol error", "connections",
            "Connections closed because the client broke a protocol rule the broker checks (MQTT-2002)"),
    CONNECTIONS_CLOSED_LIMIT("connections/closed/limit", "connections",
            "Connections closed because the client went over a configured limit (MQTT-2003)"),
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
