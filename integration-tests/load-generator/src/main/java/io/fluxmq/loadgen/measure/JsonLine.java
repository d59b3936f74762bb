package io.fluxmq.loadgen.measure;

import java.util.Locale;

/**
 * One JSON object on one line: what every scenario prints, so that runs can be appended to a file
 * and compared. Keys keep the order in which they were added.
 */
public final class JsonLine {
    private final StringBuilder out = new StringBuilder("{");

    public JsonLine put(String key, String value) {
        key(key);
        quote(value);
        return this;
    }

    public JsonLine put(String key, long value) {
        key(key).append(value);
        return this;
    }

    public JsonLine put(String key, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            key(key).append("null");
        } else {
            key(key).append(String.format(Locale.ROOT, "%.3f", value));
        }
        return this;
    }

    public JsonLine put(String key, boolean value) {
        key(key).append(value);
        return this;
    }

    /** A nested value that is already JSON (an object or an array of them). */
    public JsonLine putRaw(String key, String json) {
        key(key).append(json);
        return this;
    }

    private StringBuilder key(String key) {
        if (out.length() > 1) {
            out.append(',');
        }
        quote(key);
        return out.append(':');
    }

    private void quote(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out + "}";
    }
}
