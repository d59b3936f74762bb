package io.fluxmq.amqp091.codec;

/**
 * A content header frame: what follows a content-bearing method.
 *
 * @param channel the channel
 * @param classId the class of the method the content belongs to
 * @param bodySize the total size of the body frames that follow
 * @param properties the content properties
 */
public record HeaderFrame(int channel, int classId, long bodySize, BasicProperties properties) implements Frame {
}
