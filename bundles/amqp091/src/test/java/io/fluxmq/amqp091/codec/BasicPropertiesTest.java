package io.fluxmq.amqp091.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BasicPropertiesTest {
    static final BasicProperties ALL = new BasicProperties("application/json", "gzip",
            Map.of("x-trace", "abc", "n", 5), 2, 9, "corr-1", "reply.queue", "60000", "msg-1", 1_700_000_000L,
            "order.created", "guest", "billing", "cluster-a");

    private static BasicProperties roundTrip(BasicProperties p) {
        ByteBuf b = Unpooled.buffer();
        p.write(b);
        BasicProperties read = BasicProperties.read(b);
        assertThat(b.isReadable()).isFalse();
        return read;
    }

    @Test
    void allFourteenPropertiesRoundTrip() {
        assertThat(roundTrip(ALL)).isEqualTo(ALL);
        ByteBuf b = Unpooled.buffer();
        ALL.write(b);
        assertThat(b.getUnsignedShort(0)).isEqualTo(0xFFFC);
    }

    @Test
    void noPropertiesAreJustAnEmptyFlagsWord() {
        ByteBuf b = Unpooled.buffer();
        BasicProperties.EMPTY.write(b);
        assertThat(ByteBufUtil.hexDump(b)).isEqualTo("0000");
        BasicProperties read = BasicProperties.read(b);
        assertThat(read).isEqualTo(BasicProperties.EMPTY);
        assertThat(read.headers()).isNull();
    }

    @Test
    void eachPropertyHasItsFlagBit() {
        String[] names = {"contentType", "contentEncoding", "headers", "deliveryMode", "priority", "correlationId",
            "replyTo", "expiration", "messageId", "timestamp", "type", "userId", "appId", "clusterId"};
        for (int i = 0; i < names.length; i++) {
            BasicProperties only = only(i);
            ByteBuf b = Unpooled.buffer();
            only.write(b);
            assertThat(b.getUnsignedShort(0)).as(names[i]).isEqualTo(1 << (15 - i));
            assertThat(BasicProperties.read(b)).as(names[i]).isEqualTo(only);
        }
    }

    /** Properties with only the i-th one (in wire order) taken from {@link #ALL}. */
    private static BasicProperties only(int i) {
        return new BasicProperties(
                i == 0 ? ALL.contentType() : null,
                i == 1 ? ALL.contentEncoding() : null,
                i == 2 ? ALL.headers() : null,
                i == 3 ? ALL.deliveryMode() : null,
                i == 4 ? ALL.priority() : null,
                i == 5 ? ALL.correlationId() : null,
                i == 6 ? ALL.replyTo() : null,
                i == 7 ? ALL.expiration() : null,
                i == 8 ? ALL.messageId() : null,
                i == 9 ? ALL.timestamp() : null,
                i == 10 ? ALL.type() : null,
                i == 11 ? ALL.userId() : null,
                i == 12 ? ALL.appId() : null,
                i == 13 ? ALL.clusterId() : null);
    }

    @Test
    void wireLayout() {
        BasicProperties p = new BasicProperties("t", null, null, 2, null, null, null, null, null, 1L, null, null,
                null, null);
        ByteBuf b = Unpooled.buffer();
        p.write(b);
        assertThat(ByteBufUtil.hexDump(b)).isEqualTo("9040" + "0174" + "02" + "0000000000000001");
    }

    @Test
    void emptyHeadersArePresent() {
        BasicProperties p = new BasicProperties(null, null, Map.of(), null, null, null, null, null, null, null, null,
                null, null, null);
        BasicProperties read = roundTrip(p);
        assertThat(read.headers()).isNotNull().isEmpty();
    }

    @Test
    void continuationFlagWordsAreSkipped() {
        // content-type present, continuation bit set, then a second flags word of 0
        ByteBuf b = Unpooled.buffer().writeShort(0x8001).writeShort(0x0000).writeByte(1).writeByte('t');
        BasicProperties read = BasicProperties.read(b);
        assertThat(read.contentType()).isEqualTo("t");
        assertThat(b.isReadable()).isFalse();
    }

    @Test
    void persistent() {
        assertThat(ALL.persistent()).isTrue();
        assertThat(BasicProperties.EMPTY.persistent()).isFalse();
        assertThat(new BasicProperties(null, null, null, 1, null, null, null, null, null, null, null, null, null,
                null).persistent()).isFalse();
    }

    @Test
    void truncatedPropertiesAreASyntaxError() {
        ByteBuf full = Unpooled.buffer();
        ALL.write(full);
        for (int length = 0; length < full.readableBytes(); length++) {
            ByteBuf truncated = full.slice(0, length);
            assertThatThrownBy(() -> BasicProperties.read(truncated))
                    .isInstanceOfSatisfying(AmqpException.class,
                            e -> assertThat(e.replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR));
        }
    }

    @Test
    void longShortStringPropertyIsRefused() {
        BasicProperties p = new BasicProperties(null, null, null, null, null, "c".repeat(256), null, null, null,
                null, null, null, null, null);
        assertThatThrownBy(() -> p.write(Unpooled.buffer())).isInstanceOf(IllegalArgumentException.class);
    }
}
