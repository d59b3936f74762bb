package io.fluxmq.amqp091.codec;

import io.netty.buffer.ByteBuf;
import java.util.Map;

/**
 * The content properties of the {@code basic} class, as carried by a content header frame. A null
 * component is a property that is absent.
 *
 * @param contentType MIME content type
 * @param contentEncoding MIME content encoding
 * @param headers application headers
 * @param deliveryMode 1 for transient, 2 for persistent
 * @param priority 0 to 9
 * @param correlationId application correlation identifier
 * @param replyTo address to reply to
 * @param expiration message expiration, milliseconds as text
 * @param messageId application message identifier
 * @param timestamp message timestamp, seconds since the epoch
 * @param type message type name
 * @param userId creating user id
 * @param appId creating application id
 * @param clusterId reserved, must be empty
 */
public record BasicProperties(
        String contentType,
        String contentEncoding,
        Map<String, Object> headers,
        Integer deliveryMode,
        Integer priority,
        String correlationId,
        String replyTo,
        String expiration,
        String messageId,
        Long timestamp,
        String type,
        String userId,
        String appId,
        String clusterId) {

    /** No properties at all. */
    public static final BasicProperties EMPTY =
            new BasicProperties(null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    private static final int CONTENT_TYPE = 1 << 15;
    private static final int CONTENT_ENCODING = 1 << 14;
    private static final int HEADERS = 1 << 13;
    private static final int DELIVERY_MODE = 1 << 12;
    private static final int PRIORITY = 1 << 11;
    private static final int CORRELATION_ID = 1 << 10;
    private static final int REPLY_TO = 1 << 9;
    private static final int EXPIRATION = 1 << 8;
    private static final int MESSAGE_ID = 1 << 7;
    private static final int TIMESTAMP = 1 << 6;
    private static final int TYPE = 1 << 5;
    private static final int USER_ID = 1 << 4;
    private static final int APP_ID = 1 << 3;
    private static final int CLUSTER_ID = 1 << 2;
    private static final int CONTINUATION = 1;

    /** @return whether the delivery mode is 2 (persistent) */
    public boolean persistent() {
        return deliveryMode != null && deliveryMode == 2;
    }

    /**
     * Reads the property flags and the properties they announce. Further flag words (after a word
     * with the continuation bit) are read and ignored: the {@code basic} class has no properties in them.
     *
     * @param in the buffer, positioned at the first property flags word
     * @return the properties
     * @throws AmqpException with {@link ReplyCode#SYNTAX_ERROR} if they are truncated or malformed
     */
    public static BasicProperties read(ByteBuf in) {
        try {
            int flags = in.readUnsignedShort();
            for (int word = flags; (word & CONTINUATION) != 0; ) {
                word = in.readUnsignedShort();
            }
            return new BasicProperties(
                    (flags & CONTENT_TYPE) != 0 ? Wire.readShortString(in) : null,
                    (flags & CONTENT_ENCODING) != 0 ? Wire.readShortString(in) : null,
                    (flags & HEADERS) != 0 ? FieldTables.readTable(in) : null,
                    (flags & DELIVERY_MODE) != 0 ? Integer.valueOf(in.readUnsignedByte()) : null,
                    (flags & PRIORITY) != 0 ? Integer.valueOf(in.readUnsignedByte()) : null,
                    (flags & CORRELATION_ID) != 0 ? Wire.readShortString(in) : null,
                    (flags & REPLY_TO) != 0 ? Wire.readShortString(in) : null,
                    (flags & EXPIRATION) != 0 ? Wire.readShortString(in) : null,
                    (flags & MESSAGE_ID) != 0 ? Wire.readShortString(in) : null,
                    (flags & TIMESTAMP) != 0 ? Long.valueOf(in.readLong()) : null,
                    (flags & TYPE) != 0 ? Wire.readShortString(in) : null,
                    (flags & USER_ID) != 0 ? Wire.readShortString(in) : null,
                    (flags & APP_ID) != 0 ? Wire.readShortString(in) : null,
                    (flags & CLUSTER_ID) != 0 ? Wire.readShortString(in) : null);
        } catch (IndexOutOfBoundsException e) {
            throw new AmqpException(ReplyCode.SYNTAX_ERROR, "truncated content properties: " + e.getMessage());
        }
    }

    /**
     * Writes the property flags and the properties that are present.
     *
     * @param out the buffer
     * @throws IllegalArgumentException if a short string property is longer than 255 bytes or a
     *     header value has no field type
     */
    public void write(ByteBuf out) {
        out.writeShort(flags());
        shortStr(out, contentType);
        shortStr(out, contentEncoding);
        if (headers != null) {
            FieldTables.writeTable(headers, out);
        }
        if (deliveryMode != null) {
            out.writeByte(deliveryMode);
        }
        if (priority != null) {
            out.writeByte(priority);
        }
        shortStr(out, correlationId);
        shortStr(out, replyTo);
        shortStr(out, expiration);
        shortStr(out, messageId);
        if (timestamp != null) {
            out.writeLong(timestamp);
        }
        shortStr(out, type);
        shortStr(out, userId);
        shortStr(out, appId);
        shortStr(out, clusterId);
    }

    private int flags() {
        return flag(contentType, CONTENT_TYPE)
                | flag(contentEncoding, CONTENT_ENCODING)
                | flag(headers, HEADERS)
                | flag(deliveryMode, DELIVERY_MODE)
                | flag(priority, PRIORITY)
                | flag(correlationId, CORRELATION_ID)
                | flag(replyTo, REPLY_TO)
                | flag(expiration, EXPIRATION)
                | flag(messageId, MESSAGE_ID)
                | flag(timestamp, TIMESTAMP)
                | flag(type, TYPE)
                | flag(userId, USER_ID)
                | flag(appId, APP_ID)
                | flag(clusterId, CLUSTER_ID);
    }

    private static int flag(Object property, int bit) {
        return property == null ? 0 : bit;
    }

    private static void shortStr(ByteBuf out, String value) {
        if (value != null) {
            Wire.writeShortString(out, value);
        }
    }
}
