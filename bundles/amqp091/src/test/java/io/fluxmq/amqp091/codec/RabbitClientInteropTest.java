package io.fluxmq.amqp091.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.AMQImpl;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Checks the codec against the RabbitMQ Java client's own encoder and decoder. */
class RabbitClientInteropTest {
    @ParameterizedTest
    @MethodSource("io.fluxmq.amqp091.codec.MethodCodecTest#samples")
    void theClientReadsWhatWeWriteAndWritesItBackTheSame(Method m) throws IOException {
        ByteBuf ours = Unpooled.buffer();
        MethodCodec.encode(m, ours);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(ByteBufUtil.getBytes(ours)));
        com.rabbitmq.client.impl.Method theirs = AMQImpl.readMethodFrom(in);
        assertThat(in.available()).as("bytes left by the client").isZero();
        assertThat(theirs.protocolMethodName()).isEqualTo(m.name());
        assertThat(theirs.hasContent()).isEqualTo(m.hasContent());
        Method back = MethodCodec.decode(Unpooled.wrappedBuffer(theirs.toFrame(0).getPayload()));
        assertThat(back).isEqualTo(m);
    }

    @Test
    void argumentsLandInTheRightFields() throws IOException {
        AMQImpl.Queue.Declare qd = (AMQImpl.Queue.Declare) theirs(
                new Queue.Declare("q", false, true, true, false, true, Map.of("x-max-length", 10)));
        assertThat(qd.getQueue()).isEqualTo("q");
        assertThat(qd.getPassive()).isFalse();
        assertThat(qd.getDurable()).isTrue();
        assertThat(qd.getExclusive()).isTrue();
        assertThat(qd.getAutoDelete()).isFalse();
        assertThat(qd.getNowait()).isTrue();
        assertThat(qd.getArguments()).containsEntry("x-max-length", 10);

        AMQImpl.Exchange.Declare ed = (AMQImpl.Exchange.Declare) theirs(
                new Exchange.Declare("x", "fanout", true, false, true, false, true, null));
        assertThat(ed.getExchange()).isEqualTo("x");
        assertThat(ed.getType()).isEqualTo("fanout");
        assertThat(ed.getPassive()).isTrue();
        assertThat(ed.getDurable()).isFalse();
        assertThat(ed.getAutoDelete()).isTrue();
        assertThat(ed.getInternal()).isFalse();
        assertThat(ed.getNowait()).isTrue();

        AMQImpl.Basic.Deliver d = (AMQImpl.Basic.Deliver) theirs(new Basic.Deliver("tag", 99, true, "ex", "rk"));
        assertThat(d.getConsumerTag()).isEqualTo("tag");
        assertThat(d.getDeliveryTag()).isEqualTo(99);
        assertThat(d.getRedelivered()).isTrue();
        assertThat(d.getExchange()).isEqualTo("ex");
        assertThat(d.getRoutingKey()).isEqualTo("rk");

        AMQImpl.Basic.GetOk g = (AMQImpl.Basic.GetOk) theirs(new Basic.GetOk(5, false, "e", "r", 7));
        assertThat(g.getDeliveryTag()).isEqualTo(5);
        assertThat(g.getRedelivered()).isFalse();
        assertThat(g.getExchange()).isEqualTo("e");
        assertThat(g.getRoutingKey()).isEqualTo("r");
        assertThat(g.getMessageCount()).isEqualTo(7);

        AMQImpl.Queue.Delete qdel = (AMQImpl.Queue.Delete) theirs(new Queue.Delete("q", false, true, false));
        assertThat(qdel.getIfUnused()).isFalse();
        assertThat(qdel.getIfEmpty()).isTrue();
        assertThat(qdel.getNowait()).isFalse();

        AMQImpl.Connection.Close c = (AMQImpl.Connection.Close) theirs(new Connection.Close(406, "t", 50, 10));
        assertThat(c.getReplyCode()).isEqualTo(406);
        assertThat(c.getReplyText()).isEqualTo("t");
        assertThat(c.getClassId()).isEqualTo(50);
        assertThat(c.getMethodId()).isEqualTo(10);

        AMQImpl.Basic.Qos qos = (AMQImpl.Basic.Qos) theirs(new Basic.Qos(1000, 20, true));
        assertThat(qos.getPrefetchSize()).isEqualTo(1000);
        assertThat(qos.getPrefetchCount()).isEqualTo(20);
        assertThat(qos.getGlobal()).isTrue();
    }

    @Test
    void weReadWhatTheClientWrites() throws IOException {
        assertThat(ours(new AMQImpl.Basic.Consume(0, "q", "tag", true, false, true, false, Map.of("x-priority", 5))))
                .isEqualTo(new Basic.Consume("q", "tag", true, false, true, false, Map.of("x-priority", 5)));
        assertThat(ours(new AMQImpl.Basic.Publish(0, "ex", "rk", true, false)))
                .isEqualTo(new Basic.Publish("ex", "rk", true, false));
        assertThat(ours(new AMQImpl.Basic.Nack(12, false, true))).isEqualTo(new Basic.Nack(12, false, true));
        assertThat(ours(new AMQImpl.Connection.TuneOk(2047, 131072, 60)))
                .isEqualTo(new Connection.TuneOk(2047, 131072, 60));
        assertThat(ours(new AMQImpl.Connection.Open("/", "", false))).isEqualTo(new Connection.Open("/"));
        assertThat(ours(new AMQImpl.Queue.Unbind(0, "q", "x", "rk", null)))
                .isEqualTo(new Queue.Unbind("q", "x", "rk", Map.of()));
        assertThat(ours(new AMQImpl.Confirm.Select(true))).isEqualTo(new Confirm.Select(true));
    }

    @Test
    void contentHeaderFromTheClient() throws IOException {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .contentType("application/json").contentEncoding("gzip").headers(Map.of("h", "v", "n", 1))
                .deliveryMode(2).priority(5).correlationId("c").replyTo("r").expiration("1000").messageId("m")
                .timestamp(new Date(1_700_000_000_000L)).type("t").userId("u").appId("a").clusterId("cl").build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        props.toFrame(4, 1234).writeTo(new DataOutputStream(bytes));
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(0));
        channel.writeInbound(Unpooled.wrappedBuffer(bytes.toByteArray()));
        HeaderFrame frame = channel.readInbound();
        channel.finishAndReleaseAll();
        assertThat(frame).isEqualTo(new HeaderFrame(4, 60, 1234, new BasicProperties("application/json", "gzip",
                Map.of("h", "v", "n", 1), 2, 5, "c", "r", "1000", "m", 1_700_000_000L, "t", "u", "a", "cl")));
    }

    @Test
    void contentHeaderToTheClient() throws IOException {
        ByteBuf out = Unpooled.buffer();
        FrameWriter.writeHeader(out, 1, 60, 77, BasicPropertiesTest.ALL);
        out.skipBytes(Frames.HEADER_SIZE);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(ByteBufUtil.getBytes(out)));
        AMQP.BasicProperties p = (AMQP.BasicProperties) AMQImpl.readContentHeaderFrom(in);
        assertThat(in.available()).isEqualTo(1); // the frame end
        BasicProperties all = BasicPropertiesTest.ALL;
        assertThat(p.getBodySize()).isEqualTo(77);
        assertThat(p.getContentType()).isEqualTo(all.contentType());
        assertThat(p.getContentEncoding()).isEqualTo(all.contentEncoding());
        assertThat(p.getHeaders()).hasSize(2).containsEntry("n", 5);
        assertThat(p.getHeaders().get("x-trace")).hasToString("abc");
        assertThat(p.getDeliveryMode()).isEqualTo(all.deliveryMode());
        assertThat(p.getPriority()).isEqualTo(all.priority());
        assertThat(p.getCorrelationId()).isEqualTo(all.correlationId());
        assertThat(p.getReplyTo()).isEqualTo(all.replyTo());
        assertThat(p.getExpiration()).isEqualTo(all.expiration());
        assertThat(p.getMessageId()).isEqualTo(all.messageId());
        assertThat(p.getTimestamp()).isEqualTo(new Date(all.timestamp() * 1000));
        assertThat(p.getType()).isEqualTo(all.type());
        assertThat(p.getUserId()).isEqualTo(all.userId());
        assertThat(p.getAppId()).isEqualTo(all.appId());
        assertThat(p.getClusterId()).isEqualTo(all.clusterId());
    }

    private static com.rabbitmq.client.impl.Method theirs(Method m) throws IOException {
        ByteBuf b = Unpooled.buffer();
        MethodCodec.encode(m, b);
        return AMQImpl.readMethodFrom(new DataInputStream(new ByteArrayInputStream(ByteBufUtil.getBytes(b))));
    }

    private static Method ours(com.rabbitmq.client.impl.Method m) throws IOException {
        return MethodCodec.decode(Unpooled.wrappedBuffer(m.toFrame(1).getPayload()));
    }
}
