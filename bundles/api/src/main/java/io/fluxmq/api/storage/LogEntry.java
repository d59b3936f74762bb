package io.fluxmq.api.storage;

import io.fluxmq.api.message.Message;

/** One record of a queue log. */
public record LogEntry(long offset, long appendedAtMillis, Message message) {
}
