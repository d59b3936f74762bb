package io.fluxmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.MessageProperties;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The assembled distribution serves AMQP 0.9.1 out of the box to the RabbitMQ Java client, and
 * AMQP and MQTT clients reach each other through amq.topic and the shared queues.
 */
class AmqpIT {
    private static Broker broker;

    @BeforeAll
    static void start() {
        broker = Broker.start("amqp");
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static Connection connect() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(broker.amqpPort());
        f.setAutomaticRecoveryEnabled(false);
        return f.newConnection("amqp-it");
    }

    private static MqttClient mqtt(String clientId) throws Exception {
        MqttClient c = new MqttClient(broker.mqttUri(), clientId, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setConnectionTimeout(10);
        c.connect(o);
        return c;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void persistentMessagesAreConfirmedStoredAndConsumedWithManualAcks() throws Exception {
        try (Connection c = connect(); Channel ch = c.createChannel()) {
            ch.queueDeclare("it-orders", true, false, false, null);
            ch.confirmSelect();
            for (int i = 0; i < 200; i++) {
                ch.basicPublish("", "it-orders", MessageProperties.PERSISTENT_TEXT_PLAIN, utf8("order-" + i));
            }
            ch.waitForConfirmsOrDie(10_000);
            assertThat(ch.messageCount("it-orders")).isEqualTo(200);

            Channel consumer = c.createChannel();
            consumer.basicQos(20);
            BlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
            consumer.basicConsume("it-orders", false, (tag, d) -> {
                got.add(d);
                consumer.basicAck(d.getEnvelope().getDeliveryTag(), false);
            }, tag -> { });
            for (int i = 0; i < 200; i++) {
                Delivery d = got.poll(10, TimeUnit.SECONDS);
                assertThat(d).as("delivery " + i).isNotNull();
                assertThat(new String(d.getBody(), StandardCharsets.UTF_8)).isEqualTo("order-" + i);
                assertThat(d.getProperties().getDeliveryMode()).isEqualTo(2);
            }
        }
    }

    @Test
    void anMqttPublishReachesAnAmqpQueueBoundToAmqTopic() throws Exception {
        try (Connection c = connect(); Channel ch = c.createChannel()) {
            String queue = ch.queueDeclare().getQueue();
            ch.queueBind(queue, "amq.topic", "it.sensors.*");
            BlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
            ch.basicConsume(queue, true, (tag, d) -> got.add(d), tag -> { });

            MqttClient pub = mqtt("it-amqp-mqtt-pub");
            MqttMessage m = new MqttMessage(utf8("21.5"));
            m.setQos(1);
            MqttProperties p = new MqttProperties();
            p.setContentType("text/plain");
            p.setResponseTopic("it/replies");
            p.setCorrelationData(utf8("corr-7"));
            p.setUserProperties(List.of(new UserProperty("unit", "celsius")));
            m.setProperties(p);
            pub.publish("it/sensors/t1", m);
            pub.disconnect();

            Delivery d = got.poll(10, TimeUnit.SECONDS);
            assertThat(d).isNotNull();
            assertThat(new String(d.getBody(), StandardCharsets.UTF_8)).isEqualTo("21.5");
            assertThat(d.getEnvelope().getExchange()).isEqualTo("amq.topic");
            assertThat(d.getEnvelope().getRoutingKey()).isEqualTo("it.sensors.t1");
            AMQP.BasicProperties props = d.getProperties();
            assertThat(props.getContentType()).isEqualTo("text/plain");
            assertThat(props.getReplyTo()).isEqualTo("it/replies");
            assertThat(props.getCorrelationId()).isEqualTo("corr-7");
            assertThat(props.getDeliveryMode()).as("QoS 1 is persistent").isEqualTo(2);
            assertThat(props.getHeaders().get("unit").toString()).isEqualTo("celsius");
        }
    }

    @Test
    void anAmqpPublishToAmqTopicReachesAnMqttSubscriber() throws Exception {
        MqttClient sub = mqtt("it-amqp-mqtt-sub");
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        BlockingQueue<MqttMessage> messages = new LinkedBlockingQueue<>();
        sub.subscribe(new org.eclipse.paho.mqttv5.common.MqttSubscription[] {
            new org.eclipse.paho.mqttv5.common.MqttSubscription("it/lights/+", 1)}, new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {
                (topic, m) -> {
                    got.add(topic);
                    messages.add(m);
                }});
        try (Connection c = connect(); Channel ch = c.createChannel()) {
            AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json")
                    .deliveryMode(2).headers(Map.of("room", "kitchen")).build();
            ch.basicPublish("amq.topic", "it.lights.kitchen", props, utf8("{\"on\":true}"));
            assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("it/lights/kitchen");
            MqttMessage m = messages.poll(1, TimeUnit.SECONDS);
            assertThat(new String(m.getPayload(), StandardCharsets.UTF_8)).isEqualTo("{\"on\":true}");
            assertThat(m.getQos()).isEqualTo(1);
            assertThat(m.getProperties().getContentType()).isEqualTo("application/json");
            assertThat(m.getProperties().getUserProperties()).extracting(UserProperty::getKey, UserProperty::getValue)
                    .contains(org.assertj.core.groups.Tuple.tuple("room", "kitchen"));
        } finally {
            sub.disconnect();
        }
    }

    @Test
    void mqttAndAmqpConsumersShareADeclaredQueue() throws Exception {
        try (Connection c = connect(); Channel ch = c.createChannel()) {
            ch.queueDeclare("it-jobs", true, false, false, null);
            MqttClient pub = mqtt("it-jobs-pub");
            MqttMessage m = new MqttMessage(utf8("job-1"));
            m.setQos(1);
            pub.publish("$queue/it-jobs", m);
            pub.disconnect();
            BlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
            ch.basicConsume("it-jobs", false, (tag, d) -> got.add(d), tag -> { });
            Delivery d = got.poll(10, TimeUnit.SECONDS);
            assertThat(d).isNotNull();
            assertThat(new String(d.getBody(), StandardCharsets.UTF_8)).isEqualTo("job-1");
            assertThat(d.getEnvelope().getExchange()).isEmpty();
            assertThat(d.getEnvelope().getRoutingKey()).isEqualTo("it-jobs");
            ch.basicAck(d.getEnvelope().getDeliveryTag(), false);
        }
    }

    @Test
    void durableDefinitionsAndConfirmedMessagesSurviveARestart() throws Exception {
        try (Connection c = connect(); Channel ch = c.createChannel()) {
            ch.exchangeDeclare("it-billing", "direct", true);
            ch.queueDeclare("it-invoices", true, false, false, null);
            ch.queueBind("it-invoices", "it-billing", "invoice");
            ch.confirmSelect();
            ch.basicPublish("it-billing", "invoice", MessageProperties.PERSISTENT_BASIC, utf8("invoice-1"));
            ch.waitForConfirmsOrDie(10_000);
        }
        broker.stop();
        broker.restart();
        try (Connection c = connect(); Channel ch = c.createChannel()) {
            ch.confirmSelect();
            ch.basicPublish("it-billing", "invoice", MessageProperties.PERSISTENT_BASIC, utf8("invoice-2"));
            ch.waitForConfirmsOrDie(10_000);
            BlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
            ch.basicConsume("it-invoices", true, (tag, d) -> got.add(d), tag -> { });
            for (String expected : new String[] {"invoice-1", "invoice-2"}) {
                Delivery d = got.poll(10, TimeUnit.SECONDS);
                assertThat(d).as(expected).isNotNull();
                assertThat(new String(d.getBody(), StandardCharsets.UTF_8)).isEqualTo(expected);
            }
        }
    }

    @Test
    void anotherProtocolVersionIsAnsweredWithTheSupportedHeader() throws Exception {
        try (Socket s = new Socket("127.0.0.1", broker.amqpPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {'A', 'M', 'Q', 'P', 0, 1, 0, 0});
            out.flush();
            InputStream in = s.getInputStream();
            assertThat(in.readNBytes(8)).containsExactly('A', 'M', 'Q', 'P', 0, 0, 9, 1);
            assertThat(in.read()).as("then the server closes").isEqualTo(-1);
        }
    }
}
