package io.fluxmq.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed typed configuration file. Besides the values it keeps the text around them (the
 * leading comment block, the comments above each entry and each entry's source lines) so that
 * writing a console edit back changes only the lines whose value changed: an unchanged
 * {@code ${fluxmq.home}/log} stays a variable reference instead of becoming an absolute path.
 *
 * @param header  comment and blank lines before the first entry, each ending in a newline
 * @param entries the entries in file order
 * @param footer  comment and blank lines after the last entry, each ending in a newline
 */
record ConfigDocument(String header, List<Entry> entries, String footer) {

    /**
     * @param key     the property key
     * @param value   the value: a String, boxed scalar, array (boxed or primitive) or List
     * @param line    1-based line where the entry starts
     * @param leading comment and blank lines between the previous entry and this one
     * @param source  the entry's own lines as written, continuation lines included, ending in a newline
     */
    record Entry(String key, Object value, int line, String leading, String source) {
    }

    ConfigDocument {
        entries = List.copyOf(entries);
    }

    /** The properties in file order. */
    Map<String, Object> properties() {
        Map<String, Object> props = new LinkedHashMap<>();
        for (Entry e : entries) {
            props.put(e.key(), e.value());
        }
        return Collections.unmodifiableMap(props);
    }

    /** Line of {@code key}, or 0 when the document has no such key. */
    int lineOf(String key) {
        for (Entry e : entries) {
            if (e.key().equals(key)) {
                return e.line();
            }
        }
        return 0;
    }
}
