/**
 * The {@code ephemeral} queue type: messages held in memory only, best effort, bounded. Private to
 * the bundle: the queue manager finds the type as a {@link io.fluxmq.api.queue.QueueType} service
 * with {@code fluxmq.queue.type=ephemeral}.
 */
package io.fluxmq.queue.ephemeral;
