package io.fluxmq.mqtt.codec.decode;

import static io.fluxmq.mqtt.codec.decode.MqttDecodeException.malformed;

import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Reads the data types of section 1.5 from the bytes of one packet (or of one property block),
 * never past their end: every read checks what is left first, so a length field can never make
 * the decoder read into the next packet or allocate more than the packet holds. Running short is
 * a Malformed Packet.
 */
public final class MqttReader {
    private final ByteBuf buf;
    private final boolean mqtt3;

    /**
     * @param buf the packet's bytes from reader index to writer index; read, never released
     * @param version the version in effect, for the statement ids of errors; null before CONNECT
     */
    public MqttReader(ByteBuf buf, MqttVersion version) {
        this(buf, version == MqttVersion.MQTT_3_1_1);
    }

    private MqttReader(ByteBuf buf, boolean mqtt3) {
        this.buf = buf;
        this.mqtt3 = mqtt3;
    }

    public int remaining() {
        return buf.readableBytes();
    }

    public boolean hasRemaining() {
        return buf.isReadable();
    }

    private void need(int bytes, String what) {
        if (buf.readableBytes() < bytes) {
            throw malformed("section 2.1.4", what + " needs " + bytes + " bytes, " + buf.readableBytes() + " left in the packet");
        }
    }

    public int readByte(String what) {
        need(1, what);
        return buf.readUnsignedByte();
    }

    public int readTwoByteInteger(String what) {
        need(2, what);
        return buf.readUnsignedShort();
    }

    public long readFourByteInteger(String what) {
        need(4, what);
        return buf.readUnsignedInt();
    }

    /** At most 4 bytes, minimally encoded (section 1.5.5, MQTT-1.5.5-1). */
    public int readVariableByteInteger(String what) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int b = readByte(what);
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (i > 0 && b == 0) {
                    throw malformed("MQTT-1.5.5-1", what + " is not minimally encoded");
                }
                return value;
            }
        }
        throw malformed("section 1.5.5", what + " is a Variable Byte Integer longer than 4 bytes");
    }

    /** A UTF-8 Encoded String: two length bytes and well-formed UTF-8 without U+0000. */
    public String readString(String what) {
        int length = readTwoByteInteger(what + " length");
        need(length, what);
        int index = buf.readerIndex();
        int check = Utf8Validator.check(buf, index, length);
        if (check == Utf8Validator.ILL_FORMED) {
            throw malformed(mqtt3 ? "MQTT-1.5.3-1" : "MQTT-1.5.4-1", what + " is not well-formed UTF-8");
        } else if (check == Utf8Validator.NULL_CHARACTER) {
            throw malformed(mqtt3 ? "MQTT-1.5.3-2" : "MQTT-1.5.4-2", what + " contains U+0000");
        }
        String s = buf.toString(index, length, StandardCharsets.UTF_8);
        buf.skipBytes(length);
        return s;
    }

    /** Binary Data: two length bytes and that many bytes, copied. */
    public byte[] readBinary(String what) {
        int length = readTwoByteInteger(what + " length");
        need(length, what);
        byte[] bytes = new byte[length];
        buf.readBytes(bytes);
        return bytes;
    }

    /** A reader over the next {@code length} bytes, which this reader skips. */
    public MqttReader limit(int length, String what) {
        need(length, what);
        return new MqttReader(buf.readSlice(length), mqtt3);
    }

    /** The rest of the bytes as a retained slice, no copy: the caller owns one reference. */
    public ByteBuf readRetainedRest() {
        return buf.readRetainedSlice(buf.readableBytes());
    }

    /** Bytes left over after the last field are a Malformed Packet. */
    public void expectEnd(String rule, String what) {
        if (buf.isReadable()) {
            throw malformed(rule, what + " has " + buf.readableBytes() + " bytes more than its fields");
        }
    }

    /** Whether statement ids of MQTT 3.1.1 apply. */
    public boolean isMqtt3() {
        return mqtt3;
    }
}
