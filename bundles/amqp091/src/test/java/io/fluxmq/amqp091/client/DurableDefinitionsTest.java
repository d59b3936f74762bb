package io.fluxmq.amqp091.client;

import static io.fluxmq.amqp091.client.BasicMessagingTest.into;
import static io.fluxmq.amqp091.client.BasicMessagingTest.text;
import static io.fluxmq.amqp091.client.BasicMessagingTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.MessageProperties;
import io.fluxmq.amqp091.server.TestServer;
import io.fluxmq.storage.memory.MemoryLogStore;
import io.fluxmq.storage.memory.MemoryStateStore;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Durable exchanges, durable queues and the bindings between them survive a restart of the server
 * (a new server on the same stores); transient ones do not.
 */
class DurableDefinitionsTest {
    private final MemoryStateStore state = new MemoryStateStore();
    private final MemoryLogStore logs = new MemoryLogStore();

    @Test
    void durableDefinitionsAndMessagesComeBackAfterARestart() throws Exception {
        try (TestServer first = new TestServer(state, logs); Connection c = first.factory().newConnection()) {
            Channel ch = c.createChannel();
            ch.exchangeDeclare("orders", "topic", true);
            ch.exchangeDeclare("audit", "fanout", true, false, Map.of("alternate-exchange", "orders"));
            ch.exchangeDeclare("scratch", "direct", false);
            ch.queueDeclare("eu-orders", true, false, false, Map.of("x-max-length", 100));
            ch.queueDeclare("sensor-feed", true, false, false, null);
            ch.queueDeclare("temporary", false, false, false, null);
            ch.queueBind("eu-orders", "orders", "eu.#");
            ch.exchangeBind("orders", "audit", "");
            ch.queueBind("sensor-feed", "amq.topic", "sensors.*");
            ch.queueBind("temporary", "orders", "#");
            ch.queueDeclare("gone", true, false, false, null);
            ch.queueBind("gone", "orders", "gone");
            ch.queueDelete("gone");
            ch.confirmSelect();
            ch.basicPublish("orders", "eu.de", MessageProperties.PERSISTENT_BASIC, utf8("before restart"));
            ch.waitForConfirmsOrDie(10_000);
        }
        try (TestServer second = new TestServer(state, logs); Connection c = second.factory().newConnection()) {
            Channel ch = c.createChannel();
            ch.exchangeDeclarePassive("orders");
            ch.exchangeDeclarePassive("audit");
            assertThat(ChannelErrors.code(() -> c.createChannel().exchangeDeclarePassive("scratch"))).isEqualTo(404);
            assertThat(ChannelErrors.code(() -> c.createChannel().queueDeclarePassive("temporary"))).isEqualTo(404);
            assertThat(ChannelErrors.code(() -> c.createChannel().queueDeclarePassive("gone"))).isEqualTo(404);
            assertThat(second.queues.queue("eu-orders").orElseThrow().config().maxDepth()).isEqualTo(100);
            assertThat(ChannelErrors.code(() -> c.createChannel().queueDeclare("eu-orders", false, false, false,
                    null))).as("still declared durable").isEqualTo(406);

            BlockingQueue<Delivery> eu = new LinkedBlockingQueue<>();
            ch.basicConsume("eu-orders", false, into(eu), tag -> { });
            Delivery kept = eu.poll(10, TimeUnit.SECONDS);
            assertThat(kept).isNotNull();
            assertThat(text(kept)).isEqualTo("before restart");
            ch.basicAck(kept.getEnvelope().getDeliveryTag(), false);

            ch.basicPublish("audit", "eu.fr", null, utf8("through the exchange binding"));
            Delivery routed = eu.poll(10, TimeUnit.SECONDS);
            assertThat(routed).isNotNull();
            assertThat(text(routed)).isEqualTo("through the exchange binding");

            BlockingQueue<Delivery> sensors = new LinkedBlockingQueue<>();
            ch.basicConsume("sensor-feed", true, into(sensors), tag -> { });
            ch.basicPublish("amq.topic", "sensors.t1", null, utf8("21.5"));
            assertThat(sensors.poll(10, TimeUnit.SECONDS)).isNotNull();
        }
    }
}
