package io.fluxmq.amqp091.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DeliverCallback;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.MessageProperties;
import io.fluxmq.amqp091.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The RabbitMQ Java client against the server: declare, publish, consume, acknowledge, confirm. */
class BasicMessagingTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(Delivery d) {
        return new String(d.getBody(), StandardCharsets.UTF_8);
    }

    static DeliverCallback into(BlockingQueue<Delivery> q) {
        return (tag, d) -> q.add(d);
    }

    @Test
    void aMessagePublishedToTheDefaultExchangeReachesAConsumerWithItsProperties() throws Exception {
        try (Connection c = server.factory().newConnection(); Channel ch = c.createChannel()) {
            assertThat(c.getServerProperties().get("product").toString()).isEqualTo("FluxMQ");
            AMQP.Queue.DeclareOk ok = ch.queueDeclare("orders", true, false, false, null);
            assertThat(ok.getQueue()).isEqualTo("orders");
            assertThat(ok.getMessageCount()).isZero();
            AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("text/plain")
                    .correlationId("c-1").replyTo("replies").messageId("m-1").deliveryMode(2).priority(3)
                    .type("order").appId("shop").timestamp(new java.util.Date(1_700_000_000_000L))
                    .headers(Map.of("region", "eu", "count", 7)).build();
            ch.basicPublish("", "orders", props, utf8("hello"));
            BlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
            ch.basicConsume("orders", true, into(got), tag -> { });
            Delivery d = got.poll(10, TimeUnit.SECONDS);
            assertThat(d).isNotNull();
            assertThat(text(d)).isEqualTo("hello");
            assertThat(d.getEnvelope().getExchange()).isEmpty();
            assertThat(d.getEnvelope().getRoutingKey()).isEqualTo("orders");
            assertThat(d.getEnvelope().isRedeliver()).isFalse();
            AMQP.BasicProperties p = d.getProperties();
            assertThat(p.getContentType()).isEqualTo("text/plain");
            assertThat(p.getCorrelationId()).isEqualTo("c-1");
            assertThat(p.getReplyTo()).isEqualTo("replies");
            assertThat(p.getMessageId()).isEqualTo("m-1");
            assertThat(p.getDeliveryMode()).isEqualTo(2);
            assertThat(p.getPriority()).isEqualTo(3);
            assertThat(p.getType()).isEqualTo("order");
            assertThat(p.getAppId()).isEqualTo("shop");
            assertThat(p.getTimestamp().getTime()).isEqualTo(1_700_000_000_000L);
            assertThat(p.getHeaders().get("region").toString()).isEqualTo("eu");
            assertThat(p.getHeaders().get("count")).isEqualTo(7);
        }
    }

    @Test
    void declareOkCountsWaitingMessagesAndConsumers() throws Exception {
        try (Connection c = server.factory().newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare("counted", false, false, false, null);
            ch.confirmSelect();
            for (int i = 0; i < 5; i++) {
                ch.basicPublish("", "counted", null, utf8("m" + i));
            }
            ch.waitForConfirmsOrDie(10_000);
            assertThat(ch.queueDeclarePassive("counted").getMessageCount()).isEqualTo(5);
            assertThat(ch.messageCount("counted")).isEqualTo(5);
            ch.basicQos(1);
            ch.basicConsume("counted", false, (tag, d) -> { }, tag -> { });
            await().atMost(WAIT).until(() -> ch.consumerCount("counted") == 1);
            await().atMost(WAIT).until(() -> ch.messageCount("counted") == 4);
        }
    }

    @Test
    void confirmsAcknowledgeEveryPublishToADurableQueue() throws Exception {
        try (Connection c = server.factory().newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare("durable-work", true, false, false, null);
            ch.confirmSelect();
            List<Long> acked = new CopyOnWriteArrayList<>();
            ch.addConfirmListener((tag, multiple) -> acked.add(tag), (tag, multiple) -> { });
            for (int i = 0; i < 500; i++) {
                ch.basicPublish("", "durable-work", MessageProperties.PERSISTENT_BASIC, utf8("m" + i));
            }
            assertThat(ch.waitForConfirms(10_000)).isTrue();
            assertThat(acked).isNotEmpty();
            assertThat(acked.get(acked.size() - 1)).isEqualTo(500L);
            assertThat(ch.messageCount("durable-work")).isEqualTo(500);
        }
    }

    @Test
    void prefetchBoundsUnacknowledgedDeliveriesAndAcksBringMore() throws Exception {
        try (Connection c = server.factory().newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare("work", true, false, false, null);
            ch.confirmSelect();
            for (int i = 0; i < 20; i++) {
                ch.basicPublish("", "work", null, utf8("m" + i));
            }
            ch.waitForConfirmsOrDie(10_000);
            Channel consumer = c.createChannel();
            consumer.basicQos(5);
            BlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
            consumer.basicConsume("work", false, into(got), tag -> { });
            await().atMost(WAIT).until(() -> got.size() == 5);
            Thread.sleep(300);
            assertThat(got).hasSize(5);
            List<Delivery> first = List.copyOf(got);
            consumer.basicAck(first.get(4).getEnvelope().getDeliveryTag(), true);
            await().atMost(WAIT).until(() -> got.size() == 10);
            assertThat(got).extracting(BasicMessagingTest::text).startsWith("m0", "m1", "m2", "m3", "m4", "m5");
            consumer.close();
        }
    }

    @Test
    void unacknowledgedMessagesOfAClosedChannelAreRedeliveredMarkedRedelivered() throws Exception {
        for (boolean durable : new boolean[] {false, true}) {
            String queue = "retry-" + durable;
            try (Connection c = server.factory().newConnection(); Channel ch = c.createChannel()) {
                ch.queueDeclare(queue, durable, false, false, null);
                ch.basicPublish("", queue, null, utf8("once"));
                Channel first = c.createChannel();
                BlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
                first.basicConsume(queue, false, into(got), tag -> { });
                Delivery d = got.poll(10, TimeUnit.SECONDS);
                assertThat(d).isNotNull();
                assertThat(d.getEnvelope().isRedeliver()).isFalse();
                first.close();

                Channel second = c.createChannel();
                BlockingQueue<Delivery> again = new LinkedBlockingQueue<>();
                second.basicConsume(queue, false, into(again), tag -> { });
                Delivery r = again.poll(10, TimeUnit.SECONDS);
                assertThat(r).as("durable " + durable).isNotNull();
                assertThat(text(r)).isEqualTo("once");
                assertThat(r.getEnvelope().isRedeliver()).isTrue();
                second.basicAck(r.getEnvelope().getDeliveryTag(), false);
            }
        }
    }

    @Test
    void nackWithRequeueRedeliversAndRejectWithoutRequeueDrops() throws Exception {
        try (Connection c = server.factory().newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare("nacks", true, false, false, null);
            ch.basicPublish("", "nacks", null, utf8("x"));
            BlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
            ch.basicConsume("nacks", false, into(got), tag -> { });
            Delivery d = got.poll(10, TimeUnit.SECONDS);
            ch.basicNack(d.getEnvelope().getDeliveryTag(), false, true);
            Delivery again = got.poll(10, TimeUnit.SECONDS);
            assertThat(again).isNotNull();
            assertThat(again.getEnvelope().isRedeliver()).isTrue();
            ch.basicReject(again.getEnvelope().getDeliveryTag(), false);
            assertThat(got.poll(500, TimeUnit.MILLISECONDS)).isNull();
            await().atMost(WAIT).until(() -> ch.messageCount("nacks") == 0);
        }
    }

    @Test
    void aServerNamedExclusiveQueueGoesWithItsConnection() throws Exception {
        String name;
        try (Connection c = server.factory().newConnection(); Channel ch = c.createChannel()) {
            name = ch.queueDeclare().getQueue();
            assertThat(name).startsWith("amq.gen-");
            try (Connection other = server.factory().newConnection()) {
                Channel o = other.createChannel();
                assertThat(ChannelErrors.code(() -> o.queueDeclarePassive(name))).isEqualTo(405);
            }
        }
        await().atMost(WAIT).until(() -> server.queues.queue(name).isEmpty());
    }

    @Test
    void anAutoDeleteQueueGoesWithItsLastConsumer() throws Exception {
        try (Connection c = server.factory().newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare("short-lived", false, false, true, null);
            String tag = ch.basicConsume("short-lived", true, (t, d) -> { }, t -> { });
            assertThat(server.queues.queue("short-lived")).isPresent();
            ch.basicCancel(tag);
            await().atMost(WAIT).until(() -> server.queues.queue("short-lived").isEmpty());
        }
    }

    @Test
    void purgeAndDeleteAnswerWithTheMessagesTheyRemoved() throws Exception {
        try (Connection c = server.factory().newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare("p", true, false, false, null);
            ch.confirmSelect();
            for (int i = 0; i < 3; i++) {
                ch.basicPublish("", "p", null, utf8("m"));
            }
            ch.waitForConfirmsOrDie(10_000);
            assertThat(ch.queuePurge("p").getMessageCount()).isEqualTo(3);
            ch.basicPublish("", "p", null, utf8("m"));
            ch.waitForConfirmsOrDie(10_000);
            Channel other = c.createChannel();
            assertThat(ChannelErrors.code(() -> other.queueDelete("p", false, true))).isEqualTo(406);
            assertThat(ch.queueDelete("p").getMessageCount()).isEqualTo(1);
            assertThat(server.queues.queue("p")).isEmpty();
        }
    }

    @Test
    void deletingAQueueCancelsItsConsumers() throws Exception {
        try (Connection c = server.factory().newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare("doomed", true, false, false, null);
            BlockingQueue<String> cancelled = new LinkedBlockingQueue<>();
            ch.basicConsume("doomed", true, (t, d) -> { }, cancelled::add);
            try (Channel admin = c.createChannel()) {
                admin.queueDelete("doomed");
            }
            assertThat(cancelled.poll(10, TimeUnit.SECONDS)).startsWith("amq.ctag-");
            assertThat(ch.isOpen()).isTrue();
        }
    }

    @Test
    void transactionsPublishOnCommitAndForgetOnRollback() throws Exception {
        try (Connection c = server.factory().newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare("tx", true, false, false, null);
            ch.txSelect();
            ch.basicPublish("", "tx", null, utf8("rolled back"));
            ch.txRollback();
            ch.basicPublish("", "tx", null, utf8("committed"));
            assertThat(ch.messageCount("tx")).isZero();
            ch.txCommit();
            assertThat(ch.messageCount("tx")).isEqualTo(1);
        }
    }

    @Test
    void basicGetTakesOneMessageAtATimeAndAnswersEmptyWhenThereIsNone() throws Exception {
        try (Connection c = server.factory().newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare("polled", true, false, false, null);
            assertThat(ch.basicGet("polled", false)).as("get-empty").isNull();
            ch.confirmSelect();
            for (int i = 0; i < 3; i++) {
                ch.basicPublish("", "polled", null, utf8("m" + i));
            }
            ch.waitForConfirmsOrDie(10_000);
            com.rabbitmq.client.GetResponse first = ch.basicGet("polled", false);
            assertThat(first).isNotNull();
            assertThat(new String(first.getBody(), StandardCharsets.UTF_8)).isEqualTo("m0");
            assertThat(first.getMessageCount()).isEqualTo(2);
            assertThat(first.getEnvelope().getRoutingKey()).isEqualTo("polled");
            ch.basicAck(first.getEnvelope().getDeliveryTag(), false);
            com.rabbitmq.client.GetResponse second = ch.basicGet("polled", true);
            assertThat(new String(second.getBody(), StandardCharsets.UTF_8)).isEqualTo("m1");
            com.rabbitmq.client.GetResponse third = ch.basicGet("polled", false);
            assertThat(new String(third.getBody(), StandardCharsets.UTF_8)).isEqualTo("m2");
            ch.basicReject(third.getEnvelope().getDeliveryTag(), true);
            com.rabbitmq.client.GetResponse again = ch.basicGet("polled", false);
            assertThat(again).isNotNull();
            assertThat(new String(again.getBody(), StandardCharsets.UTF_8)).isEqualTo("m2");
            assertThat(again.getEnvelope().isRedeliver()).isTrue();
            ch.basicAck(again.getEnvelope().getDeliveryTag(), false);
            assertThat(ch.basicGet("polled", false)).isNull();
        }
    }

    @Test
    void streamConsumersEachReadTheWholeStreamFromTheirOffset() throws Exception {
        try (Connection c = server.factory().newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare("events", true, false, false, Map.of("x-queue-type", "stream"));
            ch.confirmSelect();
            for (int i = 0; i < 5; i++) {
                ch.basicPublish("", "events", null, utf8("e" + i));
            }
            ch.waitForConfirmsOrDie(10_000);
            List<BlockingQueue<Delivery>> readers = new java.util.ArrayList<>();
            for (Object offset : new Object[] {"first", 3L}) {
                Channel r = c.createChannel();
                r.basicQos(100);
                BlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
                r.basicConsume("events", false, Map.of("x-stream-offset", offset), (tag, d) -> {
                    got.add(d);
                    r.basicAck(d.getEnvelope().getDeliveryTag(), false);
                }, tag -> { });
                readers.add(got);
            }
            for (int i = 0; i < 5; i++) {
                assertThat(text(readers.get(0).poll(10, TimeUnit.SECONDS))).isEqualTo("e" + i);
            }
            assertThat(text(readers.get(1).poll(10, TimeUnit.SECONDS))).isEqualTo("e3");
            assertThat(text(readers.get(1).poll(10, TimeUnit.SECONDS))).isEqualTo("e4");
            assertThat(ChannelErrors.code(() -> c.createChannel().queueDeclare("bad-stream", false, false, false,
                    Map.of("x-queue-type", "stream")))).as("a stream is durable").isEqualTo(406);
        }
    }

    @Test
    void aQueueWithXExpiresGoesOnceUnusedButNotWhileConsumed() throws Exception {
        try (Connection c = server.factory().newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare("expiring", false, false, false, Map.of("x-expires", 300));
            ch.queueDeclare("watched", false, false, false, Map.of("x-expires", 300));
            String tag = ch.basicConsume("watched", true, (t, d) -> { }, t -> { });
            await().atMost(WAIT).until(() -> server.queues.queue("expiring").isEmpty());
            Thread.sleep(500);
            assertThat(server.queues.queue("watched")).as("consumed").isPresent();
            ch.basicCancel(tag);
            await().atMost(WAIT).until(() -> server.queues.queue("watched").isEmpty());
        }
    }

    @Test
    void aPublisherOutrunningAnInMemoryQueueIsSlowedDownNotDropped() throws Exception {
        int total = 30_000;
        try (Connection pub = server.factory().newConnection(); Connection sub = server.factory().newConnection()) {
            Channel p = pub.createChannel();
            p.queueDeclare("transient-fast", false, false, false, null);
            Channel s = sub.createChannel();
            s.basicQos(200);
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger outOfOrder = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.CountDownLatch all = new java.util.concurrent.CountDownLatch(total);
            s.basicConsume("transient-fast", false, (tag, d) -> {
                int n = Integer.parseInt(text(d));
                if (n != next.getAndIncrement()) {
                    outOfOrder.incrementAndGet();
                }
                if (n % 500 == 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(2_000_000); // slower than the publisher
                }
                s.basicAck(d.getEnvelope().getDeliveryTag(), false);
                all.countDown();
            }, tag -> { });
            for (int i = 0; i < total; i++) {
                p.basicPublish("", "transient-fast", null, utf8(Integer.toString(i)));
            }
            assertThat(all.await(60, TimeUnit.SECONDS)).as("received " + next.get() + " of " + total).isTrue();
            assertThat(outOfOrder.get()).isZero();
            assertThat(server.queues.queue("transient-fast").orElseThrow().stats().dropped()).isZero();
        }
    }

    @Test
    void aSingleActiveConsumerQueueFeedsOneConsumerUntilItGoes() throws Exception {
        try (Connection a = server.factory().newConnection(); Connection b = server.factory().newConnection()) {
            Channel pub = a.createChannel();
            pub.queueDeclare("one-at-a-time", true, false, false, Map.of("x-single-active-consumer", true));
            Channel first = a.createChannel();
            BlockingQueue<Delivery> toFirst = new LinkedBlockingQueue<>();
            String firstTag = first.basicConsume("one-at-a-time", true, into(toFirst), t -> { });
            Channel second = b.createChannel();
            BlockingQueue<Delivery> toSecond = new LinkedBlockingQueue<>();
            second.basicConsume("one-at-a-time", true, into(toSecond), t -> { });
            for (int i = 0; i < 10; i++) {
                pub.basicPublish("", "one-at-a-time", null, utf8("m" + i));
            }
            for (int i = 0; i < 10; i++) {
                assertThat(text(toFirst.poll(10, TimeUnit.SECONDS))).isEqualTo("m" + i);
            }
            assertThat(toSecond).as("the second waits").isEmpty();
            first.basicCancel(firstTag);
            pub.basicPublish("", "one-at-a-time", null, utf8("after"));
            assertThat(text(toSecond.poll(10, TimeUnit.SECONDS))).isEqualTo("after");
            assertThat(toFirst).isEmpty();
        }
    }

    @Test
    void redeclaringAQueueWithOtherArgumentsIsRefusedAndTheSameOnesAccepted() throws Exception {
        try (Connection c = server.factory().newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare("limited", true, false, false, Map.of("x-max-length", 10));
            ch.queueDeclare("limited", true, false, false, Map.of("x-max-length", 10L));
            assertThat(ChannelErrors.code(() -> c.createChannel().queueDeclare("limited", true, false, false,
                    Map.of("x-max-length", 20)))).isEqualTo(406);
            assertThat(ChannelErrors.code(() -> c.createChannel().queueDeclare("limited", true, false, false,
                    null))).isEqualTo(406);
        }
    }

    @Test
    void directReplyToAnswersTheRequestingChannelThroughNoQueue() throws Exception {
        try (Connection client = server.factory().newConnection(); Connection service = server.factory().newConnection()) {
            Channel s = service.createChannel();
            s.queueDeclare("rpc", false, false, false, null);
            s.basicConsume("rpc", true, (tag, d) -> s.basicPublish("", d.getProperties().getReplyTo(),
                    new AMQP.BasicProperties.Builder().correlationId(d.getProperties().getCorrelationId()).build(),
                    utf8("re: " + text(d))), tag -> { });
            Channel c = client.createChannel();
            assertThat(c.queueDeclarePassive("amq.rabbitmq.reply-to").getQueue()).isEqualTo("amq.rabbitmq.reply-to");
            BlockingQueue<Delivery> replies = new LinkedBlockingQueue<>();
            c.basicConsume("amq.rabbitmq.reply-to", true, into(replies), tag -> { });
            c.basicPublish("", "rpc", new AMQP.BasicProperties.Builder().replyTo("amq.rabbitmq.reply-to")
                    .correlationId("42").build(), utf8("ping"));
            Delivery reply = replies.poll(10, TimeUnit.SECONDS);
            assertThat(reply).isNotNull();
            assertThat(text(reply)).isEqualTo("re: ping");
            assertThat(reply.getProperties().getCorrelationId()).isEqualTo("42");
            assertThat(reply.getEnvelope().getRoutingKey()).startsWith("amq.rabbitmq.reply-to.");
            Channel noReplyConsumer = client.createChannel();
            noReplyConsumer.basicPublish("", "rpc", new AMQP.BasicProperties.Builder().replyTo("amq.rabbitmq.reply-to")
                    .build(), utf8("lost"));
            await().atMost(WAIT).until(() -> !noReplyConsumer.isOpen());
            assertThat(((AMQP.Channel.Close) noReplyConsumer.getCloseReason().getReason()).getReplyCode()).isEqualTo(406);
        }
    }

    @Test
    void acknowledgingAfterCancelIsAcceptedAndTheMessagesComeAgain() throws Exception {
        try (Connection c = server.factory().newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare("cancelled-work", true, false, false, null);
            ch.confirmSelect();
            for (int i = 0; i < 3; i++) {
                ch.basicPublish("", "cancelled-work", null, utf8("m" + i));
            }
            ch.waitForConfirmsOrDie(10_000);
            Channel worker = c.createChannel();
            worker.basicQos(3);
            BlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
            String tag = worker.basicConsume("cancelled-work", false, into(got), t -> { });
            await().atMost(WAIT).until(() -> got.size() == 3);
            worker.basicCancel(tag);
            worker.basicAck(got.peek().getEnvelope().getDeliveryTag(), true);
            worker.basicAck(List.copyOf(got).get(2).getEnvelope().getDeliveryTag(), true);
            assertThat(worker.queueDeclarePassive("cancelled-work").getQueue()).as("the channel stays open")
                    .isEqualTo("cancelled-work");
            BlockingQueue<Delivery> again = new LinkedBlockingQueue<>();
            ch.basicConsume("cancelled-work", true, into(again), t -> { });
            for (int i = 0; i < 3; i++) {
                Delivery d = again.poll(10, TimeUnit.SECONDS);
                assertThat(d).isNotNull();
                assertThat(d.getEnvelope().isRedeliver()).isTrue();
            }
        }
    }
}
