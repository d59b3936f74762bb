/**
 * The {@code stream} queue type: an append-only log that consumer groups read with cursors.
 * Private to the bundle: the queue manager finds the type as a {@link io.fluxmq.api.queue.QueueType}
 * service with {@code fluxmq.queue.type=stream}.
 */
package io.fluxmq.queue.stream;
