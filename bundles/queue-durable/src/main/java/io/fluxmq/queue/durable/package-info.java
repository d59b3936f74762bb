/**
 * The {@code durable} queue type: a persistent work queue on a {@link io.fluxmq.api.storage.LogStore}
 * log, shared by consumer groups, with per-group pending-entry lists, redelivery and dead letters.
 * Private to the bundle: the queue manager finds it as a {@link io.fluxmq.api.queue.QueueType}
 * service with {@code fluxmq.queue.type=durable}.
 */
package io.fluxmq.queue.durable;
