package io.fluxmq.api.storage;

import io.fluxmq.api.message.Message;

/** A message in a session's offline queue, with its position in that queue. */
public record StoredMessage(long sequence, Message message) {
}
