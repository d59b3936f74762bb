package io.fluxmq.core.queue;

import io.fluxmq.api.queue.QueueManager;

/**
 * A topic of the form {@code $queue/<name>/<routing key...>}, split into the queue name and the
 * routing key (empty when the topic is just {@code $queue/<name>}).
 */
record QueueAddress(String queue, String routingKey) {

    /** @return the address, or null when the topic does not address a queue */
    static QueueAddress parse(String topic) {
        if (!topic.startsWith(QueueManager.QUEUE_PREFIX)) {
            return null;
        }
        int start = QueueManager.QUEUE_PREFIX.length();
        int slash = topic.indexOf('/', start);
        String name = slash < 0 ? topic.substring(start) : topic.substring(start, slash);
        if (name.isEmpty() || name.indexOf('+') >= 0 || name.indexOf('#') >= 0) {
            return null;
        }
        return new QueueAddress(name, slash < 0 ? "" : topic.substring(slash + 1));
    }
}
