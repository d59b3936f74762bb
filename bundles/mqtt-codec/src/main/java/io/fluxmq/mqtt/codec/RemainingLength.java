package io.fluxmq.mqtt.codec;

import io.fluxmq.mqtt.codec.decode.MqttDecodeException;
import io.netty.buffer.ByteBuf;

/** The Remaining Length of the fixed header (section 2.1.4), read without moving the reader index. */
final class RemainingLength {
    private RemainingLength() {
    }

    /**
     * @return -1 while the length is incomplete, otherwise {@code (bytes << 32) | value}
     * @throws MqttDecodeException Malformed Packet for more than 4 bytes or a non-minimal encoding
     */
    static long peek(ByteBuf in, int index) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            if (index + i >= in.writerIndex()) {
                return -1;
            }
            int b = in.getUnsignedByte(index + i);
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (i > 0 && b == 0) {
                    throw MqttDecodeException.malformed("MQTT-1.5.5-1", "Remaining Length is not minimally encoded");
                }
                return ((long) (i + 1) << 32) | value;
            }
        }
        throw MqttDecodeException.malformed("section 2.1.4", "Remaining Length is longer than 4 bytes");
    }
}
