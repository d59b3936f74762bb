package io.fluxmq.mqtt.queue;

/**
 * What becomes of one queue delivery on its way to the client. The outbound flow calls exactly
 * one of the two methods, on the connection's event loop.
 */
public interface QueueSettlement {
    /**
     * The client has the message: PUBACK (QoS 1), PUBCOMP (QoS 2), or written (QoS 0, at most
     * once). Acknowledges the delivery unless the client already settled it explicitly, and
     * returns the credit.
     */
    void completed();

    /**
     * The message did not reach the client (the connection ended, the client's maximum packet
     * size, a full write buffer at QoS 0): the queue gets it back at once for another delivery.
     */
    void abandoned();
}
