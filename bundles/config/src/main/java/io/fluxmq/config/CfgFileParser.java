package io.fluxmq.config;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Reads the {@code .cfg} format: {@link java.util.Properties}, every value a String, with the
 * same {@code ${name}} substitution as {@code .config}. Kept for files that other projects
 * document in this format (Pax Logging's {@code org.ops4j.pax.logging.cfg}); the format has no
 * syntax errors to report, so strictness here is limited to variables.
 */
final class CfgFileParser {
    private final Variables variables;

    CfgFileParser(Variables variables) {
        this.variables = variables;
    }

    ConfigDocument parse(String text) throws ConfigFileException {
        Properties props = new Properties();
        try {
            props.load(new StringReader(text));
        } catch (IllegalArgumentException e) {
            throw new ConfigFileException(0, "malformed \\uXXXX escape");
        } catch (IOException e) {
            throw new ConfigFileException(0, "unreadable: " + e.getMessage());
        }
        String[] lines = text.split("\r\n|\r|\n", -1);
        List<ConfigDocument.Entry> entries = new ArrayList<>();
        for (String key : new TreeSet<>(props.stringPropertyNames())) {
            int line = lineOf(lines, key);
            String value = variables.expand(props.getProperty(key), line);
            entries.add(new ConfigDocument.Entry(key, value, line, "", ""));
        }
        return new ConfigDocument("", entries, "");
    }

    // Properties does not report positions; the first line that starts with the key is a good enough pointer.
    private static int lineOf(String[] lines, String key) {
        for (int i = 0; i < lines.length; i++) {
            String t = lines[i].stripLeading();
            if (t.startsWith(key) && (t.length() == key.length() || " \t:=".indexOf(t.charAt(key.length())) >= 0)) {
                return i + 1;
            }
        }
        return 0;
    }
}
