package io.fluxmq.amqp091.codec;

/**
 * A heartbeat frame.
 *
 * @param channel always 0 once decoded
 */
public record HeartbeatFrame(int channel) implements Frame {
}
