package io.fluxmq.storage.memory;

import io.fluxmq.api.router.Subscription;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * The {@link ClientState} of every client, created on first write and dropped with the session.
 * A state is marked removed before it is unmapped, under its own monitor: a writer that fetched
 * it just before then sees the mark and starts over with a fresh state, so no write lands in a
 * state that nobody can reach any more.
 */
final class ClientStates {
    private final ConcurrentMap<String, ClientState> states = new ConcurrentHashMap<>();

    /** The client's state, if it has one; for reads and for deletes that need no state. */
    Optional<ClientState> find(String clientId) {
        return Optional.ofNullable(states.get(Objects.requireNonNull(clientId, "clientId")));
    }

    /** Runs {@code write} on the client's state, creating it when needed. */
    <T> T write(String clientId, Function<ClientState, T> write) {
        Objects.requireNonNull(clientId, "clientId");
        while (true) {
            ClientState state = states.computeIfAbsent(clientId, id -> new ClientState());
            synchronized (state) {
                if (!state.isRemoved()) {
                    return write.apply(state);
                }
            }
        }
    }

    void remove(String clientId) {
        ClientState state = states.get(Objects.requireNonNull(clientId, "clientId"));
        if (state != null) {
            synchronized (state) {
                state.markRemoved();
                states.remove(clientId, state);
            }
        }
    }

    /** Every client's subscriptions; clients without any are left out. */
    Map<String, List<Subscription>> allSubscriptions() {
        Map<String, List<Subscription>> all = new HashMap<>();
        states.forEach((clientId, state) -> {
            List<Subscription> subscriptions = state.subscriptions();
            if (!subscriptions.isEmpty()) {
                all.put(clientId, subscriptions);
            }
        });
        return Map.copyOf(all);
    }

    void clear() {
        states.values().forEach(ClientState::markRemoved);
        states.clear();
    }
}
