package io.fluxmq.storage.conformance;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.storage.LogEntry;
import io.fluxmq.api.storage.LogStore;
import io.fluxmq.api.storage.PendingEntry;
import java.util.ArrayList;
import java.util.List;

/** The log store under test and the helpers the LogStore contract tests share. */
interface LogStoreFixture extends StoreFixture {

    /** The store under test, fresh for every test. */
    LogStore store();

    /** The {@code i}-th test message of a log; its payload names both. */
    default Message entry(String log, int i) {
        return TestMessages.simple("queues/" + log.replace('/', '_'), log + ":" + i);
    }

    /** Appends {@code count} messages numbered from {@code from} and returns their offsets. */
    default List<Long> append(String log, int from, int count) {
        List<Long> offsets = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            offsets.add(await(store().append(log, entry(log, i))));
        }
        return offsets;
    }

    default List<Long> offsetsOf(List<LogEntry> entries) {
        return entries.stream().map(LogEntry::offset).toList();
    }

    default List<String> payloadsOf(List<LogEntry> entries) {
        return entries.stream().map(e -> e.message().payloadAsString()).toList();
    }

    default PendingEntry pending(long offset, String consumer, int deliveryCount) {
        return new PendingEntry(offset, consumer, 1_700_000_000_000L + offset, deliveryCount);
    }
}
