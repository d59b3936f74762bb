package io.fluxmq.amqp091.codec;

/** A decoded AMQP 0.9.1 frame. */
public sealed interface Frame permits MethodFrame, HeaderFrame, BodyFrame, HeartbeatFrame {
    /** @return the channel the frame was sent on, 0 for the connection itself */
    int channel();
}
