package io.fluxmq.mqtt.codec.packet;

import io.fluxmq.api.message.QoS;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import java.util.Objects;

/**
 * PUBLISH (section 3.3) with its payload as a reference-counted Netty buffer.
 *
 * <p><b>Ownership.</b> This packet is a {@link io.netty.buffer.ByteBufHolder}: it holds one
 * reference to its payload and {@link #release()} releases it.
 * <ul>
 * <li>The decoder's PUBLISH payload is a retained slice of the bytes received, not a copy. The
 *     handler that receives the packet owns it and must release it exactly once (for example with
 *     {@link io.netty.util.ReferenceCountUtil#release(Object)} after converting it to a
 *     {@link io.fluxmq.api.message.Message}, or by passing it on to a handler that does).
 *     Holding it keeps the receive buffer it was sliced from alive.</li>
 * <li>The constructor takes over the reference it is given. To send one payload to several
 *     clients, give each packet its own {@code payload.retainedDuplicate()}.</li>
 * <li>Writing the packet to a channel hands the reference to the pipeline: the encoder sends the
 *     payload without copying and releases the packet when the write completes or fails.</li>
 * </ul>
 * Header fields are immutable; the payload's reader index is not touched by the codec.
 */
public final class PublishPacket extends DefaultByteBufHolder implements MqttPacket {
    private final String topicName;
    private final QoS qos;
    private final boolean dup;
    private final boolean retain;
    private final int packetId;
    private final MqttProperties properties;

    /**
     * @param topicName the Topic Name; empty only together with a Topic Alias (MQTT 5)
     * @param qos the QoS
     * @param dup the DUP flag; false at QoS 0 (MQTT-3.3.1-2)
     * @param retain the RETAIN flag
     * @param packetId 1..65535 at QoS 1 and 2, 0 at QoS 0
     * @param properties the PUBLISH properties (MQTT 5)
     * @param payload the payload; this packet takes over the caller's reference
     */
    public PublishPacket(String topicName, QoS qos, boolean dup, boolean retain, int packetId,
            MqttProperties properties, ByteBuf payload) {
        super(Objects.requireNonNull(payload, "payload"));
        MqttStrings.check(topicName, "topic name");
        this.qos = Objects.requireNonNull(qos, "qos");
        this.properties = Objects.requireNonNull(properties, "properties");
        if (topicName.isEmpty() && properties.topicAlias() == null) {
            throw new IllegalArgumentException("an empty topic name needs a topic alias");
        }
        if (qos == QoS.AT_MOST_ONCE) {
            if (packetId != 0 || dup) {
                throw new IllegalArgumentException("QoS 0 has no packet identifier and no DUP (MQTT-2.2.1-2, MQTT-3.3.1-2)");
            }
        } else {
            MqttStrings.checkPacketId(packetId);
        }
        this.topicName = topicName;
        this.dup = dup;
        this.retain = retain;
        this.packetId = packetId;
    }

    @Override
    public MqttPacketType type() {
        return MqttPacketType.PUBLISH;
    }

    /** The Topic Name as sent; empty when the sender used a Topic Alias alone (the broker resolves it). */
    public String topicName() {
        return topicName;
    }

    public QoS qos() {
        return qos;
    }

    public boolean isDup() {
        return dup;
    }

    public boolean isRetain() {
        return retain;
    }

    /** 0 at QoS 0. */
    public int packetId() {
        return packetId;
    }

    public MqttProperties properties() {
        return properties;
    }

    /** The payload; owned by this packet (see the class comment). Same as {@link #content()}. */
    public ByteBuf payload() {
        return content();
    }

    /** This packet's header with another payload, whose reference the new packet takes over. */
    @Override
    public PublishPacket replace(ByteBuf content) {
        return new PublishPacket(topicName, qos, dup, retain, packetId, properties, content);
    }

    /** This packet with another header, sharing the payload through a retained duplicate. */
    public PublishPacket withHeader(String newTopicName, QoS newQos, boolean newDup, boolean newRetain,
            int newPacketId, MqttProperties newProperties) {
        ByteBuf shared = content().retainedDuplicate();
        try {
            return new PublishPacket(newTopicName, newQos, newDup, newRetain, newPacketId, newProperties, shared);
        } catch (RuntimeException e) {
            shared.release();
            throw e;
        }
    }

    @Override
    public PublishPacket copy() {
        return (PublishPacket) super.copy();
    }

    @Override
    public PublishPacket duplicate() {
        return (PublishPacket) super.duplicate();
    }

    @Override
    public PublishPacket retainedDuplicate() {
        return (PublishPacket) super.retainedDuplicate();
    }

    @Override
    public PublishPacket retain() {
        super.retain();
        return this;
    }

    @Override
    public PublishPacket retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public PublishPacket touch() {
        super.touch();
        return this;
    }

    @Override
    public PublishPacket touch(Object hint) {
        super.touch(hint);
        return this;
    }

    /** Equal header fields and equal readable payload bytes. */
    @Override
    public boolean equals(Object o) {
        return o instanceof PublishPacket p && topicName.equals(p.topicName) && qos == p.qos && dup == p.dup
                && retain == p.retain && packetId == p.packetId && properties.equals(p.properties)
                && content().equals(p.content());
    }

    @Override
    public int hashCode() {
        return Objects.hash(topicName, qos, dup, retain, packetId, properties, content().readableBytes());
    }

    @Override
    public String toString() {
        return "PUBLISH[topic=" + topicName + ", qos=" + qos.value() + ", dup=" + dup + ", retain=" + retain
                + ", packetId=" + packetId + ", properties=" + properties + ", payload="
                + (refCnt() > 0 ? content().readableBytes() + " bytes" : "released") + "]";
    }
}
