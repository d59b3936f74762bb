package io.fluxmq.core.storage;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.storage.LogEntry;
import io.fluxmq.api.storage.LogStore;
import io.fluxmq.api.storage.PendingEntry;
import io.fluxmq.api.storage.StateStore;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The LogStore registered with {@value StateStore#SELECTED_PROPERTY}: every call goes through the
 * {@link StoreGate} to the log store of the backend in use, like {@link SelectedStateStore}. The
 * synchronous {@link #firstOffset}, {@link #nextOffset} and {@link #logs()} answer from the backend in
 * use (the old one until a migration switches), and as for an empty store while there is none.
 */
final class SelectedLogStore implements LogStore {
    private final StoreGate gate;

    SelectedLogStore(StoreGate gate) {
        this.gate = gate;
    }

    @Override
    public String backend() {
        Backend b = gate.current();
        return b == null ? "none" : b.name();
    }

    @Override
    public CompletionStage<Long> append(String log, Message message) {
        return gate.write("append", b -> b.log().append(log, message));
    }

    @Override
    public CompletionStage<List<LogEntry>> read(String log, long fromOffset, int max) {
        return gate.read("read log", b -> b.log().read(log, fromOffset, max));
    }

    @Override
    public long firstOffset(String log) {
        Backend b = gate.current();
        return b == null ? 0 : b.log().firstOffset(log);
    }

    @Override
    public long nextOffset(String log) {
        Backend b = gate.current();
        return b == null ? 0 : b.log().nextOffset(log);
    }

    @Override
    public CompletionStage<Long> truncateBefore(String log, long offset) {
        return gate.write("truncate log", b -> b.log().truncateBefore(log, offset));
    }

    @Override
    public CompletionStage<Void> deleteLog(String log) {
        return gate.write("delete log", b -> b.log().deleteLog(log));
    }

    @Override
    public Set<String> logs() {
        Backend b = gate.current();
        return b == null ? Set.of() : b.log().logs();
    }

    @Override
    public CompletionStage<Void> startAt(String log, long nextOffset) {
        return gate.write("start log", b -> b.log().startAt(log, nextOffset));
    }

    @Override
    public CompletionStage<Void> appendCopy(String log, LogEntry entry) {
        return gate.write("append copied entry", b -> b.log().appendCopy(log, entry));
    }

    @Override
    public CompletionStage<Void> commitOffset(String log, String group, long offset) {
        return gate.write("commit offset", b -> b.log().commitOffset(log, group, offset));
    }

    @Override
    public CompletionStage<OptionalLong> committedOffset(String log, String group) {
        return gate.read("read committed offset", b -> b.log().committedOffset(log, group));
    }

    @Override
    public CompletionStage<Void> savePending(String log, String group, PendingEntry entry) {
        return gate.write("save pending entry", b -> b.log().savePending(log, group, entry));
    }

    @Override
    public CompletionStage<Void> removePending(String log, String group, long offset) {
        return gate.write("remove pending entry", b -> b.log().removePending(log, group, offset));
    }

    @Override
    public CompletionStage<List<PendingEntry>> loadPending(String log, String group) {
        return gate.read("load pending entries", b -> b.log().loadPending(log, group));
    }

    @Override
    public CompletionStage<Set<String>> groups(String log) {
        return gate.read("list consumer groups", b -> b.log().groups(log));
    }

    @Override
    public String toString() {
        return "selected LogStore (" + backend() + ")";
    }
}
