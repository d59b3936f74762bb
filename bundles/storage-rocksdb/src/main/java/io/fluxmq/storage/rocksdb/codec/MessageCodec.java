package io.fluxmq.storage.rocksdb.codec;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.message.PayloadFormat;
import io.fluxmq.api.message.QoS;
import io.fluxmq.api.message.UserProperty;
import io.fluxmq.api.topic.InvalidTopicException;
import io.fluxmq.api.topic.TopicName;
import java.util.ArrayList;
import java.util.List;

/**
 * The message part of a value (offline queue, inflight, retained, will, log entry). It carries no
 * version byte of its own: the enclosing value's version covers it. Layout, version 1:
 *
 * <pre>
 * flags        1 byte   bit 0 retain, bits 1-2 QoS, bit 3 UTF-8 payload format,
 *                       bit 4 content type present, bit 5 response topic present,
 *                       bit 6 correlation data present
 * createdAt    8 bytes  epoch milliseconds
 * expiry       8 bytes  seconds, -1 = no expiry
 * topic        string
 * contentType  string   if bit 4
 * response     string   if bit 5
 * correlation  bytes    if bit 6 (empty and absent differ)
 * properties   varint count, then name and value strings, in order, duplicates kept
 * payload      bytes
 * </pre>
 *
 * A string is a varint length and UTF-8; bytes are a varint length and the bytes.
 */
public final class MessageCodec {
    private static final int RETAIN = 1;
    private static final int QOS_SHIFT = 1;
    private static final int UTF8 = 1 << 3;
    private static final int CONTENT_TYPE = 1 << 4;
    private static final int RESPONSE_TOPIC = 1 << 5;
    private static final int CORRELATION = 1 << 6;

    private MessageCodec() {
    }

    /** An estimate of the encoded size, to size the writer once. */
    public static int sizeHint(Message m) {
        return 64 + m.payloadSize() + m.topic().value().length() * 3;
    }

    public static void write(ByteWriter out, Message m) {
        int flags = (m.retain() ? RETAIN : 0) | (m.qos().value() << QOS_SHIFT)
                | (m.payloadFormat() == PayloadFormat.UTF8 ? UTF8 : 0)
                | (m.contentType() != null ? CONTENT_TYPE : 0)
                | (m.responseTopic() != null ? RESPONSE_TOPIC : 0)
                | (m.hasCorrelationData() ? CORRELATION : 0);
        out.writeByte(flags);
        out.writeLong(m.createdAtMillis());
        out.writeLong(m.expiryIntervalSeconds());
        out.writeString(m.topic().value());
        if (m.contentType() != null) {
            out.writeString(m.contentType());
        }
        if (m.responseTopic() != null) {
            out.writeString(m.responseTopic());
        }
        if (m.hasCorrelationData()) {
            out.writeBytes(m.correlationData());
        }
        List<UserProperty> properties = m.userProperties();
        out.writeVarint(properties.size());
        for (UserProperty p : properties) {
            out.writeString(p.name());
            out.writeString(p.value());
        }
        out.writeVarint(m.payloadSize());
        // One copy of the payload: the writer's buffer takes it straight from the read-only view.
        byte[] payload = new byte[m.payloadSize()];
        m.payload().get(payload);
        out.writeRaw(payload);
    }

    public static Message read(ByteReader in) {
        int flags = in.readByte();
        if ((flags & 0x80) != 0) {
            throw in.corrupt("unknown message flag bits " + Integer.toBinaryString(flags));
        }
        int qos = (flags >>> QOS_SHIFT) & 0x3;
        if (qos > 2) {
            throw in.corrupt("QoS " + qos);
        }
        long createdAt = in.readLong();
        long expiry = in.readLong();
        if (expiry < Message.NO_EXPIRY) {
            throw in.corrupt("expiry interval " + expiry);
        }
        TopicName topic;
        String topicText = in.readString();
        try {
            topic = TopicName.of(topicText);
        } catch (InvalidTopicException e) {
            throw in.corrupt("invalid topic name");
        }
        Message.Builder b = Message.builder(topic)
                .retain((flags & RETAIN) != 0)
                .qos(QoS.of(qos))
                .payloadFormat((flags & UTF8) != 0 ? PayloadFormat.UTF8 : PayloadFormat.BYTES)
                .createdAtMillis(createdAt)
                .expiryIntervalSeconds(expiry);
        if ((flags & CONTENT_TYPE) != 0) {
            b.contentType(in.readString());
        }
        if ((flags & RESPONSE_TOPIC) != 0) {
            b.responseTopic(in.readString());
        }
        if ((flags & CORRELATION) != 0) {
            b.correlationData(in.readBytes());
        }
        int count = in.readVarint();
        // Each property takes at least two bytes, so the count cannot make us allocate past the record.
        if (count > in.remaining() / 2) {
            throw in.corrupt("user property count " + count);
        }
        List<UserProperty> properties = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            properties.add(new UserProperty(in.readString(), in.readString()));
        }
        b.userProperties(properties);
        b.wrapPayload(in.readBytes());
        return b.build();
    }
}
