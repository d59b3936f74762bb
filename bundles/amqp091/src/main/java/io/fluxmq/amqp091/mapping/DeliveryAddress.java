package io.fluxmq.amqp091.mapping;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.queue.QueueManager;

/**
 * The exchange and routing key an AMQP consumer is told a message came with (basic.deliver),
 * for messages of every protocol: an AMQP publish records them where its topic does not give them
 * back; a message addressed to {@code $queue/<name>} came through the default exchange; any other
 * topic came through {@code amq.topic}, its key the topic with {@code /} and {@code .} swapped.
 */
public record DeliveryAddress(String exchange, String routingKey) {

    /**
     * @param queueName the queue manager's name of the queue it is delivered from
     * @param amqpQueue the AMQP name of that queue
     */
    public static DeliveryAddress of(Message m, String queueName, String amqpQueue) {
        String exchange = m.userProperty(PropertyNames.EXCHANGE);
        String key = m.userProperty(PropertyNames.ROUTING_KEY);
        String topic = m.topic().value();
        boolean addressed = topic.startsWith(QueueManager.QUEUE_PREFIX);
        if (exchange == null) {
            exchange = addressed ? "" : "amq.topic";
        }
        if (key == null) {
            if (!addressed) {
                key = RoutingKeys.swap(topic);
            } else {
                int prefix = QueueManager.QUEUE_PREFIX.length() + queueName.length();
                key = topic.length() > prefix + 1 && topic.startsWith(queueName, QueueManager.QUEUE_PREFIX.length())
                        ? RoutingKeys.swap(topic.substring(prefix + 1)) : amqpQueue;
            }
        }
        return new DeliveryAddress(exchange, key);
    }
}
