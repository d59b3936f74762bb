package io.fluxmq.core.storage;

import io.fluxmq.api.storage.LogStore;
import io.fluxmq.api.storage.StateStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.osgi.framework.Constants;

/**
 * The StateStore and LogStore services the selector is bound to, by backend name. A backend is
 * complete when it has both; with several services of one name the usual OSGi choice applies
 * (highest service.ranking, then lowest service.id). Bind and unbind run on Declarative Services'
 * threads and the selector reads from its own thread, hence the monitor.
 */
final class BoundStores {
    private record Bound<S>(String name, S service, long id, int ranking) {
    }

    private static final Comparator<Bound<?>> PREFERRED = Comparator.<Bound<?>>comparingInt(b -> -b.ranking)
            .thenComparingLong(b -> b.id);

    private final List<Bound<StateStore>> states = new ArrayList<>();
    private final List<Bound<LogStore>> logs = new ArrayList<>();

    /** The backend name of a service, or null when it has none. */
    static String nameOf(Map<String, ?> properties) {
        Object name = properties.get(StateStore.BACKEND_PROPERTY);
        return name instanceof String s && !s.isBlank() ? s : null;
    }

    static long idOf(Map<String, ?> properties) {
        return properties.get(Constants.SERVICE_ID) instanceof Long id ? id : -1;
    }

    static int rankingOf(Map<String, ?> properties) {
        return properties.get(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0;
    }

    synchronized void addState(StateStore store, Map<String, ?> properties) {
        states.add(new Bound<>(nameOf(properties), Objects.requireNonNull(store), idOf(properties),
                rankingOf(properties)));
    }

    synchronized void addLog(LogStore store, Map<String, ?> properties) {
        logs.add(new Bound<>(nameOf(properties), Objects.requireNonNull(store), idOf(properties),
                rankingOf(properties)));
    }

    /** Forgets the state store; answers its service id, or -1 when it was not bound. */
    synchronized long removeState(StateStore store) {
        return remove(states, store);
    }

    synchronized long removeLog(LogStore store) {
        return remove(logs, store);
    }

    private static <S> long remove(List<Bound<S>> list, S service) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).service == service) {
                return list.remove(i).id;
            }
        }
        return -1;
    }

    /** The backend's preferred pair of stores, or null when it lacks either. */
    synchronized Backend backend(String name) {
        Bound<StateStore> state = best(states, name);
        Bound<LogStore> log = best(logs, name);
        return state == null || log == null ? null : new Backend(name, state.service, log.service, state.id, log.id);
    }

    /** Whether both of the backend's services are still bound. */
    synchronized boolean isBound(Backend b) {
        return states.stream().anyMatch(s -> s.service == b.state() && s.id == b.stateId())
                && logs.stream().anyMatch(l -> l.service == b.log() && l.id == b.logId());
    }

    private static <S> Bound<S> best(List<Bound<S>> list, String name) {
        return list.stream().filter(b -> name.equals(b.name)).min(PREFERRED).orElse(null);
    }
}
