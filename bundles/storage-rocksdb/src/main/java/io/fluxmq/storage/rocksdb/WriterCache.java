package io.fluxmq.storage.rocksdb;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Per-client state that only the writer thread reads and changes (offline sequence numbers,
 * inflight order), loaded from the database on first use. Entries changed by the batch being built
 * are ahead of the database, so nothing is evicted mid-batch: {@link #trim()} runs after a commit,
 * and a failed batch {@link #clear()}s everything, to be reloaded from what was really written.
 */
final class WriterCache<V> {
    private final Map<String, V> entries = new LinkedHashMap<>(256, 0.75f, true);
    private final Function<String, V> loader;
    private final int maxEntries;

    WriterCache(int maxEntries, Function<String, V> loader) {
        this.maxEntries = maxEntries;
        this.loader = loader;
    }

    /** The client's state, loaded if needed. Writer thread only. */
    V get(String client) {
        V v = entries.get(client);
        if (v == null) {
            v = loader.apply(client);
            entries.put(client, v);
        }
        return v;
    }

    /** Replaces the client's state, e.g. with an empty one when its session is deleted in this batch. */
    void put(String client, V value) {
        entries.put(client, value);
    }

    /** Drops the least recently used entries beyond the bound; only after a commit. */
    void trim() {
        Iterator<String> it = entries.keySet().iterator();
        while (entries.size() > maxEntries && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    void clear() {
        entries.clear();
    }
}
