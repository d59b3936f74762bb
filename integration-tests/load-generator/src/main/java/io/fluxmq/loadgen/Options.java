package io.fluxmq.loadgen;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The command line after the scenario name: {@code --name value} pairs. Each scenario reads the
 * ones it knows, with its own defaults; a name nobody read is an error, so that a typo does not
 * silently measure the default.
 */
public final class Options {
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> read = new HashSet<>();

    public Options(String[] args, int from) {
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, found '" + a + "'");
            }
            values.put(a.substring(2), args[++i]);
        }
    }

    public String string(String name, String fallback) {
        read.add(name);
        return values.getOrDefault(name, fallback);
    }

    public int integer(String name, int fallback) {
        String v = string(name, null);
        return v == null ? fallback : Integer.parseInt(v);
    }

    public long number(String name, long fallback) {
        String v = string(name, null);
        return v == null ? fallback : Long.parseLong(v);
    }

    public double decimal(String name, double fallback) {
        String v = string(name, null);
        return v == null ? fallback : Double.parseDouble(v);
    }

    /** Fails on an option that no one has read. */
    public void checkAllRead() {
        Set<String> unknown = new HashSet<>(values.keySet());
        unknown.removeAll(read);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) for this scenario: " + unknown);
        }
    }
}
