package io.fluxmq.config;

import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code ${name}} substitution from framework and system properties, e.g. {@code ${fluxmq.home}}.
 * An undefined variable is an error rather than an empty string: a path that silently lost its
 * prefix is worse than a file that is refused. A reference whose name contains {@code ':'}
 * ({@code ${sys:user.home}}, {@code ${env:HOME}}) belongs to another layer, typically a Log4j 2
 * lookup in the Pax Logging configuration, and is left as written.
 */
final class Variables {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");

    private final Function<String, String> lookup;

    /** @param lookup returns a property's value or null; normally {@code BundleContext::getProperty} */
    Variables(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    /**
     * Resolves the reference whose name is {@code name} (the text between {@code ${} and
     * {@code }}). Returns the text to insert.
     */
    String resolve(String name, int line) throws ConfigFileException {
        if (name.indexOf(':') >= 0) {
            return "${" + name + "}";
        }
        if (!NAME.matcher(name).matches()) {
            throw new ConfigFileException(line, "invalid variable name '${" + name + "}'");
        }
        String value = lookup.apply(name);
        if (value == null) {
            throw new ConfigFileException(line, "undefined variable ${" + name + "}");
        }
        return value;
    }

    /** Expands every {@code ${name}} of {@code text}; there is no escape for a literal {@code ${}. */
    String expand(String text, int line) throws ConfigFileException {
        int start = text.indexOf("${");
        if (start < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 32);
        int pos = 0;
        while (start >= 0) {
            int end = text.indexOf('}', start + 2);
            if (end < 0) {
                throw new ConfigFileException(line, "unterminated variable reference '" + text.substring(start) + "'");
            }
            out.append(text, pos, start).append(resolve(text.substring(start + 2, end), line));
            pos = end + 1;
            start = text.indexOf("${", pos);
        }
        return out.append(text, pos, text.length()).toString();
    }
}
