package io.fluxmq.mqtt.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.api.transport.ConnectionInfo;
import io.fluxmq.mqtt.broker.MqttBroker;
import io.fluxmq.mqtt.codec.MqttDecoder;
import io.fluxmq.mqtt.codec.MqttEncoder;
import io.fluxmq.mqtt.codec.packet.ConnAckPacket;
import io.fluxmq.mqtt.codec.packet.ConnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttPacket;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A raw-packet MQTT client against the broker's real pipeline in an {@link EmbeddedChannel}:
 * packets are encoded and decoded with the codec's client side, so every test goes through the
 * bytes. Deliveries from other connections arrive as tasks on this channel's loop, run by
 * {@link #received()}.
 */
public final class TestClient implements AutoCloseable {
    private static final InetSocketAddress ADDRESS = new InetSocketAddress("127.0.0.1", 40000);

    private static final List<TestClient> OPEN = new ArrayList<>();

    public final EmbeddedChannel server = new EmbeddedChannel();
    private final MqttVersion version;
    private final EmbeddedChannel encoder;
    private final EmbeddedChannel decoder;
    private final ArrayDeque<MqttPacket> inbox = new ArrayDeque<>();

    public TestClient(MqttBroker broker, MqttVersion version) {
        this.version = version;
        broker.initialize(server, new ConnectionInfo("test", "tcp", ADDRESS, ADDRESS));
        encoder = new EmbeddedChannel(new MqttEncoder(version));
        decoder = new EmbeddedChannel(MqttDecoder.forClient(version, MqttDecoder.MAXIMUM_PACKET_SIZE_LIMIT));
        OPEN.add(this);
    }

    /** Closes every client, so that the broker's stop finds no connection waiting on an embedded loop. */
    public static void closeAll() {
        List<TestClient> all = new ArrayList<>(OPEN);
        OPEN.clear();
        all.forEach(TestClient::close);
    }

    public static ConnectPacket connect(MqttVersion v, String clientId, boolean cleanStart, MqttProperties props) {
        return new ConnectPacket(v, clientId, cleanStart, 60, null, null, null, props);
    }

    /** Connects with clean start and no properties, and checks the CONNACK. */
    public ConnAckPacket connect(String clientId) {
        send(connect(version, clientId, true, MqttProperties.EMPTY));
        ConnAckPacket ack = next(ConnAckPacket.class);
        assertThat(ack.reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        return ack;
    }

    public void send(MqttPacket packet) {
        encoder.writeOutbound(packet);
        ByteBuf b;
        while ((b = encoder.readOutbound()) != null) {
            server.writeInbound(b);
        }
        server.runPendingTasks();
    }

    /** Encodes the packets and hands them to the broker in one read, as one TCP segment would. */
    public void sendTogether(MqttPacket... packets) {
        io.netty.buffer.CompositeByteBuf all = Unpooled.compositeBuffer();
        for (MqttPacket p : packets) {
            encoder.writeOutbound(p);
            ByteBuf b;
            while ((b = encoder.readOutbound()) != null) {
                all.addComponent(true, b);
            }
        }
        server.writeInbound(all);
        server.runPendingTasks();
    }

    public void sendRaw(int... bytes) {
        ByteBuf b = Unpooled.buffer(bytes.length);
        for (int x : bytes) {
            b.writeByte(x);
        }
        server.writeInbound(b);
        server.runPendingTasks();
    }

    /** Everything the broker sent so far, decoded. */
    public List<MqttPacket> received() {
        for (int i = 0; i < 5; i++) { // tasks may schedule tasks (store stage continuations)
            server.runPendingTasks();
        }
        Object o;
        while ((o = server.readOutbound()) != null) {
            decoder.writeInbound(o);
        }
        while ((o = decoder.readInbound()) != null) {
            inbox.add((MqttPacket) o);
        }
        List<MqttPacket> all = new ArrayList<>(inbox);
        inbox.clear();
        return all;
    }

    /** The next packet the broker sent, which must be of this type. */
    public <T extends MqttPacket> T next(Class<T> type) {
        if (inbox.isEmpty()) {
            inbox.addAll(received());
        }
        assertThat(inbox).as("a %s from the broker", type.getSimpleName()).isNotEmpty();
        MqttPacket p = inbox.poll();
        assertThat(p).isInstanceOf(type);
        return type.cast(p);
    }

    public boolean nothingReceived() {
        List<MqttPacket> all = received();
        all.forEach(ReferenceCountUtil::release);
        return all.isEmpty();
    }

    public void advance(long millis) {
        server.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        server.runScheduledPendingTasks();
        server.runPendingTasks();
    }

    public boolean isOpen() {
        server.runPendingTasks();
        return server.isActive();
    }

    @Override
    public void close() {
        server.close();
        inbox.forEach(ReferenceCountUtil::release);
        received().forEach(ReferenceCountUtil::release);
    }
}
