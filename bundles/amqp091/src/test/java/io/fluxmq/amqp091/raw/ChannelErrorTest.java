package io.fluxmq.amqp091.raw;

import static org.assertj.core.api.Assertions.assertThat;

import io.fluxmq.amqp091.broker.AmqpSettings;
import io.fluxmq.amqp091.codec.Basic;
import io.fluxmq.amqp091.codec.BasicProperties;
import io.fluxmq.amqp091.codec.Channel;
import io.fluxmq.amqp091.codec.Exchange;
import io.fluxmq.amqp091.codec.Queue;
import io.fluxmq.amqp091.codec.ReplyCode;
import io.fluxmq.amqp091.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Channel errors (soft errors, section 1.2 reply codes 403-406): the server closes only the
 * channel with channel.close and the reply code; the connection and its other channels stay
 * usable, and once the client confirmed with channel.close-ok the channel number can be opened
 * again.
 */
class ChannelErrorTest {
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
    void publishToAMissingExchangeIs404() {
        try (RawClient c = RawClient.open(server.port())) {
            c.openChannel(1);
            c.openChannel(2);
            c.sendContent(1, new Basic.Publish("no-such-exchange", "rk", false, false), BasicProperties.EMPTY,
                    "hello".getBytes(StandardCharsets.UTF_8));
            Channel.Close close = c.expectChannelClose(1, ReplyCode.NOT_FOUND);
            assertThat(close.replyText()).startsWith("NOT_FOUND").contains("no-such-exchange");
            assertThat(close.failingClassId()).isEqualTo(Basic.CLASS_ID);
            assertThat(close.failingMethodId()).isEqualTo(Basic.Publish.METHOD_ID);
            assertRecovers(c, 1, 2);
        }
    }

    @Test
    void ackOfAnUnknownDeliveryTagIs406() {
        try (RawClient c = RawClient.open(server.port())) {
            c.openChannel(1);
            c.openChannel(2);
            c.send(1, new Basic.Ack(42, false));
            Channel.Close close = c.expectChannelClose(1, ReplyCode.PRECONDITION_FAILED);
            assertThat(close.replyText()).contains("42");
            assertThat(close.failingClassId()).isEqualTo(Basic.CLASS_ID);
            assertThat(close.failingMethodId()).isEqualTo(Basic.Ack.METHOD_ID);
            assertRecovers(c, 1, 2);
        }
    }

    @Test
    void passiveDeclareOfAMissingQueueIs404() {
        try (RawClient c = RawClient.open(server.port())) {
            c.openChannel(1);
            c.openChannel(2);
            c.send(1, new Queue.Declare("raw-no-such-queue", true, false, false, false, false, Map.of()));
            Channel.Close close = c.expectChannelClose(1, ReplyCode.NOT_FOUND);
            assertThat(close.failingClassId()).isEqualTo(Queue.CLASS_ID);
            assertThat(close.failingMethodId()).isEqualTo(Queue.Declare.METHOD_ID);
            assertRecovers(c, 1, 2);
        }
    }

    @Test
    void redeclaringAnExchangeWithAnotherTypeIs406() {
        try (RawClient c = RawClient.open(server.port())) {
            c.openChannel(1);
            c.openChannel(2);
            c.send(1, new Exchange.Declare("raw.x", "direct", false, false, true, false, false, Map.of()));
            c.expect(1, Exchange.DeclareOk.class);
            c.send(1, new Exchange.Declare("raw.x", "fanout", false, false, true, false, false, Map.of()));
            Channel.Close close = c.expectChannelClose(1, ReplyCode.PRECONDITION_FAILED);
            assertThat(close.failingClassId()).isEqualTo(Exchange.CLASS_ID);
            assertThat(close.failingMethodId()).isEqualTo(Exchange.Declare.METHOD_ID);
            assertRecovers(c, 1, 2);
        }
    }

    @Test
    void consumeFromAMissingQueueIs404() {
        try (RawClient c = RawClient.open(server.port())) {
            c.openChannel(1);
            c.openChannel(2);
            c.send(1, new Basic.Consume("raw-no-such-queue", "", false, false, false, false, Map.of()));
            Channel.Close close = c.expectChannelClose(1, ReplyCode.NOT_FOUND);
            assertThat(close.failingClassId()).isEqualTo(Basic.CLASS_ID);
            assertThat(close.failingMethodId()).isEqualTo(Basic.Consume.METHOD_ID);
            assertRecovers(c, 1, 2);
        }
    }

    @Test
    void methodsBetweenTheServersCloseAndTheClientsCloseOkAreDiscarded() {
        try (RawClient c = RawClient.open(server.port())) {
            c.openChannel(1);
            c.send(1, new Basic.Ack(7, false));
            c.expectChannelClose(1, ReplyCode.PRECONDITION_FAILED);
            // Section 1.4.2.5 (channel.close): after sending close the server discards all but close and close-ok.
            c.send(1, new Queue.Declare("", false, false, false, true, false, Map.of()));
            c.sendContent(1, new Basic.Publish("", "x", false, false), BasicProperties.EMPTY, new byte[3]);
            c.send(1, new Channel.CloseOk());
            c.send(1, new Channel.Open());
            c.expect(1, Channel.OpenOk.class); // and not the declare-ok of the discarded declare
            assertThat(c.declareQueue(1, "").queue()).startsWith("amq.gen-");
        }
    }

    @Test
    void clientChannelCloseIsConfirmedAndTheNumberCanBeReused() {
        try (RawClient c = RawClient.open(server.port())) {
            for (int i = 0; i < 3; i++) {
                c.openChannel(1);
                c.declareQueue(1, "");
                c.send(1, new Channel.Close(200, "bye", 0, 0));
                c.expect(1, Channel.CloseOk.class);
            }
            c.assertUsable(2);
        }
    }

    @Test
    void bothSidesClosingAtOnceConfirmEachOther() {
        try (RawClient c = RawClient.open(server.port())) {
            c.openChannel(1);
            c.send(1, new Basic.Ack(9, false));
            c.send(1, new Channel.Close(200, "bye", 0, 0)); // crosses the server's channel.close
            c.expectChannelClose(1, ReplyCode.PRECONDITION_FAILED);
            c.expect(1, Channel.CloseOk.class);
            c.openChannel(1);
            assertThat(c.declareQueue(1, "").queue()).startsWith("amq.gen-");
        }
    }

    /**
     * The same crossing as above, answered as RabbitMQ's Java client does: it confirms the server's
     * channel.close with close-ok although it sent channel.close itself. RabbitMQ keeps the channel
     * closing until that close-ok; the connection must not fail over it.
     */
    @Test
    void crossingClosesWhereTheClientAlsoConfirmsTheServersClose() {
        try (RawClient c = RawClient.open(server.port())) {
            c.openChannel(1);
            c.send(1, new Basic.Ack(9, false));
            c.send(1, new Channel.Close(200, "bye", 0, 0));
            c.expectChannelClose(1, ReplyCode.PRECONDITION_FAILED);
            c.send(1, new Channel.CloseOk());
            c.expect(1, Channel.CloseOk.class);
            c.assertUsable(2);
            c.openChannel(1);
            assertThat(c.declareQueue(1, "").queue()).startsWith("amq.gen-");
        }
    }

    @Test
    void contentHeaderAnnouncingMoreThanTheMaximumMessageSizeIs406() {
        try (RawClient c = RawClient.open(server.port())) {
            c.openChannel(1);
            c.openChannel(2);
            c.send(1, new Basic.Publish("", "raw-q", false, false));
            c.sendContentHeader(1, Basic.CLASS_ID, AmqpSettings.DEFAULTS.maxMessageSize() + 1L);
            Channel.Close close = c.expectChannelClose(1, ReplyCode.PRECONDITION_FAILED);
            assertThat(close.failingClassId()).isEqualTo(Basic.CLASS_ID);
            assertThat(close.failingMethodId()).isEqualTo(Basic.Publish.METHOD_ID);
            c.sendBody(1, new byte[100]); // the body a client already had on its way is discarded
            assertRecovers(c, 1, 2);
        }
    }

    /** basic.get is a method the server MUST implement (class basic, "get"); an empty queue answers get-empty. */
    @Test
    void basicGetOnAnEmptyQueueIsGetEmpty() {
        try (RawClient c = RawClient.open(server.port())) {
            c.openChannel(1);
            String queue = c.declareQueue(1, "").queue();
            c.send(1, new Basic.Get(queue, true));
            c.expect(1, Basic.GetEmpty.class);
            c.assertUsable(2);
        }
    }

    /**
     * After a channel error on {@code failed}: the channel {@code other} opened before still works;
     * the client confirms the close; the same number opens again and works; the connection opens
     * further channels.
     */
    private static void assertRecovers(RawClient c, int failed, int other) {
        assertThat(c.declareQueue(other, "").queue()).as("channel %d after channel %d failed", other, failed)
                .startsWith("amq.gen-");
        c.send(failed, new Channel.CloseOk());
        c.openChannel(failed);
        assertThat(c.declareQueue(failed, "").queue()).startsWith("amq.gen-");
        c.assertUsable(other + 1);
    }
}
