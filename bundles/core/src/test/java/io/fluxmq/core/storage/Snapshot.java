package io.fluxmq.core.storage;

import static io.fluxmq.core.storage.Stages.await;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.storage.InflightMessage;
import io.fluxmq.api.storage.LogEntry;
import io.fluxmq.api.storage.LogStore;
import io.fluxmq.api.storage.PendingEntry;
import io.fluxmq.api.storage.SessionState;
import io.fluxmq.api.storage.StateStore;
import io.fluxmq.api.storage.StoredMessage;
import io.fluxmq.api.storage.WillMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything a backend holds, in a form two backends can be compared by (clients are those with a
 * session or subscriptions, as the migration sees them). Messages compare by value, definition
 * values by their bytes.
 */
record Snapshot(Map<String, SessionState> sessions, Map<String, Set<Subscription>> subscriptions,
        Map<String, List<InflightMessage>> inflight, Map<String, List<StoredMessage>> offline,
        Map<String, Message> retained, Map<String, WillMessage> wills,
        Map<String, Map<String, String>> definitions, Map<String, LogSnapshot> logs) {

    record LogSnapshot(long first, long next, List<LogEntry> entries, Map<String, OptionalLong> committed,
            Map<String, List<PendingEntry>> pending) {
    }

    static Snapshot of(Backend b) {
        return of(b.state(), b.log());
    }

    static Snapshot of(StateStore state, LogStore log) {
        Map<String, SessionState> sessions = new TreeMap<>();
        await(state.loadSessions()).forEach(s -> sessions.put(s.clientId(), s));
        Map<String, Set<Subscription>> subscriptions = new TreeMap<>();
        await(state.loadAllSubscriptions()).forEach((c, l) -> {
            if (!l.isEmpty()) {
                subscriptions.put(c, new HashSet<>(l));
            }
        });
        Set<String> clients = new HashSet<>(sessions.keySet());
        clients.addAll(subscriptions.keySet());
        Map<String, List<InflightMessage>> inflight = new TreeMap<>();
        Map<String, List<StoredMessage>> offline = new TreeMap<>();
        for (String c : clients) {
            List<InflightMessage> i = await(state.loadInflight(c));
            if (!i.isEmpty()) {
                inflight.put(c, i);
            }
            List<StoredMessage> o = await(state.peekOffline(c, Integer.MAX_VALUE));
            if (!o.isEmpty()) {
                offline.put(c, o);
            }
        }
        Map<String, Message> retained = new TreeMap<>();
        await(state.loadRetained()).forEach(m -> retained.put(m.topic().value(), m));
        Map<String, WillMessage> wills = new TreeMap<>();
        await(state.loadWills()).forEach(w -> wills.put(w.clientId(), w));
        // Definition values as hex: arrays compare by identity, strings by content.
        Map<String, Map<String, String>> definitions = new TreeMap<>();
        for (String ns : await(state.definitionNamespaces())) {
            Map<String, String> records = new TreeMap<>();
            await(state.loadDefinitions(ns)).forEach((k, v) -> records.put(k, HexFormat.of().formatHex(v)));
            definitions.put(ns, records);
        }
        Map<String, LogSnapshot> logs = new TreeMap<>();
        for (String name : log.logs()) {
            Map<String, OptionalLong> committed = new TreeMap<>();
            Map<String, List<PendingEntry>> pending = new TreeMap<>();
            for (String g : await(log.groups(name))) {
                committed.put(g, await(log.committedOffset(name, g)));
                pending.put(g, await(log.loadPending(name, g)));
            }
            List<LogEntry> entries = new ArrayList<>(await(log.read(name, 0, Integer.MAX_VALUE)));
            logs.put(name, new LogSnapshot(log.firstOffset(name), log.nextOffset(name), entries, committed, pending));
        }
        return new Snapshot(sessions, subscriptions, inflight, offline, retained, wills, definitions, logs);
    }
}
