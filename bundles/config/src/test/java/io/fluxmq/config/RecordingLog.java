package io.fluxmq.config;

import java.util.ArrayList;
import java.util.List;

/** Collects log lines as "LEVEL message" for assertions. */
final class RecordingLog implements ConfigLog {
    final List<String> lines = new ArrayList<>();

    @Override
    public void info(String message) {
        lines.add("INFO " + message);
    }

    @Override
    public void warn(String message) {
        lines.add("WARN " + message);
    }

    @Override
    public void error(String message) {
        lines.add("ERROR " + message);
    }

    List<String> drain() {
        List<String> copy = List.copyOf(lines);
        lines.clear();
        return copy;
    }
}
