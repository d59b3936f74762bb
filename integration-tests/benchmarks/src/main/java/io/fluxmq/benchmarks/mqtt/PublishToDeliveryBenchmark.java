package io.fluxmq.benchmarks.mqtt;

import io.fluxmq.api.message.QoS;
import io.fluxmq.mqtt.codec.packet.ConnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.fluxmq.mqtt.codec.packet.PublishPacket;
import io.fluxmq.mqtt.codec.packet.SubscribePacket;
import io.fluxmq.mqtt.codec.packet.Subscription;
import io.fluxmq.mqtt.codec.packet.SubscriptionOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One PUBLISH through the whole broker to N subscribers, without sockets: the publisher's bytes
 * are decoded, authorized, routed, handed to each subscriber's session and loop, encoded for each
 * subscriber and written; at QoS 1 the publisher gets its PUBACK and each subscriber's PUBACK
 * frees its inflight slot. Everything runs on the benchmark thread (embedded channels), so this is
 * the broker's CPU cost per publish, without the network and the cross-thread hand-off the real
 * event loops add. Operations are publishes; deliveries per second are N times that.
 *
 * <pre>java -jar integration-tests/benchmarks/target/benchmarks.jar PublishToDelivery -f 1 -wi 2 -i 3 -w 2s -r 2s -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class PublishToDeliveryBenchmark {
    private static final MqttVersion VERSION = MqttVersion.MQTT_3_1_1;
    private static final String TOPIC = "bench/fan-out";
    private static final int PAYLOAD_BYTES = 64;

    @Param({"1", "10", "100"})
    public int subscribers;

    /** QoS of the publish and of the subscriptions. */
    @Param({"0", "1"})
    public int qos;

    private EmbeddedBroker broker;
    private EmbeddedChannel publisher;
    private EmbeddedChannel[] receivers;
    private ByteBuf publishBytes;

    @Setup
    public void setUp() {
        broker = new EmbeddedBroker();
        QoS q = QoS.of(qos);
        receivers = new EmbeddedChannel[subscribers];
        for (int i = 0; i < subscribers; i++) {
            receivers[i] = connect("sub-" + i);
            EmbeddedBroker.exchange(receivers[i], new SubscribePacket(1,
                    List.of(new Subscription(TOPIC, SubscriptionOptions.ofQos(q))), MqttProperties.EMPTY), VERSION);
        }
        publisher = connect("pub");
        // the payload is zeros, so that a payload buffer written to a subscriber never looks like a packet header
        publishBytes = WirePackets.encode(new PublishPacket(TOPIC, q, false, false, q == QoS.AT_MOST_ONCE ? 0 : 1,
                MqttProperties.EMPTY, Unpooled.buffer(PAYLOAD_BYTES).writeZero(PAYLOAD_BYTES)), VERSION);
        int delivered = publish();
        if (delivered != subscribers) {
            throw new IllegalStateException("a publish reached " + delivered + " of " + subscribers + " subscribers");
        }
    }

    private EmbeddedChannel connect(String clientId) {
        EmbeddedChannel ch = broker.open();
        EmbeddedBroker.exchange(ch, new ConnectPacket(VERSION, clientId, true, 0, null, null, null,
                MqttProperties.EMPTY), VERSION);
        return ch;
    }

    @TearDown
    public void tearDown() {
        publishBytes.release();
        broker.close();
    }

    @Benchmark
    public int publish() {
        publisher.writeInbound(publishBytes.retainedDuplicate());
        EmbeddedBroker.drain(publisher);
        int delivered = 0;
        for (EmbeddedChannel r : receivers) {
            delivered += receive(r);
        }
        return delivered;
    }

    /** Takes what the broker wrote to a subscriber and acknowledges its QoS 1 PUBLISHes. */
    private int receive(EmbeddedChannel ch) {
        ch.runPendingTasks();
        int publishes = 0;
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            if ((b.getUnsignedByte(b.readerIndex()) >> 4) == 3) {
                publishes++;
                if (qos > 0) {
                    ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x40, 2, 0, 0}).setShort(2, packetId(b)));
                }
            }
            b.release();
        }
        return publishes;
    }

    /** The packet identifier of a PUBLISH header buffer (MQTT 3.1.1: fixed header, topic, identifier). */
    private static int packetId(ByteBuf header) {
        int i = header.readerIndex() + 1;
        while ((header.getByte(i++) & 0x80) != 0) {
            // Remaining Length continues
        }
        int topicLength = header.getUnsignedShort(i);
        return header.getUnsignedShort(i + 2 + topicLength);
    }
}
