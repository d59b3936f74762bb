package io.fluxmq.benchmarks.mqtt;

import io.fluxmq.mqtt.codec.MqttEncoder;
import io.fluxmq.mqtt.codec.packet.MqttPacket;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/** Packets as the bytes a peer sends, made with the codec's own encoder, for benchmark input. */
final class WirePackets {
    private WirePackets() {
    }

    /** The packet's bytes in one unpooled buffer; the caller owns it. */
    static ByteBuf encode(MqttPacket packet, MqttVersion version) {
        EmbeddedChannel ch = new EmbeddedChannel(new MqttEncoder(version));
        ch.writeOutbound(packet);
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf part; (part = ch.readOutbound()) != null; ) {
            all.writeBytes(part);
            part.release();
        }
        ch.finishAndReleaseAll();
        return all;
    }
}
