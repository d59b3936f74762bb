package io.fluxmq.mqtt.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.mqtt.codec.packet.ConnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttPacket;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;

/** Drives the decoder and encoder through an {@link EmbeddedChannel}, as a broker pipeline would. */
final class Codec {
    static final int MAX = 64 * 1024;

    private Codec() {
    }

    static EmbeddedChannel server() {
        return new EmbeddedChannel(MqttDecoder.forServer(MAX), new MqttEncoder());
    }

    static EmbeddedChannel client(MqttVersion version) {
        return new EmbeddedChannel(MqttDecoder.forClient(version, MAX), new MqttEncoder(version));
    }

    /** Feeds the bytes as one read and returns everything decoded. */
    static List<Object> feed(EmbeddedChannel ch, byte[]... reads) {
        for (byte[] r : reads) {
            ch.writeInbound(Unpooled.wrappedBuffer(r));
        }
        List<Object> out = new ArrayList<>();
        Object o;
        while ((o = ch.readInbound()) != null) {
            out.add(o);
        }
        return out;
    }

    /** What a server decodes from these bytes. */
    static List<Object> decodeAsServer(byte[]... reads) {
        return feed(server(), reads);
    }

    /**
     * What a server decodes from {@code packet} after a valid CONNECT of the level (4 or 5): the
     * one object that follows the CONNECT.
     */
    static Object afterConnect(int level, byte[] packet) {
        List<Object> out = decodeAsServer(Wire.connect(level), packet);
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isInstanceOf(ConnectPacket.class);
        return out.get(1);
    }

    /** What a client of the version decodes from the bytes: exactly one object. */
    static Object decodeAsClient(MqttVersion version, byte[] packet) {
        List<Object> out = feed(client(version), packet);
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    /** The failure the bytes end in, after a CONNECT of the level. */
    static MqttDecodeFailure failureAfterConnect(int level, byte[] packet) {
        Object o = afterConnect(level, packet);
        ReferenceCountUtil.release(o);
        assertThat(o).isInstanceOf(MqttDecodeFailure.class);
        return (MqttDecodeFailure) o;
    }

    /** The one failure these bytes end in when they are the first a server gets. */
    static MqttDecodeFailure failureOf(byte[]... reads) {
        List<Object> out = decodeAsServer(reads);
        out.forEach(ReferenceCountUtil::release);
        assertThat(out).hasSize(1);
        assertThat(out.get(0)).isInstanceOf(MqttDecodeFailure.class);
        return (MqttDecodeFailure) out.get(0);
    }

    /** The bytes the encoder writes for the packet (all buffers of the write, concatenated). */
    static byte[] encode(MqttPacket packet, MqttVersion version) {
        EmbeddedChannel ch = new EmbeddedChannel(new MqttEncoder(version));
        ch.writeOutbound(packet);
        ByteBuf all = Unpooled.buffer();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            all.writeBytes(b);
            b.release();
        }
        byte[] bytes = new byte[all.readableBytes()];
        all.readBytes(bytes);
        all.release();
        return bytes;
    }
}
