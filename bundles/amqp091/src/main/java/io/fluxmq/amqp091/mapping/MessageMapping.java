package io.fluxmq.amqp091.mapping;

import io.fluxmq.amqp091.codec.BasicProperties;
import io.fluxmq.amqp091.codec.FieldTables;
import io.fluxmq.api.message.Message;
import io.fluxmq.api.message.QoS;
import io.fluxmq.api.message.UserProperty;
import io.fluxmq.api.queue.QueueProperties;
import io.fluxmq.api.topic.TopicName;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AMQP 0.9.1 content properties to the api's message and back, the table of
 * docs/protocol-mapping.md: content-type, correlation-id (as correlation data), reply-to (as
 * response topic), expiration (as message expiry, in whole seconds rounded up), delivery-mode 2
 * (as QoS 1) map to the message's own fields; string headers become user properties; the rest
 * travels in the user properties of {@link PropertyNames}.
 */
public final class MessageMapping {
    private MessageMapping() {
    }

    /** The message an AMQP publish carries. The payload array is taken over. */
    public static Message.Builder toMessage(TopicName topic, BasicProperties p, byte[] body) {
        Message.Builder b = Message.builder(topic).wrapPayload(body)
                .qos(p.persistent() ? QoS.AT_LEAST_ONCE : QoS.AT_MOST_ONCE).contentType(p.contentType());
        if (p.correlationId() != null) {
            b.correlationData(p.correlationId().getBytes(StandardCharsets.UTF_8));
        }
        if (p.replyTo() != null) {
            if (TopicName.isValid(p.replyTo())) {
                b.responseTopic(p.replyTo());
            } else {
                b.userProperty(PropertyNames.REPLY_TO, p.replyTo());
            }
        }
        if (p.expiration() != null) {
            b.expiryIntervalSeconds(expirySeconds(p.expiration()));
        }
        optional(b, PropertyNames.MESSAGE_ID, p.messageId());
        optional(b, PropertyNames.CONTENT_ENCODING, p.contentEncoding());
        optional(b, PropertyNames.PRIORITY, p.priority());
        optional(b, PropertyNames.TYPE, p.type());
        optional(b, PropertyNames.USER_ID, p.userId());
        optional(b, PropertyNames.APP_ID, p.appId());
        optional(b, PropertyNames.TIMESTAMP, p.timestamp());
        optional(b, PropertyNames.CLUSTER_ID, p.clusterId());
        if (p.headers() != null && !p.headers().isEmpty()) {
            headers(b, p.headers());
        }
        return b;
    }

    /**
     * Milliseconds as AMQP's expiration gives them, in whole seconds rounded up.
     *
     * @throws IllegalArgumentException when it is not a non-negative integer
     */
    public static long expirySeconds(String expiration) {
        long millis;
        try {
            millis = Long.parseLong(expiration.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid expiration '" + expiration + "'");
        }
        if (millis < 0) {
            throw new IllegalArgumentException("invalid expiration '" + expiration + "'");
        }
        return (millis + 999) / 1000;
    }

    private static void headers(Message.Builder b, Map<String, Object> headers) {
        boolean onlyStrings = true;
        for (Map.Entry<String, Object> e : headers.entrySet()) {
            Object v = e.getValue();
            if (v instanceof String s) {
                b.userProperty(e.getKey(), s);
            } else {
                onlyStrings = false;
                if (v != null && !(v instanceof Map) && !(v instanceof Iterable) && !(v instanceof byte[])) {
                    b.userProperty(e.getKey(), v.toString());
                }
            }
        }
        if (!onlyStrings) {
            b.userProperty(PropertyNames.HEADERS, Base64.getEncoder().encodeToString(FieldTables.toBytes(headers)));
        }
    }

    private static void optional(Message.Builder b, String name, Object value) {
        if (value != null) {
            b.userProperty(name, value.toString());
        }
    }

    /** The content properties an AMQP consumer gets for a message, published by any protocol. */
    public static BasicProperties toProperties(Message m, long nowMillis) {
        Map<String, Object> headers = null;
        String encodedHeaders = null;
        String replyTo = m.responseTopic();
        String messageId = null;
        String contentEncoding = null;
        Integer priority = null;
        String type = null;
        String userId = null;
        String appId = null;
        Long timestamp = null;
        String clusterId = null;
        for (UserProperty u : m.userProperties()) {
            String name = u.name();
            if (name.startsWith(PropertyNames.PREFIX)) {
                switch (name) {
                    case PropertyNames.REPLY_TO -> replyTo = u.value();
                    case PropertyNames.MESSAGE_ID -> messageId = u.value();
                    case PropertyNames.CONTENT_ENCODING -> contentEncoding = u.value();
                    case PropertyNames.PRIORITY -> priority = intOrNull(u.value());
                    case PropertyNames.TYPE -> type = u.value();
                    case PropertyNames.USER_ID -> userId = u.value();
                    case PropertyNames.APP_ID -> appId = u.value();
                    case PropertyNames.TIMESTAMP -> timestamp = longOrNull(u.value());
                    case PropertyNames.CLUSTER_ID -> clusterId = u.value();
                    case PropertyNames.HEADERS -> encodedHeaders = u.value();
                    default -> {
                        // the exchange and routing key are the delivery's, not properties
                    }
                }
            } else if (!QueueProperties.isReserved(name)) {
                if (headers == null) {
                    headers = new LinkedHashMap<>();
                }
                headers.putIfAbsent(name, u.value());
            }
        }
        if (encodedHeaders != null) {
            Map<String, Object> typed = decodeHeaders(encodedHeaders);
            if (typed != null) {
                headers = typed;
            }
        }
        String correlationId = m.hasCorrelationData()
                ? new String(m.correlationData(), StandardCharsets.UTF_8) : null;
        String expiration = null;
        if (m.expiryIntervalSeconds() != Message.NO_EXPIRY) {
            expiration = Long.toString(m.remainingExpirySeconds(nowMillis) * 1000);
        }
        Integer deliveryMode = m.qos() == QoS.AT_MOST_ONCE ? 1 : 2;
        return new BasicProperties(m.contentType(), contentEncoding, headers, deliveryMode, priority, correlationId,
                replyTo, expiration, messageId, timestamp, type, userId, appId, clusterId);
    }

    private static Map<String, Object> decodeHeaders(String base64) {
        try {
            return FieldTables.fromBytes(Base64.getDecoder().decode(base64));
        } catch (RuntimeException e) {
            return null; // not ours: the plain user properties stand
        }
    }

    private static Integer intOrNull(String s) {
        try {
            return Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long longOrNull(String s) {
        try {
            return Long.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
