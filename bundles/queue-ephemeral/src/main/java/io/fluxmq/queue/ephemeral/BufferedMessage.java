package io.fluxmq.queue.ephemeral;

import io.fluxmq.api.message.Message;

/** A message held by an ephemeral queue, with the offset it was given and when it arrived. */
record BufferedMessage(long offset, Message message, long enqueuedAtMillis) {
}
