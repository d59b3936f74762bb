package io.fluxmq.amqp091.codec;

import io.netty.buffer.ByteBuf;

/**
 * A content body frame.
 *
 * @param channel the channel
 * @param content a retained slice of the frame's payload; whoever receives the frame owns it and
 *     must release it
 */
public record BodyFrame(int channel, ByteBuf content) implements Frame {
}
