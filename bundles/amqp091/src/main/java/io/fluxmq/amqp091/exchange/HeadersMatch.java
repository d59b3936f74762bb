package io.fluxmq.amqp091.exchange;

import java.util.Map;
import java.util.Objects;

/**
 * The headers exchange's rule: a binding's arguments (except those starting with {@code x-}) are
 * the headers to compare; {@code x-match} is {@code all} (the default: every one present and
 * equal), {@code any} (at least one), or {@code all-with-x} /
 * {@code any-with-x} counting the {@code x-} arguments too.
 */
final class HeadersMatch {
    private HeadersMatch() {
    }

    static boolean matches(Map<String, Object> arguments, Map<String, Object> headers) {
        Object mode = arguments.get("x-match");
        String m = mode == null ? "all" : mode.toString();
        boolean any = m.startsWith("any");
        boolean withX = m.endsWith("-with-x");
        Map<String, Object> h = headers == null ? Map.of() : headers;
        for (Map.Entry<String, Object> e : arguments.entrySet()) {
            String name = e.getKey();
            if (name.equals("x-match") || (!withX && name.startsWith("x-"))) {
                continue;
            }
            boolean present = h.containsKey(name);
            boolean equal = present && valueEquals(e.getValue(), h.get(name));
            if (any && equal) {
                return true;
            }
            if (!any && !equal) {
                return false;
            }
        }
        return !any;
    }

    private static boolean valueEquals(Object expected, Object actual) {
        if (expected instanceof Number a && actual instanceof Number b) {
            return a.longValue() == b.longValue() && a.doubleValue() == b.doubleValue();
        }
        return Objects.equals(String.valueOf(expected), String.valueOf(actual));
    }
}
