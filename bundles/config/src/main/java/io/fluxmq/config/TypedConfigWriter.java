package io.fluxmq.config;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Writes properties in the typed {@code .config} format that {@link TypedConfigParser} reads.
 * Given the document the file held before, it keeps the leading comment block, the comments of
 * kept entries and the exact source of every entry whose value did not change; changed entries
 * are rewritten in place, removed ones dropped (with the comments above them), new ones appended
 * in key order.
 */
final class TypedConfigWriter {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-:~/]*");
    private static final int MAX_SINGLE_LINE = 100;

    private TypedConfigWriter() {
    }

    /**
     * @param props    the properties to write (ignored keys such as service.pid must already be removed)
     * @param previous the document the file held, or null
     * @param header   the comment block to start with when {@code previous} is null (may be empty)
     * @throws IllegalArgumentException when a key or a value cannot be written in this format
     */
    static String write(Map<String, ?> props, ConfigDocument previous, String header) {
        StringBuilder out = new StringBuilder();
        TreeSet<String> remaining = new TreeSet<>(props.keySet());
        if (previous != null) {
            out.append(previous.header());
            for (ConfigDocument.Entry e : previous.entries()) {
                if (!remaining.remove(e.key())) {
                    continue;
                }
                out.append(e.leading());
                Object value = props.get(e.key());
                if (ConfigValues.sameValue(e.value(), value)) {
                    out.append(e.source());
                } else {
                    out.append(entry(e.key(), value));
                }
            }
        } else {
            out.append(header);
        }
        for (String key : remaining) {
            out.append(entry(key, props.get(key)));
        }
        if (previous != null) {
            out.append(previous.footer());
        }
        return out.toString();
    }

    /** The comment and blank lines at the top of {@code text}, each ending in a newline. */
    static String leadingComments(String text) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        int count = lines.length > 0 && lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String t = lines[i].strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                break;
            }
            out.append(lines[i]).append('\n');
        }
        return out.toString();
    }

    static String entry(String key, Object value) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("key '" + key + "' cannot be written to a .config file");
        }
        return key + "=" + value(key, value) + "\n";
    }

    static String value(String key, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("'" + key + "' has no value");
        }
        Class<?> c = value.getClass();
        if (c.isArray()) {
            ValueType t = typeOf(key, c.getComponentType());
            String prefix = t == ValueType.STRING ? "" : String.valueOf(c.getComponentType().isPrimitive()
                    ? Character.toLowerCase(t.letter()) : t.letter());
            List<String> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(element(key, Array.get(value, i)));
            }
            return prefix + list(key, items, '[', ']');
        }
        if (value instanceof Collection<?> coll) {
            ValueType t = null;
            for (Object o : coll) {
                ValueType ot = o == null ? null : ValueType.ofClass(o.getClass());
                if (ot == null || (t != null && t != ot)) {
                    throw new IllegalArgumentException("'" + key + "' is a collection of mixed or unsupported types");
                }
                t = ot;
            }
            List<String> items = new ArrayList<>();
            for (Object o : coll) {
                items.add(element(key, o));
            }
            String prefix = t == null || t == ValueType.STRING ? "" : String.valueOf(t.letter());
            return prefix + list(key, items, '(', ')');
        }
        ValueType t = typeOf(key, c);
        return (t == ValueType.STRING ? "" : String.valueOf(t.letter())) + quote(ValueType.format(value));
    }

    private static ValueType typeOf(String key, Class<?> c) {
        ValueType t = ValueType.ofClass(c);
        if (t == null) {
            throw new IllegalArgumentException("'" + key + "' has type " + c.getName()
                    + ", which a .config file cannot hold");
        }
        return t;
    }

    private static String element(String key, Object o) {
        if (o == null) {
            throw new IllegalArgumentException("'" + key + "' contains a null element");
        }
        return quote(ValueType.format(o));
    }

    private static String list(String key, List<String> items, char open, char close) {
        if (items.isEmpty()) {
            return "" + open + close;
        }
        String single = open + " " + String.join(", ", items) + " " + close;
        if (key.length() + single.length() < MAX_SINGLE_LINE) {
            return single;
        }
        StringBuilder sb = new StringBuilder().append(open).append(" \\\n");
        for (int i = 0; i < items.size(); i++) {
            sb.append("    ").append(items.get(i)).append(i + 1 < items.size() ? "," : "").append(" \\\n");
        }
        return sb.append("    ").append(close).toString();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '$' -> sb.append(i + 1 < s.length() && s.charAt(i + 1) == '{' ? "\\$" : "$");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
