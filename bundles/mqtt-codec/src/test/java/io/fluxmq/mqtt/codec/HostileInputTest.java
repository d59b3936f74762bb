package io.fluxmq.mqtt.codec;

import static io.fluxmq.mqtt.codec.Wire.u8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.mqtt.codec.packet.MqttPacket;
import io.fluxmq.mqtt.codec.packet.MqttVersion;
import io.fluxmq.mqtt.codec.packet.ReasonCode;
import io.netty.buffer.AbstractByteBuf;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ResourceLeakDetector;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile input: announced lengths that would exhaust memory, over-long lengths, random and
 * mutated bytes, input cut into single bytes. Every buffer is tracked: none may stay unreleased,
 * and Netty's leak detector runs on paranoid with a listener that counts what it finds.
 */
class HostileInputTest {
    private static final AtomicInteger LEAKS = new AtomicInteger();
    private static ResourceLeakDetector.Level previousLevel;

    @BeforeAll
    static void paranoidLeakDetection() throws ReflectiveOperationException {
        previousLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        Field f = AbstractByteBuf.class.getDeclaredField("leakDetector");
        f.setAccessible(true);
        ((ResourceLeakDetector<?>) f.get(null)).setLeakListener((type, records) -> LEAKS.incrementAndGet());
    }

    @AfterAll
    static void restoreLeakDetection() {
        ResourceLeakDetector.setLevel(previousLevel);
    }

    private static EmbeddedChannel channel(TrackingAllocator alloc, int maximumPacketSize) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(alloc);
        ch.pipeline().addLast(MqttDecoder.forServer(maximumPacketSize));
        return ch;
    }

    private static List<Object> feed(EmbeddedChannel ch, TrackingAllocator alloc, byte[] bytes) {
        ch.writeInbound(alloc.wrap(bytes));
        List<Object> out = new ArrayList<>();
        Object o;
        while ((o = ch.readInbound()) != null) {
            out.add(o);
        }
        return out;
    }

    @Test
    void announced256MegabytesFailAfterTheHeaderWithoutAllocating() {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel ch = channel(alloc, 1 << 20);
        assertThat(feed(ch, alloc, Wire.connect(5))).hasSize(1).allMatch(o -> o instanceof MqttPacket);
        List<Object> out = feed(ch, alloc, u8(0x30, 0x80, 0x80, 0x80, 0x01)); // Remaining Length 2^28 - the header alone
        assertThat(out).singleElement().isInstanceOfSatisfying(MqttDecodeFailure.class, f -> {
            assertThat(f.reasonCode()).isEqualTo(ReasonCode.PACKET_TOO_LARGE);
            assertThat(f.response(true)).isPresent();
        });
        assertThat(alloc.largestRequest()).isLessThan(1024);
        assertThat(ch.finishAndReleaseAll()).isFalse();
        assertThat(alloc.live()).isZero();
    }

    @Test
    void aLegalButHugeAnnouncedLengthIsNeverAllocatedUpFront() {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel ch = channel(alloc, MqttDecoder.MAXIMUM_PACKET_SIZE_LIMIT);
        feed(ch, alloc, Wire.connect(5)).forEach(ReferenceCountUtil::release);
        assertThat(feed(ch, alloc, u8(0x30, 0xFF, 0xFF, 0xFF, 0x7F))).isEmpty();
        for (int i = 0; i < 10; i++) {
            assertThat(feed(ch, alloc, new byte[100])).isEmpty(); // the body trickles in
        }
        assertThat(alloc.largestRequest()).as("buffers follow the bytes received, not the length announced")
                .isLessThan(64 * 1024);
        ch.finishAndReleaseAll();
        assertThat(alloc.live()).isZero();
    }

    @Test
    void aFiveByteRemainingLengthIsMalformedAfterFiveBytes() {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel ch = channel(alloc, 1 << 20);
        List<Object> out = feed(ch, alloc, u8(0x10, 0xFF, 0xFF, 0xFF, 0xFF));
        assertThat(out).singleElement().isInstanceOfSatisfying(MqttDecodeFailure.class,
                f -> assertThat(f.reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET));
        ch.finishAndReleaseAll();
        assertThat(alloc.live()).isZero();
    }

    @Test
    void bytesFedOneAtATimeDecodeAsInOneRead() {
        for (MqttVersion v : MqttVersion.values()) {
            byte[] stream = Wire.connect(v.protocolLevel());
            for (MqttPacket p : Samples.fromClient(v)) {
                stream = Wire.cat(stream, Codec.encode(p, v));
            }
            List<Object> whole = Codec.decodeAsServer(stream);
            EmbeddedChannel ch = Codec.server();
            List<Object> bytewise = new ArrayList<>();
            for (byte b : stream) {
                bytewise.addAll(Codec.feed(ch, new byte[] {b}));
            }
            assertThat(whole).hasSize(Samples.fromClient(v).size() + 1).noneMatch(o -> o instanceof MqttDecodeFailure);
            assertThat(bytewise).isEqualTo(whole);
            whole.forEach(ReferenceCountUtil::release);
            bytewise.forEach(ReferenceCountUtil::release);
        }
    }

    /**
     * 20,000 seeded inputs: random bytes, and valid packets with flipped bits, cut short, glued
     * together or followed by garbage, each fed in random pieces. Nothing may escape the pipeline,
     * a failure is always the last thing decoded, and every buffer is released in the end.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void fuzzedInputNeverThrowsNorLeaks() {
        Random rnd = new Random(0x5EED_2026L);
        List<byte[]> seeds = new ArrayList<>();
        for (MqttVersion v : MqttVersion.values()) {
            seeds.add(Codec.encode(v.isMqtt5() ? Samples.connect5() : Samples.connect3(), v));
            Samples.fromClient(v).forEach(p -> seeds.add(Codec.encode(p, v)));
        }
        TrackingAllocator alloc = new TrackingAllocator();
        int packets = 0;
        int failures = 0;
        for (int i = 0; i < 20_000; i++) {
            int level = rnd.nextBoolean() ? 5 : 4;
            byte[] input = mutate(rnd, seeds, i);
            byte[] stream = i % 10 == 0 ? input : Wire.cat(Wire.connect(level), input);
            EmbeddedChannel ch = channel(alloc, 4096);
            List<Object> out = new ArrayList<>();
            int at = 0;
            while (at < stream.length) {
                int n = Math.min(stream.length - at, 1 + rnd.nextInt(40));
                byte[] piece = java.util.Arrays.copyOfRange(stream, at, at + n);
                out.addAll(feed(ch, alloc, piece));
                at += n;
            }
            for (int k = 0; k < out.size(); k++) {
                Object o = out.get(k);
                assertThat(o).isInstanceOfAny(MqttPacket.class, MqttDecodeFailure.class);
                if (o instanceof MqttDecodeFailure) {
                    assertThat(k).as("a failure ends the decoding, input %d", i).isEqualTo(out.size() - 1);
                    failures++;
                } else {
                    packets++;
                }
                ReferenceCountUtil.release(o);
            }
            ch.finishAndReleaseAll();
        }
        assertThat(alloc.allocated()).isGreaterThan(20_000);
        assertThat(alloc.live()).as("buffers left unreleased").isZero();
        assertThat(packets).as("the fuzzer reaches valid packets too").isGreaterThan(1000);
        assertThat(failures).isGreaterThan(1000);
        System.gc();
        for (int i = 0; i < 100; i++) {
            alloc.heapBuffer(16).release(); // lets the detector report what the collector found
        }
        assertThat(LEAKS.get()).as("leaks reported by Netty's detector").isZero();
    }

    @Test
    void theTrackingAllocatorSeesALeak() {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel ch = channel(alloc, 1 << 20);
        List<Object> out = feed(ch, alloc, Wire.cat(Wire.connect(5), Wire.packet(0x30, Wire.str("t"), Wire.noProps(), u8(1))));
        ch.finishAndReleaseAll();
        assertThat(alloc.live()).as("the PUBLISH is not released yet").isEqualTo(1);
        out.forEach(ReferenceCountUtil::release);
        assertThat(alloc.live()).isZero();
    }

    private static byte[] mutate(Random rnd, List<byte[]> seeds, int i) {
        byte[] seed = seeds.get(rnd.nextInt(seeds.size()));
        switch (i % 5) {
            case 0 -> {
                byte[] b = new byte[rnd.nextInt(80)];
                rnd.nextBytes(b);
                return b;
            }
            case 1 -> {
                byte[] b = seed.clone();
                for (int k = 0, n = 1 + rnd.nextInt(4); k < n; k++) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                return b;
            }
            case 2 -> {
                return java.util.Arrays.copyOf(seed, rnd.nextInt(seed.length + 1));
            }
            case 3 -> {
                byte[] garbage = new byte[rnd.nextInt(20)];
                rnd.nextBytes(garbage);
                return Wire.cat(seed, seeds.get(rnd.nextInt(seeds.size())), garbage);
            }
            default -> {
                byte[] b = seed.clone();
                b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                return b;
            }
        }
    }

    static {
        // keep ByteBuf (and its leak detector) initialised before the listener is installed
        ByteBuf warm = io.netty.buffer.Unpooled.buffer(1);
        warm.release();
    }
}
