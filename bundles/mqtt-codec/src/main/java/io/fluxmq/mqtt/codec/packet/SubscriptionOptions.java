package io.fluxmq.mqtt.codec.packet;

import io.fluxmq.api.message.QoS;
import io.fluxmq.api.router.RetainHandling;
import java.util.Objects;

/**
 * The options byte of one SUBSCRIBE entry (MQTT 5 section 3.8.3.1). MQTT 3.1.1 has the QoS
 * only; its other options read as false / send-on-subscribe and are not encoded.
 *
 * @param maxQos the highest QoS the client wants (bits 0-1)
 * @param noLocal do not send the client its own messages (bit 2)
 * @param retainAsPublished keep the RETAIN flag when forwarding (bit 3)
 * @param retainHandling when retained messages are sent (bits 4-5)
 */
public record SubscriptionOptions(QoS maxQos, boolean noLocal, boolean retainAsPublished, RetainHandling retainHandling) {

    public SubscriptionOptions {
        Objects.requireNonNull(maxQos, "maxQos");
        Objects.requireNonNull(retainHandling, "retainHandling");
    }

    /** The options of a plain MQTT 3.1.1 subscription at this QoS. */
    public static SubscriptionOptions ofQos(QoS qos) {
        return new SubscriptionOptions(qos, false, false, RetainHandling.SEND_ON_SUBSCRIBE);
    }

    /** The options byte; bits 6-7 are reserved and 0. */
    public int toByte() {
        return maxQos.value() | (noLocal ? 0x04 : 0) | (retainAsPublished ? 0x08 : 0) | (retainHandling.ordinal() << 4);
    }
}
