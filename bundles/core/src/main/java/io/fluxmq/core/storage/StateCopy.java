package io.fluxmq.core.storage;

import io.fluxmq.api.message.Message;
import io.fluxmq.api.router.Subscription;
import io.fluxmq.api.storage.InflightMessage;
import io.fluxmq.api.storage.SessionState;
import io.fluxmq.api.storage.StateStore;
import io.fluxmq.api.storage.StoredMessage;
import io.fluxmq.api.storage.WillMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Copies a state store into another, and clears a stale target, on the selector's thread.
 *
 * <p>Clients are those with a session or a subscription; each one's subscriptions, inflight
 * exchanges (in first-save order, so resends keep their order) and offline queue (with its sequence
 * numbers, through {@link StateStore#enqueueOfflineCopy}) are copied. Reads of the source are issued
 * for {@value #CLIENT_CHUNK} clients at a time so that a persistent source serves them in parallel.
 * Retained messages, wills and the definitions of every namespace the source lists follow.
 */
final class StateCopy {
    static final int CLIENT_CHUNK = 128;

    private final StateStore from;
    private final StateStore to;
    private final String fromName;
    private final String toName;
    private final Pipeline pipe;
    private final CopyCounts counts;

    StateCopy(Backend from, Backend to, Pipeline pipe, CopyCounts counts) {
        this.from = from.state();
        this.to = to.state();
        this.fromName = from.name();
        this.toName = to.name();
        this.pipe = pipe;
        this.counts = counts;
    }

    void copy() throws MigrationException, InterruptedException {
        List<SessionState> sessions = pipe.await(from.loadSessions(), "loading sessions from " + fromName, null);
        Map<String, List<Subscription>> subscriptions = pipe.await(from.loadAllSubscriptions(),
                "loading subscriptions from " + fromName, null);
        Set<String> clients = new LinkedHashSet<>();
        for (SessionState s : sessions) {
            clients.add(s.clientId());
            pipe.add(to.saveSession(s), "writing a session to " + toName, s.clientId());
            counts.sessions++;
        }
        clients.addAll(subscriptions.keySet());
        List<String> all = new ArrayList<>(clients);
        for (int i = 0; i < all.size(); i += CLIENT_CHUNK) {
            copyClients(all.subList(i, Math.min(all.size(), i + CLIENT_CHUNK)), subscriptions);
            pipe.checkDeadline();
        }
        for (Message m : pipe.await(from.loadRetained(), "loading retained messages from " + fromName, null)) {
            pipe.add(to.putRetained(m), "writing a retained message to " + toName, m.topic());
            counts.retained++;
        }
        for (WillMessage w : pipe.await(from.loadWills(), "loading wills from " + fromName, null)) {
            pipe.add(to.putWill(w), "writing a will to " + toName, w.clientId());
            counts.wills++;
        }
        List<String> namespaces = pipe.await(from.definitionNamespaces(),
                "listing the definition namespaces of " + fromName, null);
        List<CompletionStage<Map<String, byte[]>>> definitions = new ArrayList<>(namespaces.size());
        for (String ns : namespaces) {
            definitions.add(from.loadDefinitions(ns));
        }
        for (int i = 0; i < namespaces.size(); i++) {
            String ns = namespaces.get(i);
            for (Map.Entry<String, byte[]> d : pipe.await(definitions.get(i),
                    "loading definitions from " + fromName, ns).entrySet()) {
                pipe.add(to.putDefinition(ns, d.getKey(), d.getValue()), "writing a definition to " + toName,
                        ns + " " + d.getKey());
                counts.definitions++;
            }
        }
    }

    private void copyClients(List<String> chunk, Map<String, List<Subscription>> subscriptions)
            throws MigrationException, InterruptedException {
        List<CompletionStage<List<InflightMessage>>> inflight = new ArrayList<>(chunk.size());
        List<CompletionStage<List<StoredMessage>>> offline = new ArrayList<>(chunk.size());
        for (String c : chunk) {
            inflight.add(from.loadInflight(c));
            offline.add(from.peekOffline(c, Integer.MAX_VALUE));
        }
        for (int j = 0; j < chunk.size(); j++) {
            String c = chunk.get(j);
            for (Subscription s : subscriptions.getOrDefault(c, List.of())) {
                pipe.add(to.saveSubscription(c, s), "writing a subscription to " + toName, c);
                counts.subscriptions++;
            }
            for (InflightMessage m : pipe.await(inflight.get(j), "loading inflight exchanges from " + fromName, c)) {
                pipe.add(to.saveInflight(c, m), "writing an inflight exchange to " + toName, c);
                counts.inflight++;
            }
            for (StoredMessage m : pipe.await(offline.get(j), "loading the offline queue from " + fromName, c)) {
                pipe.add(to.enqueueOfflineCopy(c, m), "writing an offline message to " + toName,
                        c + " #" + m.sequence());
                counts.offline++;
            }
        }
    }

    /**
     * Deletes what {@code target} holds: every client with a session, subscriptions or a will
     * (deleteSession takes its inflight exchanges and offline queue along), retained messages,
     * wills and definitions. Answers whether there was anything.
     */
    static boolean clear(Backend target, Pipeline pipe, CopyCounts counts)
            throws MigrationException, InterruptedException {
        StateStore store = target.state();
        String name = target.name();
        List<SessionState> sessions = pipe.await(store.loadSessions(), "loading sessions from " + name, null);
        Map<String, List<Subscription>> subscriptions = pipe.await(store.loadAllSubscriptions(),
                "loading subscriptions from " + name, null);
        List<Message> retained = pipe.await(store.loadRetained(), "loading retained messages from " + name, null);
        List<WillMessage> wills = pipe.await(store.loadWills(), "loading wills from " + name, null);
        Map<String, Set<String>> definitions = new LinkedHashMap<>();
        for (String ns : pipe.await(store.definitionNamespaces(), "listing the definition namespaces of " + name,
                null)) {
            definitions.put(ns, pipe.await(store.loadDefinitions(ns), "loading definitions from " + name, ns)
                    .keySet());
        }
        Set<String> clients = new LinkedHashSet<>();
        sessions.forEach(s -> clients.add(s.clientId()));
        clients.addAll(subscriptions.keySet());
        wills.forEach(w -> clients.add(w.clientId()));
        for (String c : clients) {
            pipe.add(store.deleteSession(c), "deleting a stale session from " + name, c);
        }
        for (Message m : retained) {
            pipe.add(store.removeRetained(m.topic()), "deleting a stale retained message from " + name, m.topic());
        }
        for (WillMessage w : wills) {
            pipe.add(store.removeWill(w.clientId()), "deleting a stale will from " + name, w.clientId());
        }
        for (Map.Entry<String, Set<String>> ns : definitions.entrySet()) {
            for (String key : ns.getValue()) {
                pipe.add(store.removeDefinition(ns.getKey(), key), "deleting a stale definition from " + name,
                        ns.getKey() + " " + key);
                counts.definitions++;
            }
        }
        counts.sessions += sessions.size();
        subscriptions.values().forEach(l -> counts.subscriptions += l.size());
        counts.retained += retained.size();
        counts.wills += wills.size();
        return !clients.isEmpty() || !retained.isEmpty() || !definitions.isEmpty();
    }
}
