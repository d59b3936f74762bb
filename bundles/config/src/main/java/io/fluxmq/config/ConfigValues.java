package io.fluxmq.config;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Change detection between what a file says and what Configuration Admin holds. Arrays compare by
 * content (an {@code int[]} equals an {@code Integer[]} with the same numbers: consumers see the
 * same values), a collection never equals an array, and the properties Configuration Admin adds
 * itself, plus our own file marker, are ignored.
 */
final class ConfigValues {
    /** The marker property naming the file (relative to etc/) a configuration came from. */
    static final String FILE_MARKER = "fluxmq.config.file";

    private static final Set<String> IGNORED = Set.of("service.pid", "service.factoryPid", "service.bundleLocation",
            FILE_MARKER);

    private record ArrayValue(List<Object> elements) {
    }

    private record CollectionValue(List<Object> elements) {
    }

    private ConfigValues() {
    }

    /** The properties of {@code dict} except the ignored ones, sorted by key; an empty map for null. */
    static Map<String, Object> relevantOf(Dictionary<String, ?> dict) {
        Map<String, Object> out = new TreeMap<>();
        if (dict == null) {
            return out;
        }
        for (Enumeration<String> keys = dict.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (!IGNORED.contains(key)) {
                out.put(key, dict.get(key));
            }
        }
        return out;
    }

    /** The properties of {@code map} except the ignored ones, sorted by key. */
    static Map<String, Object> relevant(Map<String, ?> map) {
        Map<String, Object> out = new TreeMap<>();
        map.forEach((k, v) -> {
            if (!IGNORED.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** Whether two property sets hold the same keys with the same values, ignored keys aside. */
    static boolean same(Map<String, ?> a, Map<String, ?> b) {
        Map<String, Object> ra = relevant(a);
        Map<String, Object> rb = relevant(b);
        if (!ra.keySet().equals(rb.keySet())) {
            return false;
        }
        for (Map.Entry<String, Object> e : ra.entrySet()) {
            if (!sameValue(e.getValue(), rb.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    static boolean sameValue(Object a, Object b) {
        return normalize(a).equals(normalize(b));
    }

    private static Object normalize(Object v) {
        if (v == null) {
            return "\0null";
        }
        if (v.getClass().isArray()) {
            int n = Array.getLength(v);
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(normalize(Array.get(v, i)));
            }
            return new ArrayValue(list);
        }
        if (v instanceof Collection<?> c) {
            List<Object> list = new ArrayList<>(c.size());
            for (Object o : c) {
                list.add(normalize(o));
            }
            return new CollectionValue(list);
        }
        return v;
    }
}
