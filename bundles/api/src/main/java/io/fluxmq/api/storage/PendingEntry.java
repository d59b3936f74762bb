package io.fluxmq.api.storage;

/**
 * A delivery that a consumer group has not yet acknowledged (an entry of its pending-entry list).
 *
 * @param offset the log offset of the message
 * @param consumerId the consumer that holds it
 * @param deliveredAtMillis when it was last delivered
 * @param deliveryCount how many times it has been delivered, 1 after the first delivery
 */
public record PendingEntry(long offset, String consumerId, long deliveredAtMillis, int deliveryCount) {
}
