package io.fluxmq.config;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Strict reader of the typed {@code .config} format (the format of Felix Configuration Admin
 * and FileInstall):
 *
 * <pre>
 * # comment
 * key = "string"                 key = I"42"          key = B"true"
 * key = [ "a", "b" ]             key = L[ "1", "2" ]  key = i[ "1", "2" ]   (int[])
 * key = ( "a", "b" )             key = I( "1" )       (a java.util.List)
 * </pre>
 *
 * Every deviation is an error with its line number: the point of this class is that a typo is
 * reported instead of being applied as something else, which is what the lenient readers do.
 * A line ending in an odd number of backslashes continues on the next line (whose leading blanks
 * are dropped).
 */
final class TypedConfigParser {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-:~/]*");

    private final Variables variables;

    TypedConfigParser(Variables variables) {
        this.variables = variables;
    }

    ConfigDocument parse(String text) throws ConfigFileException {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\r\n|\r|\n", -1);
        int count = lines.length;
        if (count > 0 && lines[count - 1].isEmpty()) {
            count--; // the newline ending the last line does not start another one
        }
        List<ConfigDocument.Entry> entries = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        StringBuilder pending = new StringBuilder();
        String header = null;
        int i = 0;
        while (i < count) {
            String line = lines[i];
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                pending.append(line).append('\n');
                i++;
                continue;
            }
            LogicalLine logical = new LogicalLine();
            StringBuilder source = new StringBuilder();
            int first = i;
            while (true) {
                String physical = lines[i];
                source.append(physical).append('\n');
                boolean continued = endsWithOddBackslashes(physical);
                logical.append(i == first ? physical : physical.stripLeading(), i + 1, continued);
                i++;
                if (!continued) {
                    break;
                }
                if (i >= count) {
                    throw new ConfigFileException(i, "line continuation '\\' at the end of the file");
                }
            }
            String leading = pending.toString();
            pending.setLength(0);
            if (header == null) {
                header = leading;
                leading = "";
            }
            ConfigDocument.Entry entry = parseEntry(logical, first + 1, leading, source.toString());
            Integer previous = seen.putIfAbsent(entry.key(), first + 1);
            if (previous != null) {
                throw new ConfigFileException(first + 1, "duplicate key '" + entry.key() + "' (first set on line "
                        + previous + ")");
            }
            entries.add(entry);
        }
        if (header == null) {
            return new ConfigDocument(pending.toString(), entries, "");
        }
        return new ConfigDocument(header, entries, pending.toString());
    }

    private static boolean endsWithOddBackslashes(String s) {
        int n = 0;
        for (int k = s.length() - 1; k >= 0 && s.charAt(k) == '\\'; k--) {
            n++;
        }
        return n % 2 == 1;
    }

    private ConfigDocument.Entry parseEntry(LogicalLine in, int line, String leading, String source)
            throws ConfigFileException {
        in.skipBlanks();
        int keyStart = in.pos;
        while (!in.atEnd() && in.peek() != '=' && !Character.isWhitespace(in.peek())) {
            in.pos++;
        }
        String key = in.text.substring(keyStart, in.pos);
        in.skipBlanks();
        if (in.atEnd() || in.peek() != '=') {
            throw new ConfigFileException(line, "expected 'key = value', found '" + abbreviate(in.text.strip()) + "'");
        }
        if (key.isEmpty()) {
            throw new ConfigFileException(line, "missing key before '='");
        }
        if (!KEY.matcher(key).matches()) {
            throw new ConfigFileException(line, "invalid key '" + key + "': keys use letters, digits and . _ - : ~ /");
        }
        in.pos++;
        in.skipBlanks();
        Object value = parseValue(in, key);
        in.skipBlanks();
        if (!in.atEnd()) {
            throw new ConfigFileException(in.lineAt(in.pos), "unexpected text after the value of '" + key + "': '"
                    + abbreviate(in.text.substring(in.pos)) + "'");
        }
        return new ConfigDocument.Entry(key, value, line, leading, source);
    }

    private Object parseValue(LogicalLine in, String key) throws ConfigFileException {
        if (in.atEnd()) {
            throw new ConfigFileException(in.lineAt(in.pos), "missing value for '" + key + "'");
        }
        char c = in.peek();
        ValueType type = ValueType.STRING;
        boolean primitive = false;
        if (c != '"' && c != '[' && c != '(') {
            char next = in.pos + 1 < in.text.length() ? in.text.charAt(in.pos + 1) : 0;
            if (Character.isLetter(c) && (next == '"' || next == '[' || next == '(')) {
                type = ValueType.ofLetter(Character.toUpperCase(c));
                if (type == null) {
                    throw new ConfigFileException(in.lineAt(in.pos), "unknown type '" + c + "' in the value of '" + key
                            + "' (known: T I L F D X S C B, lower case for primitive arrays)");
                }
                primitive = Character.isLowerCase(c);
                if (primitive && (type == ValueType.STRING || next != '[')) {
                    throw new ConfigFileException(in.lineAt(in.pos), "type '" + c + "' in the value of '" + key
                            + "': lower-case types are only for arrays of numbers, characters or booleans");
                }
                in.pos++;
                c = next;
            } else {
                throw new ConfigFileException(in.lineAt(in.pos), "unquoted value '" + abbreviate(in.text.substring(in.pos))
                        + "' for '" + key + "': write \"text\", or a typed value such as I\"42\" or B\"true\"");
            }
        }
        if (c == '"') {
            int at = in.lineAt(in.pos);
            return convert(type, readQuoted(in, key), key, at, 0);
        }
        char close = c == '[' ? ']' : ')';
        String kind = c == '[' ? "array" : "collection";
        in.pos++;
        List<Object> elements = new ArrayList<>();
        while (true) {
            in.skipBlanks();
            if (in.atEnd()) {
                throw new ConfigFileException(in.lineAt(in.pos), "unterminated " + kind + " for '" + key + "' (missing '"
                        + close + "')");
            }
            if (in.peek() == close) {
                in.pos++;
                break;
            }
            if (in.peek() != '"') {
                throw new ConfigFileException(in.lineAt(in.pos), "expected a quoted element or '" + close + "' in the "
                        + kind + " of '" + key + "', found '" + abbreviate(in.text.substring(in.pos)) + "'");
            }
            int at = in.lineAt(in.pos);
            elements.add(convert(type, readQuoted(in, key), key, at, elements.size() + 1));
            in.skipBlanks();
            if (!in.atEnd() && in.peek() == ',') {
                in.pos++; // a trailing comma before the closing bracket is allowed: Felix writes one
            } else if (!in.atEnd() && in.peek() != close) {
                throw new ConfigFileException(in.lineAt(in.pos), "expected ',' or '" + close + "' after element "
                        + elements.size() + " of '" + key + "', found '" + abbreviate(in.text.substring(in.pos)) + "'");
            }
        }
        if (close == ')') {
            return elements;
        }
        Object array = Array.newInstance(primitive ? type.primitive() : type.boxed(), elements.size());
        for (int k = 0; k < elements.size(); k++) {
            Array.set(array, k, elements.get(k));
        }
        return array;
    }

    private static Object convert(ValueType type, String text, String key, int line, int element)
            throws ConfigFileException {
        try {
            return type.parse(text);
        } catch (IllegalArgumentException e) {
            String where = element > 0 ? "element " + element + " of '" + key + "'" : "'" + key + "'";
            throw new ConfigFileException(line, where + ": " + e.getMessage());
        }
    }

    /** Reads a quoted string starting at the opening quote; resolves escapes and variables. */
    private String readQuoted(LogicalLine in, String key) throws ConfigFileException {
        int open = in.pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (in.atEnd()) {
                throw new ConfigFileException(in.lineAt(open), "unterminated string in the value of '" + key
                        + "' (missing closing quote)");
            }
            char c = in.text.charAt(in.pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\') {
                out.append(readEscape(in, key));
            } else if (c == '$' && !in.atEnd() && in.peek() == '{') {
                int close = in.text.indexOf('}', in.pos);
                int quote = in.text.indexOf('"', in.pos);
                if (close < 0 || (quote >= 0 && quote < close)) {
                    throw new ConfigFileException(in.lineAt(in.pos), "unterminated variable reference in the value of '"
                            + key + "' (missing '}')");
                }
                out.append(variables.resolve(in.text.substring(in.pos + 1, close), in.lineAt(in.pos)));
                in.pos = close + 1;
            } else {
                out.append(c);
            }
        }
    }

    private static char readEscape(LogicalLine in, String key) throws ConfigFileException {
        int at = in.lineAt(in.pos - 1);
        if (in.atEnd()) {
            throw new ConfigFileException(at, "unterminated string in the value of '" + key + "' (missing closing quote)");
        }
        char e = in.text.charAt(in.pos++);
        switch (e) {
            case '"', '\\', '$':
                return e;
            case 'n':
                return '\n';
            case 't':
                return '\t';
            case 'r':
                return '\r';
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'u':
                if (in.pos + 4 <= in.text.length()) {
                    String hex = in.text.substring(in.pos, in.pos + 4);
                    if (hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
                        in.pos += 4;
                        return (char) Integer.parseInt(hex, 16);
                    }
                }
                throw new ConfigFileException(at, "invalid unicode escape in the value of '" + key
                        + "' (expected \\u and four hex digits)");
            default:
                throw new ConfigFileException(at, "invalid escape '\\" + e + "' in the value of '" + key
                        + "' (allowed: \\\" \\\\ \\$ \\n \\t \\r \\b \\f \\uXXXX)");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    /** A logical line made of physical lines joined at their continuation backslashes. */
    private static final class LogicalLine {
        private final StringBuilder buf = new StringBuilder();
        private final List<int[]> segments = new ArrayList<>(); // {offset in text, physical line}
        private String text = "";
        private int pos;

        void append(String physical, int lineNo, boolean continued) {
            segments.add(new int[] {buf.length(), lineNo});
            buf.append(continued ? physical.substring(0, physical.length() - 1) : physical);
            text = buf.toString();
        }

        int lineAt(int offset) {
            int line = segments.get(0)[1];
            for (int[] s : segments) {
                if (s[0] <= offset) {
                    line = s[1];
                }
            }
            return line;
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        char peek() {
            return text.charAt(pos);
        }

        void skipBlanks() {
            while (!atEnd() && Character.isWhitespace(peek())) {
                pos++;
            }
        }
    }
}
