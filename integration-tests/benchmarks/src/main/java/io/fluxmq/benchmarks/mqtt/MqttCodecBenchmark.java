package io.fluxmq.benchmarks.mqtt;

import io.fluxmq.api.message.QoS;
import io.fluxmq.mqtt.codec.MqttDecoder;
import io.fluxmq.mqtt.codec.MqttEncoder;
import io.fluxmq.mqtt.codec.packet.ConnectPacket;
import io.fluxmq.mqtt.codec.packet.MqttProperties;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.fluxmq.mqtt.codec.packet.PublishPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
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
 * The MQTT codec on the broker's hot path: decoding a PUBLISH as a client sends it
 * ({@code decodePublish}: framing, fixed-header checks, topic UTF-8 validation, MQTT 5 properties,
 * the payload sliced, not copied) and encoding a PUBLISH as the broker sends it
 * ({@code encodePublish}: header buffer plus a retained duplicate of the payload). Both through an
 * {@link EmbeddedChannel}, as in a pipeline; the MQTT 5 PUBLISH carries two user properties.
 *
 * <pre>java -jar integration-tests/benchmarks/target/benchmarks.jar MqttCodec -f 1 -wi 2 -i 3 -w 2s -r 2s -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class MqttCodecBenchmark {
    private static final String TOPIC = "device/4711/sensor/temperature";

    @Param({"MQTT_3_1_1", "MQTT_5"})
    public MqttVersion version;

    @Param({"64", "1024"})
    public int payloadBytes;

    private EmbeddedChannel decoder;
    private EmbeddedChannel encoder;
    private ByteBuf publishBytes;
    private ByteBuf payload;
    private MqttProperties properties;

    @Setup
    public void setUp() {
        decoder = new EmbeddedChannel(MqttDecoder.forServer(MqttDecoder.DEFAULT_MAXIMUM_PACKET_SIZE));
        decoder.writeInbound(WirePackets.encode(new ConnectPacket(version, "bench", true, 60, null, null, null,
                MqttProperties.EMPTY), version));
        decoder.readInbound();
        properties = version == MqttVersion.MQTT_5
                ? MqttProperties.builder().addUserProperty("tenant", "acme").addUserProperty("unit", "celsius").build()
                : MqttProperties.EMPTY;
        payload = PooledByteBufAllocator.DEFAULT.directBuffer(payloadBytes).writeZero(payloadBytes);
        publishBytes = WirePackets.encode(new PublishPacket(TOPIC, QoS.AT_LEAST_ONCE, false, false, 17, properties,
                payload.retainedDuplicate()), version);
        encoder = new EmbeddedChannel(new MqttEncoder(version));
    }

    @TearDown
    public void tearDown() {
        decoder.finishAndReleaseAll();
        encoder.finishAndReleaseAll();
        publishBytes.release();
        payload.release();
    }

    @Benchmark
    public int decodePublish() {
        decoder.writeInbound(publishBytes.retainedDuplicate());
        PublishPacket p = decoder.readInbound();
        int id = p.packetId();
        p.release();
        return id;
    }

    @Benchmark
    public int encodePublish() {
        encoder.writeOutbound(new PublishPacket(TOPIC, QoS.AT_LEAST_ONCE, false, false, 17, properties,
                payload.retainedDuplicate()));
        int bytes = 0;
        for (ByteBuf part; (part = encoder.readOutbound()) != null; ) {
            bytes += part.readableBytes();
            part.release();
        }
        return bytes;
    }
}
