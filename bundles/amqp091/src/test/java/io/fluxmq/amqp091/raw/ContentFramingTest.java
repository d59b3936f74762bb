package io.fluxmq.amqp091.raw;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.amqp091.codec.Basic;
import io.fluxmq.amqp091.codec.BasicProperties;
import io.fluxmq.amqp091.codec.Confirm;
import io.fluxmq.amqp091.codec.Frames;
import io.fluxmq.amqp091.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Content framing (section 4.2.6): a message is a content-bearing method, one content header and
 * body frames no larger than the negotiated frame-max; content of different channels may
 * interleave.
 */
class ContentFramingTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void deliveredBodyFramesRespectTheNegotiatedFrameMax() {
        try (RawClient c = RawClient.open(server.port(), 0, 4096, 0)) {
            c.openChannel(1);
            String queue = c.declareQueue(1, "").queue();
            byte[] body = pattern(10_000);
            c.sendContent(1, new Basic.Publish("", queue, false, false), BasicProperties.EMPTY, body, 4096);
            c.send(1, new Basic.Consume(queue, "raw-consumer", false, true, false, false, Map.of()));
            c.expect(1, Basic.ConsumeOk.class);
            Basic.Deliver deliver = c.expect(1, Basic.Deliver.class);
            assertThat(deliver.routingKey()).isEqualTo(queue);
            Delivered d = readContent(c, 1);
            assertThat(d.bodySize()).isEqualTo(body.length);
            assertThat(d.frameSizes()).as("body frame sizes, overhead included")
                    .hasSizeGreaterThan(2).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(4096));
            assertThat(d.body()).isEqualTo(body);
        }
    }

    @Test
    void contentOfTwoChannelsMayInterleave() {
        try (RawClient c = RawClient.open(server.port())) {
            c.openChannel(1);
            c.openChannel(2);
            String q1 = c.declareQueue(1, "").queue();
            String q2 = c.declareQueue(2, "").queue();
            c.send(1, new Confirm.Select(false));
            c.expect(1, Confirm.SelectOk.class);
            c.send(2, new Confirm.Select(false));
            c.expect(2, Confirm.SelectOk.class);
            byte[] one = "first channel's message".getBytes(StandardCharsets.UTF_8);
            byte[] two = "second channel's message".getBytes(StandardCharsets.UTF_8);
            c.send(1, new Basic.Publish("", q1, false, false));
            c.sendContentHeader(1, Basic.CLASS_ID, one.length);
            c.sendBody(1, java.util.Arrays.copyOf(one, 5));
            c.sendContent(2, new Basic.Publish("", q2, false, false), BasicProperties.EMPTY, two);
            c.sendBody(1, java.util.Arrays.copyOfRange(one, 5, one.length));
            List<Integer> acked = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                RawClient.RawFrame f = c.readMethodFrame();
                assertThat(f.method()).isInstanceOf(Basic.Ack.class);
                acked.add(f.channel());
            }
            assertThat(acked).containsExactlyInAnyOrder(1, 2);
            assertThat(consumeOne(c, 1, q1)).isEqualTo(one);
            assertThat(consumeOne(c, 2, q2)).isEqualTo(two);
        }
    }

    private static byte[] consumeOne(RawClient c, int channel, String queue) {
        c.send(channel, new Basic.Consume(queue, "", false, true, false, false, Map.of()));
        c.expect(channel, Basic.ConsumeOk.class);
        c.expect(channel, Basic.Deliver.class);
        return readContent(c, channel).body();
    }

    record Delivered(long bodySize, List<Integer> frameSizes, byte[] body) {
    }

    /** The content header and body frames that follow a delivery. */
    private static Delivered readContent(RawClient c, int channel) {
        RawClient.RawFrame header = c.readFrame();
        assertThat(header.type()).as("frame after basic.deliver").isEqualTo(Frames.TYPE_HEADER);
        assertThat(header.channel()).isEqualTo(channel);
        ByteBuffer h = ByteBuffer.wrap(header.payload());
        assertThat(h.getShort() & 0xFFFF).as("class id").isEqualTo(Basic.CLASS_ID);
        assertThat(h.getShort()).as("weight").isZero();
        long size = h.getLong();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; body.size() < size && i < 10_000; i++) {
            RawClient.RawFrame f = c.readFrame();
            assertThat(f.type()).as("frame %d of the body", i).isEqualTo(Frames.TYPE_BODY);
            assertThat(f.channel()).isEqualTo(channel);
            sizes.add(f.payload().length + Frames.OVERHEAD);
            body.writeBytes(f.payload());
        }
        return new Delivered(size, sizes, body.toByteArray());
    }

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }
}
