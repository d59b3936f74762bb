package io.fluxmq.amqp091.mapping;

/**
 * The user properties that carry AMQP 0.9.1 basic properties without an equivalent in the api's
 * message, so that they reach AMQP consumers unchanged and MQTT 5 subscribers see them too. The
 * table is in docs/protocol-mapping.md.
 */
public final class PropertyNames {
    /** The exchange an AMQP publisher used, when it was not the default exchange or amq.topic. */
    public static final String EXCHANGE = "amqp-exchange";
    /** The routing key, when the message's topic does not give it back. */
    public static final String ROUTING_KEY = "amqp-routing-key";
    /** basic.properties reply-to, when it is no MQTT topic name (else it is the response topic). */
    public static final String REPLY_TO = "amqp-reply-to";
    public static final String MESSAGE_ID = "amqp-message-id";
    public static final String CONTENT_ENCODING = "amqp-content-encoding";
    public static final String PRIORITY = "amqp-priority";
    public static final String TYPE = "amqp-type";
    public static final String USER_ID = "amqp-user-id";
    public static final String APP_ID = "amqp-app-id";
    public static final String TIMESTAMP = "amqp-timestamp";
    public static final String CLUSTER_ID = "amqp-cluster-id";
    /** The headers table as published, base64 of its wire form, when it holds values that are not strings. */
    public static final String HEADERS = "amqp-headers";
    /** Prefix of every name above: stripped from the headers an AMQP consumer gets. */
    public static final String PREFIX = "amqp-";

    private PropertyNames() {
    }
}
