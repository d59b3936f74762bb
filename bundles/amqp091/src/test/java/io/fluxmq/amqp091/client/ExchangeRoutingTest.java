package io.fluxmq.amqp091.client;

import static io.fluxmq.amqp091.client.BasicMessagingTest.into;
import static io.fluxmq.amqp091.client.BasicMessagingTest.text;
import static io.fluxmq.amqp091.client.BasicMessagingTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.Return;
import io.fluxmq.amqp091.server.TestServer;
import io.fluxmq.api.message.Message;
import io.fluxmq.api.router.Subscriber;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.router.SubscriptionOptions;
import io.fluxmq.api.topic.TopicFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Exchange types, exchange-to-exchange bindings, alternate exchanges, mandatory, and amq.topic as the router. */
class ExchangeRoutingTest {
    private final TestServer server = new TestServer();

    @AfterEach
    void stop() {
        server.close();
    }

    /** Declares queues, consumes them with auto-ack, and collects "queue:body". */
    private static BlockingQueue<String> consume(Channel ch, String... queues) throws Exception {
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        for (String q : queues) {
            ch.queueDeclare(q, false, false, false, null);
            ch.basicConsume(q, true, (tag, d) -> got.add(q + ":" + text(d)), tag -> { });
        }
        return got;
    }

    private static List<String> drain(BlockingQueue<String> got, int expected) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < expected; i++) {
            String s = got.poll(10, TimeUnit.SECONDS);
            assertThat(s).as("delivery " + (i + 1) + " of " + expected + " after " + out).isNotNull();
            out.add(s);
        }
        assertThat(got.poll(300, TimeUnit.MILLISECONDS)).as("nothing more than " + out).isNull();
        return out;
    }

    @Test
    void directExchangesRouteByEqualKeys() throws Exception {
        try (Connection c = server.factory().newConnection(); Channel ch = c.createChannel()) {
            BlockingQueue<String> got = consume(ch, "d-eu", "d-us");
            ch.exchangeDeclare("orders", "direct", true);
            ch.queueBind("d-eu", "orders", "eu");
            ch.queueBind("d-us", "orders", "us");
            ch.queueBind("d-us", "amq.direct", "all");
            ch.basicPublish("orders", "eu", null, utf8("1"));
            ch.basicPublish("orders", "us", null, utf8("2"));
            ch.basicPublish("orders", "asia", null, utf8("3"));
            ch.basicPublish("amq.direct", "all", null, utf8("4"));
            ch.basicPublish("amq.default", "d-eu", null, utf8("5"));
            assertThat(drain(got, 4)).containsExactlyInAnyOrder("d-eu:1", "d-us:2", "d-us:4", "d-eu:5");
        }
    }

    @Test
    void fanoutReachesEveryBoundQueueAndTopicMatchesPatterns() throws Exception {
        try (Connection c = server.factory().newConnection(); Channel ch = c.createChannel()) {
            BlockingQueue<String> got = consume(ch, "f1", "f2", "t1", "t2");
            ch.exchangeDeclare("news", "fanout");
            ch.queueBind("f1", "news", "");
            ch.queueBind("f2", "news", "ignored");
            ch.exchangeDeclare("logs", "topic");
            ch.queueBind("t1", "logs", "*.error");
            ch.queueBind("t2", "logs", "app.#");
            ch.basicPublish("news", "x", null, utf8("n"));
            ch.basicPublish("logs", "app.error", null, utf8("e"));
            ch.basicPublish("logs", "db.error", null, utf8("d"));
            ch.basicPublish("logs", "app.info.detail", null, utf8("i"));
            assertThat(drain(got, 6)).containsExactlyInAnyOrder("f1:n", "f2:n", "t1:e", "t2:e", "t1:d", "t2:i");
        }
    }

    @Test
    void headersExchangesMatchAllOrAny() throws Exception {
        try (Connection c = server.factory().newConnection(); Channel ch = c.createChannel()) {
            BlockingQueue<String> got = consume(ch, "h-all", "h-any");
            ch.exchangeDeclare("tagged", "headers");
            ch.queueBind("h-all", "tagged", "", Map.of("x-match", "all", "format", "pdf", "type", "report"));
            ch.queueBind("h-any", "tagged", "", Map.of("x-match", "any", "format", "pdf", "type", "log"));
            ch.basicPublish("tagged", "", props(Map.of("format", "pdf", "type", "report")), utf8("1"));
            ch.basicPublish("tagged", "", props(Map.of("format", "zip", "type", "log")), utf8("2"));
            ch.basicPublish("tagged", "", props(Map.of("format", "zip")), utf8("3"));
            assertThat(drain(got, 3)).containsExactlyInAnyOrder("h-all:1", "h-any:1", "h-any:2");
        }
    }

    private static AMQP.BasicProperties props(Map<String, Object> headers) {
        return new AMQP.BasicProperties.Builder().headers(headers).build();
    }

    @Test
    void exchangeToExchangeBindingsAndAlternateExchangesForward() throws Exception {
        try (Connection c = server.factory().newConnection(); Channel ch = c.createChannel()) {
            BlockingQueue<String> got = consume(ch, "e2e", "unrouted");
            ch.exchangeDeclare("upstream", "direct");
            ch.exchangeDeclare("downstream", "fanout");
            ch.exchangeBind("downstream", "upstream", "k");
            ch.queueBind("e2e", "downstream", "");
            ch.exchangeDeclare("leftovers", "fanout");
            ch.queueBind("unrouted", "leftovers", "");
            ch.exchangeDeclare("picky", "direct", false, false, Map.of("alternate-exchange", "leftovers"));
            ch.basicPublish("upstream", "k", null, utf8("via"));
            ch.basicPublish("upstream", "other", null, utf8("dropped"));
            ch.basicPublish("picky", "nobody", null, utf8("alt"));
            assertThat(drain(got, 2)).containsExactlyInAnyOrder("e2e:via", "unrouted:alt");
        }
    }

    @Test
    void aMandatoryPublishNoQueueTakesIsReturnedAndStillConfirmed() throws Exception {
        try (Connection c = server.factory().newConnection(); Channel ch = c.createChannel()) {
            BlockingQueue<Return> returns = new LinkedBlockingQueue<>();
            ch.addReturnListener(returns::add);
            ch.confirmSelect();
            ch.basicPublish("", "no-such-queue", true, null, utf8("lost"));
            Return r = returns.poll(10, TimeUnit.SECONDS);
            assertThat(r).isNotNull();
            assertThat(r.getReplyCode()).isEqualTo(312);
            assertThat(r.getReplyText()).isEqualTo("NO_ROUTE");
            assertThat(r.getRoutingKey()).isEqualTo("no-such-queue");
            assertThat(new String(r.getBody())).isEqualTo("lost");
            assertThat(ch.waitForConfirms(10_000)).isTrue();
        }
    }

    @Test
    void amqTopicIsTheTopicRouterBothWays() throws Exception {
        BlockingQueue<Message> routed = new LinkedBlockingQueue<>();
        server.router.subscribe(new Subscriber() {
            @Override
            public String id() {
                return "mqtt:watcher";
            }

            @Override
            public void deliver(Message message, Subscription subscription) {
                routed.add(message);
            }
        }, new Subscription(TopicFilter.of("home/+/temperature"), SubscriptionOptions.DEFAULT));
        try (Connection c = server.factory().newConnection(); Channel ch = c.createChannel()) {
            String q = ch.queueDeclare().getQueue();
            ch.queueBind(q, "amq.topic", "home.*.temperature");
            ch.queueBind(q, "amq.topic", "home.#");
            BlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
            ch.basicConsume(q, true, into(got), tag -> { });

            ch.basicPublish("amq.topic", "home.kitchen.temperature", null, utf8("21"));
            Message m = routed.poll(10, TimeUnit.SECONDS);
            assertThat(m).isNotNull();
            assertThat(m.topic().value()).isEqualTo("home/kitchen/temperature");
            Delivery d = got.poll(10, TimeUnit.SECONDS);
            assertThat(d.getEnvelope().getRoutingKey()).isEqualTo("home.kitchen.temperature");
            assertThat(got.poll(300, TimeUnit.MILLISECONDS)).as("two bindings match: one copy").isNull();

            server.router.route(Message.builder("home/hall/humidity").payload("40").build(), null);
            Delivery fromRouter = got.poll(10, TimeUnit.SECONDS);
            assertThat(fromRouter).isNotNull();
            assertThat(text(fromRouter)).isEqualTo("40");
            assertThat(fromRouter.getEnvelope().getExchange()).isEqualTo("amq.topic");
            assertThat(fromRouter.getEnvelope().getRoutingKey()).isEqualTo("home.hall.humidity");

            ch.queueUnbind(q, "amq.topic", "home.#");
            server.router.route(Message.builder("home/hall/humidity").payload("41").build(), null);
            assertThat(got.poll(300, TimeUnit.MILLISECONDS)).as("unbound").isNull();
        }
    }

    @Test
    void redeclaringAnExchangeDifferentlyIsRefusedAndPassiveDeclareChecksExistence() throws Exception {
        try (Connection c = server.factory().newConnection()) {
            Channel ch = c.createChannel();
            ch.exchangeDeclare("kind", "direct");
            ch.exchangeDeclarePassive("kind");
            assertThat(ChannelErrors.code(() -> ch.exchangeDeclare("kind", "fanout"))).isEqualTo(406);
            Channel again = c.createChannel();
            assertThat(ChannelErrors.code(() -> again.exchangeDeclarePassive("missing"))).isEqualTo(404);
            Channel third = c.createChannel();
            assertThat(ChannelErrors.code(() -> third.exchangeDeclare("amq.mine", "direct"))).isEqualTo(403);
            Channel fourth = c.createChannel();
            fourth.exchangeDeclare("gone", "fanout");
            fourth.exchangeDelete("gone");
            fourth.basicPublish("gone", "", null, utf8("x"));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> !fourth.isOpen());
            assertThat(((AMQP.Channel.Close) fourth.getCloseReason().getReason()).getReplyCode())
                    .as("the publish to a deleted exchange closed the channel").isEqualTo(404);
            assertThat(c.isOpen()).isTrue();
        }
    }

    @Test
    void aRejectedMessageIsDeadLetteredWithAnXDeathHeader() throws Exception {
        try (Connection c = server.factory().newConnection(); Channel ch = c.createChannel()) {
            ch.exchangeDeclare("dlx", "fanout");
            ch.queueDeclare("graveyard", true, false, false, null);
            ch.queueBind("graveyard", "dlx", "");
            ch.queueDeclare("work-dl", true, false, false, Map.of("x-dead-letter-exchange", "dlx"));
            ch.basicPublish("", "work-dl", null, utf8("poison"));
            BlockingQueue<Delivery> work = new LinkedBlockingQueue<>();
            ch.basicConsume("work-dl", false, into(work), tag -> { });
            Delivery d = work.poll(10, TimeUnit.SECONDS);
            ch.basicReject(d.getEnvelope().getDeliveryTag(), false);

            BlockingQueue<Delivery> dead = new LinkedBlockingQueue<>();
            ch.basicConsume("graveyard", true, into(dead), tag -> { });
            Delivery r = dead.poll(10, TimeUnit.SECONDS);
            assertThat(r).isNotNull();
            assertThat(text(r)).isEqualTo("poison");
            assertThat(r.getEnvelope().getExchange()).isEqualTo("dlx");
            assertThat(r.getEnvelope().getRoutingKey()).isEqualTo("work-dl");
            List<?> deaths = (List<?>) r.getProperties().getHeaders().get("x-death");
            Map<?, ?> death = (Map<?, ?>) deaths.get(0);
            assertThat(death.get("count")).isEqualTo(1L);
            assertThat(death.get("reason").toString()).isEqualTo("rejected");
            assertThat(death.get("queue").toString()).isEqualTo("work-dl");
            assertThat(r.getProperties().getHeaders().get("x-first-death-reason").toString()).isEqualTo("rejected");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> ch.messageCount("work-dl") == 0);
            assertThat(ChannelErrors.code(() -> c.createChannel().queueDeclare("ttl-dl", true, false, false,
                    Map.of("x-dead-letter-exchange", "dlx", "x-message-ttl", 1000)))).isEqualTo(406);
        }
    }
}
