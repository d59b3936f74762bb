package io.fluxmq.mqtt.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fluxmq.mqtt.TestBroker;
import io.fluxmq.mqtt.broker.BrokerSettings;
import io.fluxmq.mqtt.connection.MqttConnection;
import io.fluxmq.mqtt.sys.BrokerStats;
import io.netty.channel.Channel;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A subscriber on a real TCP connection that stops reading while 16 MB of QoS 0 messages are
 * published to it: the broker's buffer for it stays near the write buffer high water mark, the
 * rest is dropped and counted, and the broker keeps serving the publisher.
 */
class SlowConsumerSocketTest {
    private static final int MESSAGES = 4000;
    private static final int PAYLOAD = 4096;
    private static final int HIGH_WATER = 64 * 1024;

    @Test
    @Timeout(90)
    void qos0MessagesToAClientThatStopsReadingAreDroppedNotBuffered() throws Exception {
        BrokerSettings settings = TestBroker.settings().toBuilder().writeBufferHighWaterMark(HIGH_WATER).build();
        try (RunningBroker running = new RunningBroker(settings);
                Socket slow = new Socket();
                Socket publisher = new Socket()) {
            URI uri = URI.create(running.uri());
            InetSocketAddress address = new InetSocketAddress(uri.getHost(), uri.getPort());
            slow.setReceiveBufferSize(4096);
            slow.connect(address, 5_000);
            slow.setSoTimeout(5_000);
            connect(slow, "slow");
            // SUBSCRIBE id 1, "flood" QoS 0, then read the SUBACK and nothing more
            write(slow.getOutputStream(), new byte[] {(byte) 0x82, 10, 0, 1, 0, 5, 'f', 'l', 'o', 'o', 'd', 0});
            assertThat(readPacket(new DataInputStream(slow.getInputStream()))[0] & 0xF0).isEqualTo(0x90);

            publisher.connect(address, 5_000);
            publisher.setSoTimeout(5_000);
            connect(publisher, "flooder");
            OutputStream out = new BufferedOutputStream(publisher.getOutputStream(), 64 * 1024);
            byte[] publish = publishQos0("flood", PAYLOAD);
            for (int i = 0; i < MESSAGES; i++) {
                out.write(publish);
            }
            out.flush();

            BrokerStats stats = running.broker.broker.stats();
            await().atMost(Duration.ofSeconds(60)).until(() -> stats.messagesSent() + stats.droppedSlowClients() >= MESSAGES);
            Channel channel = ((MqttConnection) running.broker.broker.sessions().get("slow").owner()).channel();
            long pending = channel.eventLoop().submit(() -> channel.unsafe().outboundBuffer().totalPendingWriteBytes())
                    .get();
            assertThat(stats.droppedSlowClients()).isPositive();
            assertThat(stats.messagesSent() + stats.droppedSlowClients()).isEqualTo(MESSAGES);
            // one message may go over the mark; without the bound this would be megabytes
            assertThat(pending).isLessThanOrEqualTo(HIGH_WATER + PAYLOAD + 64);
            assertThat(channel.isActive()).isTrue();

            // the publisher is still served: PINGREQ gets PINGRESP
            write(publisher.getOutputStream(), new byte[] {(byte) 0xC0, 0});
            DataInputStream in = new DataInputStream(publisher.getInputStream());
            assertThat(readPacket(in)[0] & 0xFF).isEqualTo(0xD0);
        }
    }

    private static void connect(Socket s, String clientId) throws IOException {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        byte[] variable = {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 60};
        byte[] packet = new byte[2 + variable.length + 2 + id.length];
        packet[0] = 0x10;
        packet[1] = (byte) (variable.length + 2 + id.length);
        System.arraycopy(variable, 0, packet, 2, variable.length);
        packet[2 + variable.length] = 0;
        packet[3 + variable.length] = (byte) id.length;
        System.arraycopy(id, 0, packet, 4 + variable.length, id.length);
        write(s.getOutputStream(), packet);
        byte[] connAck = readPacket(new DataInputStream(s.getInputStream()));
        assertThat(connAck).as("CONNACK accepted").containsExactly(0x20, 2, 0, 0);
    }

    private static byte[] publishQos0(String topic, int payloadSize) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        int remaining = 2 + t.length + payloadSize;
        byte[] packet = new byte[1 + 2 + remaining]; // remaining < 16384: two length bytes
        packet[0] = 0x30;
        packet[1] = (byte) ((remaining & 0x7F) | 0x80);
        packet[2] = (byte) (remaining >> 7);
        packet[3] = 0;
        packet[4] = (byte) t.length;
        System.arraycopy(t, 0, packet, 5, t.length);
        Arrays.fill(packet, 5 + t.length, packet.length, (byte) 'x');
        return packet;
    }

    private static void write(OutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** One packet with a remaining length below 128. */
    private static byte[] readPacket(DataInputStream in) throws IOException {
        int first = in.readUnsignedByte();
        int length = in.readUnsignedByte();
        byte[] packet = new byte[2 + length];
        packet[0] = (byte) first;
        packet[1] = (byte) length;
        in.readFully(packet, 2, length);
        return packet;
    }
}
