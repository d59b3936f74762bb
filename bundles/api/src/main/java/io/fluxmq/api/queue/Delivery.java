package io.fluxmq.api.queue;

import io.fluxmq.api.message.Message;

/**
 * One message handed to one consumer.
 *
 * @param deliveryCount 1 on first delivery, incremented on each redelivery
 */
public record Delivery(String queue, String group, long offset, int deliveryCount, Message message) {
    /** The message id a consumer uses to acknowledge: {@code <queue>:<offset>}. */
    public String messageId() {
        return queue + ":" + offset;
    }
}
