package io.fluxmq.amqp091.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MethodCodecTest {
    private static final Map<String, Object> ARGS = args();

    private static Map<String, Object> args() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("x-message-ttl", 60000);
        m.put("x-queue-type", "quorum");
        m.put("nested", Map.of("flag", true));
        return m;
    }

    static Stream<Method> samples() {
        byte[] secret = "\0guest\0guest".getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                new Connection.Start(0, 9,
                        Map.of("product", "FluxMQ", "capabilities", Map.of("publisher_confirms", true)),
                        "PLAIN AMQPLAIN", "en_US"),
                new Connection.StartOk(Map.of("product", "test"), "PLAIN", secret, "en_US"),
                new Connection.Secure(new byte[] {1, 2, 3}),
                new Connection.SecureOk(new byte[] {4, 5}),
                new Connection.Tune(2047, 131072L, 60),
                new Connection.TuneOk(65535, 4294967295L, 65535),
                new Connection.Open("/vhost"),
                new Connection.OpenOk(),
                new Connection.Close(320, "CONNECTION_FORCED - shutdown", 60, 40),
                new Connection.CloseOk(),
                new Connection.Blocked("low on memory"),
                new Connection.Unblocked(),
                new Connection.UpdateSecret(new byte[] {7, 7}, "token refresh"),
                new Connection.UpdateSecretOk(),
                new Channel.Open(),
                new Channel.OpenOk(),
                new Channel.Flow(true),
                new Channel.FlowOk(false),
                new Channel.Close(406, "PRECONDITION_FAILED - inequivalent arg", 50, 10),
                new Channel.CloseOk(),
                new Exchange.Declare("logs", "topic", false, true, true, false, true, ARGS),
                new Exchange.DeclareOk(),
                new Exchange.Delete("logs", true, false),
                new Exchange.DeleteOk(),
                new Exchange.Bind("dst", "src", "a.#", true, ARGS),
                new Exchange.BindOk(),
                new Exchange.Unbind("dst", "src", "a.*", false, Map.of()),
                new Exchange.UnbindOk(),
                new Queue.Declare("orders", false, true, false, true, false, ARGS),
                new Queue.DeclareOk("amq.gen-xyz", 4294967295L, 3L),
                new Queue.Bind("orders", "amq.direct", "rk", true, ARGS),
                new Queue.BindOk(),
                new Queue.Purge("orders", true),
                new Queue.PurgeOk(17L),
                new Queue.Delete("orders", true, false, true),
                new Queue.DeleteOk(5L),
                new Queue.Unbind("orders", "amq.direct", "rk", ARGS),
                new Queue.UnbindOk(),
                new Basic.Qos(0L, 250, true),
                new Basic.QosOk(),
                new Basic.Consume("orders", "ctag-1", false, true, true, false, ARGS),
                new Basic.ConsumeOk("ctag-1"),
                new Basic.Cancel("ctag-1", true),
                new Basic.CancelOk("ctag-1"),
                new Basic.Publish("amq.topic", "a.b.c", true, false),
                new Basic.Return(312, "NO_ROUTE", "amq.topic", "a.b.c"),
                new Basic.Deliver("ctag-1", Long.MAX_VALUE, true, "", "orders"),
                new Basic.Get("orders", true),
                new Basic.GetOk(42L, false, "ex", "rk", 9L),
                new Basic.GetEmpty(),
                new Basic.Ack(7L, true),
                new Basic.Reject(8L, false),
                new Basic.RecoverAsync(true),
                new Basic.Recover(false),
                new Basic.RecoverOk(),
                new Basic.Nack(-1L, true, true),
                new Confirm.Select(true),
                new Confirm.SelectOk(),
                new Tx.Select(),
                new Tx.SelectOk(),
                new Tx.Commit(),
                new Tx.CommitOk(),
                new Tx.Rollback(),
                new Tx.RollbackOk());
    }

    private static ByteBuf encode(Method m) {
        ByteBuf b = Unpooled.buffer();
        MethodCodec.encode(m, b);
        return b;
    }

    private static ByteBuf hex(String hex) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex.replace(" ", "")));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void roundTrips(Method m) {
        ByteBuf b = encode(m);
        assertThat(b.getUnsignedShort(0)).isEqualTo(m.classId());
        assertThat(b.getUnsignedShort(2)).isEqualTo(m.methodId());
        Method decoded = MethodCodec.decode(b);
        assertThat(decoded).isEqualTo(m);
        assertThat(decoded.hashCode()).isEqualTo(m.hashCode());
        assertThat(b.isReadable()).as("all bytes consumed").isFalse();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void idsMatchTheHolderAndTheRecord(Method m) throws ReflectiveOperationException {
        Class<?> holder = m.getClass().getEnclosingClass();
        assertThat(m.classId()).isEqualTo(holder.getField("CLASS_ID").getInt(null));
        assertThat(m.methodId()).isEqualTo(m.getClass().getField("METHOD_ID").getInt(null));
    }

    @Test
    void everyMethodRecordHasASample() {
        Set<Class<?>> sampled = samples().map(Object::getClass).collect(Collectors.toSet());
        List<Class<?>> all = Stream.of(Connection.class, Channel.class, Exchange.class, Queue.class, Basic.class,
                        Confirm.class, Tx.class)
                .flatMap(h -> Arrays.stream(h.getDeclaredClasses()))
                .filter(Class::isRecord)
                .collect(Collectors.toList());
        assertThat(all).hasSize(64).allMatch(Method.class::isAssignableFrom);
        assertThat(sampled).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void classIds() {
        assertThat(List.of(Connection.CLASS_ID, Channel.CLASS_ID, Exchange.CLASS_ID, Queue.CLASS_ID, Basic.CLASS_ID,
                Confirm.CLASS_ID, Tx.CLASS_ID)).containsExactly(10, 20, 40, 50, 60, 85, 90);
    }

    @Test
    void names() {
        assertThat(new Basic.Publish("", "", false, false).name()).isEqualTo("basic.publish");
        assertThat(new Basic.GetOk(1, false, "", "", 0).name()).isEqualTo("basic.get-ok");
        assertThat(new Basic.RecoverAsync(false).name()).isEqualTo("basic.recover-async");
        assertThat(new Connection.StartOk(null, "", null, "").name()).isEqualTo("connection.start-ok");
        assertThat(new Connection.UpdateSecretOk().name()).isEqualTo("connection.update-secret-ok");
        assertThat(new Queue.DeclareOk("", 0, 0).name()).isEqualTo("queue.declare-ok");
        assertThat(new Confirm.SelectOk().name()).isEqualTo("confirm.select-ok");
        assertThat(new Tx.RollbackOk().name()).isEqualTo("tx.rollback-ok");
        assertThat(new Channel.CloseOk().name()).isEqualTo("channel.close-ok");
        assertThat(new Exchange.UnbindOk().name()).isEqualTo("exchange.unbind-ok");
    }

    @Test
    void onlyPublishReturnDeliverAndGetOkCarryContent() {
        Set<String> withContent = samples().filter(Method::hasContent).map(Method::name).collect(Collectors.toSet());
        assertThat(withContent).containsExactlyInAnyOrder("basic.publish", "basic.return", "basic.deliver",
                "basic.get-ok");
    }

    @Test
    void byteArrayRecordsCompareByContentAndHideSecrets() {
        Connection.StartOk a = new Connection.StartOk(Map.of(), "PLAIN", "\0u\0secret".getBytes(), "en_US");
        Connection.StartOk b = new Connection.StartOk(Map.of(), "PLAIN", "\0u\0secret".getBytes(), "en_US");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new Connection.StartOk(Map.of(), "PLAIN", "\0u\0other".getBytes(), "en_US"));
        assertThat(a.toString()).doesNotContain("secret").contains("9 bytes").contains("PLAIN");
        assertThat(new Connection.Secure(new byte[] {1})).isEqualTo(new Connection.Secure(new byte[] {1}));
        assertThat(new Connection.SecureOk(new byte[] {1})).isNotEqualTo(new Connection.SecureOk(new byte[] {2}));
        assertThat(new Connection.UpdateSecret(new byte[] {1}, "r"))
                .isEqualTo(new Connection.UpdateSecret(new byte[] {1}, "r"))
                .isNotEqualTo(new Connection.UpdateSecret(new byte[] {1}, "s"));
        assertThat(new Connection.UpdateSecret("tok".getBytes(), "r").toString()).doesNotContain("tok");
    }

    @Test
    void consecutiveBitsArePackedLeastSignificantFirst() {
        // reserved short, "q", passive=1 durable=0 exclusive=1 autoDelete=1 noWait=0, empty table
        ByteBuf b = encode(new Queue.Declare("q", true, false, true, true, false, null));
        assertThat(ByteBufUtil.hexDump(b)).isEqualTo("0032000a" + "0000" + "0171" + "0d" + "00000000");
    }

    @Test
    void bitsAfterOtherFieldsStartANewOctet() {
        // delivery tag 1, multiple=1, requeue=1 in one octet
        assertThat(ByteBufUtil.hexDump(encode(new Basic.Nack(1, true, true))))
                .isEqualTo("003c0078" + "0000000000000001" + "03");
        // consumer tag, delivery tag, redelivered, exchange, routing key
        assertThat(ByteBufUtil.hexDump(encode(new Basic.Deliver("c", 2, true, "e", "r"))))
                .isEqualTo("003c003c" + "0163" + "0000000000000002" + "01" + "0165" + "0172");
    }

    @Test
    void reservedFieldsAreWrittenEmptyAndSkippedOnRead() {
        assertThat(ByteBufUtil.hexDump(encode(new Connection.Open("/")))).isEqualTo("000a0028" + "012f" + "00" + "00");
        assertThat(ByteBufUtil.hexDump(encode(new Connection.OpenOk()))).isEqualTo("000a0029" + "00");
        assertThat(ByteBufUtil.hexDump(encode(new Channel.Open()))).isEqualTo("0014000a" + "00");
        assertThat(ByteBufUtil.hexDump(encode(new Channel.OpenOk()))).isEqualTo("0014000b" + "00000000");
        assertThat(ByteBufUtil.hexDump(encode(new Basic.GetEmpty()))).isEqualTo("003c0048" + "00");
        assertThat(ByteBufUtil.hexDump(encode(new Basic.Publish("e", "r", false, true))))
                .isEqualTo("003c0028" + "0000" + "0165" + "0172" + "02");

        // what real clients send in the reserved fields is ignored
        assertThat(MethodCodec.decode(hex("000a0028 012f 0461626364 01"))).isEqualTo(new Connection.Open("/"));
        assertThat(MethodCodec.decode(hex("0014000b 00000002 6869"))).isEqualTo(new Channel.OpenOk());
        assertThat(MethodCodec.decode(hex("003c0028 0007 0165 0172 01")))
                .isEqualTo(new Basic.Publish("e", "r", true, false));
    }

    @Test
    void emptyMethodsHaveNoArguments() {
        assertThat(ByteBufUtil.hexDump(encode(new Tx.Commit()))).isEqualTo("005a0014");
        assertThat(ByteBufUtil.hexDump(encode(new Connection.CloseOk()))).isEqualTo("000a0033");
    }

    @Test
    void longStringsAndUnsignedLongs() {
        ByteBuf b = encode(new Connection.Tune(0xFFFF, 0xFFFFFFFFL, 0xFFFF));
        assertThat(ByteBufUtil.hexDump(b)).isEqualTo("000a001e" + "ffff" + "ffffffff" + "ffff");
        assertThat(MethodCodec.decode(b)).isEqualTo(new Connection.Tune(65535, 4294967295L, 65535));
    }

    @Test
    void nullTablesAreWrittenEmptyAndReadAsEmptyMaps() {
        Method decoded = MethodCodec.decode(encode(new Exchange.Declare("x", "direct", false, false, false, false,
                false, null)));
        assertThat(((Exchange.Declare) decoded).arguments()).isNotNull().isEmpty();
    }

    @Test
    void trailingBytesAreIgnored() {
        ByteBuf b = encode(new Basic.Ack(3, false));
        b.writeBytes(new byte[] {1, 2, 3});
        assertThat(MethodCodec.decode(b)).isEqualTo(new Basic.Ack(3, false));
    }

    @Test
    void unknownMethodIsNotImplemented() {
        assertThatThrownBy(() -> MethodCodec.decode(hex("003c00ff")))
                .isInstanceOfSatisfying(AmqpException.class, e -> {
                    assertThat(e.replyCode()).isEqualTo(ReplyCode.NOT_IMPLEMENTED);
                    assertThat(e.text()).isEqualTo("unknown method 60.255");
                    assertThat(e.classId()).isEqualTo(60);
                    assertThat(e.methodId()).isEqualTo(255);
                });
    }

    @Test
    void unknownClassIsNotImplemented() {
        assertThatThrownBy(() -> MethodCodec.decode(hex("0063000a 00")))
                .isInstanceOfSatisfying(AmqpException.class, e -> {
                    assertThat(e.replyCode()).isEqualTo(ReplyCode.NOT_IMPLEMENTED);
                    assertThat(e.text()).isEqualTo("unknown method 99.10");
                    assertThat(e.classId()).isEqualTo(99);
                    assertThat(e.methodId()).isEqualTo(10);
                });
    }

    @Test
    void truncatedArgumentsAreASyntaxError() {
        ByteBuf full = encode(new Basic.Deliver("ctag", 5, false, "ex", "rk"));
        for (int length = 4; length < full.readableBytes(); length++) {
            ByteBuf truncated = full.slice(0, length);
            assertSyntaxError(truncated, 60, 60);
        }
    }

    @Test
    void payloadWithoutIdsIsASyntaxError() {
        assertSyntaxError(hex("003c"), 0, 0);
    }

    @Test
    void shortStringPastTheEndIsASyntaxError() {
        assertSyntaxError(hex("003c0015 05 6162"), 60, 21);
    }

    @Test
    void longStringPastTheEndIsASyntaxError() {
        assertSyntaxError(hex("000a0014 ffffffff 01"), 10, 20);
    }

    @Test
    void malformedTableInArgumentsIsASyntaxError() {
        // queue.declare with a table holding an entry of type 'Z'
        assertSyntaxError(hex("0032000a 0000 0171 00 00000004 016b 5a00"), 50, 10);
        // queue.declare with a table length past the end
        assertSyntaxError(hex("0032000a 0000 0171 00 00000040 016b 5600"), 50, 10);
    }

    private static void assertSyntaxError(ByteBuf payload, int classId, int methodId) {
        assertThatThrownBy(() -> MethodCodec.decode(payload))
                .isInstanceOfSatisfying(AmqpException.class, e -> {
                    assertThat(e.replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR);
                    assertThat(e.classId()).isEqualTo(classId);
                    assertThat(e.methodId()).isEqualTo(methodId);
                    assertThat(e.connectionLevel()).isTrue();
                });
    }

    @Test
    void shortStringLongerThan255BytesIsRefusedOnEncode() {
        ByteBuf b = Unpooled.buffer();
        assertThatThrownBy(() -> MethodCodec.encode(new Basic.Publish("x".repeat(256), "", false, false), b))
                .isInstanceOf(IllegalArgumentException.class);
        // 128 two-byte characters are 256 bytes
        assertThatThrownBy(() -> MethodCodec.encode(new Queue.Declare("é".repeat(128), false, false, false, false,
                false, null), b)).isInstanceOf(IllegalArgumentException.class);
        ByteBuf ok = encode(new Basic.Publish("x".repeat(255), "", false, false));
        assertThat(((Basic.Publish) MethodCodec.decode(ok)).exchange()).hasSize(255);
    }

    @Test
    void nullStringsAreWrittenEmpty() {
        assertThat(MethodCodec.decode(encode(new Basic.Publish(null, null, false, false))))
                .isEqualTo(new Basic.Publish("", "", false, false));
        assertThat(MethodCodec.decode(encode(new Connection.Secure(null))))
                .isEqualTo(new Connection.Secure(new byte[0]));
    }

    @Test
    void foreignMethodsAreRefusedOnEncode() {
        Method foreign = new Method() {
            @Override
            public int classId() {
                return 60;
            }

            @Override
            public int methodId() {
                return 40;
            }
        };
        assertThatThrownBy(() -> MethodCodec.encode(foreign, Unpooled.buffer()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
