package io.fluxmq.amqp091.codec;

/**
 * A method frame.
 *
 * @param channel the channel
 * @param method the decoded method
 */
public record MethodFrame(int channel, Method method) implements Frame {
}
