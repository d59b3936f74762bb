package io.fluxmq.config;

import java.util.Locale;

/**
 * The scalar types a configuration may hold (OSGi Compendium 104.4.3) with their one-letter
 * prefix in the typed {@code .config} format. Lower-case letters name primitive arrays
 * ({@code i[ "1", "2" ]} is an {@code int[]}), as Felix writes them.
 */
enum ValueType {
    STRING('T', String.class, null),
    INTEGER('I', Integer.class, int.class),
    LONG('L', Long.class, long.class),
    FLOAT('F', Float.class, float.class),
    DOUBLE('D', Double.class, double.class),
    BYTE('X', Byte.class, byte.class),
    SHORT('S', Short.class, short.class),
    CHARACTER('C', Character.class, char.class),
    BOOLEAN('B', Boolean.class, boolean.class);

    private final char letter;
    private final Class<?> boxed;
    private final Class<?> primitive;

    ValueType(char letter, Class<?> boxed, Class<?> primitive) {
        this.letter = letter;
        this.boxed = boxed;
        this.primitive = primitive;
    }

    char letter() {
        return letter;
    }

    Class<?> boxed() {
        return boxed;
    }

    /** The primitive class, or null for {@link #STRING}. */
    Class<?> primitive() {
        return primitive;
    }

    /** The type of an upper-case prefix letter, or null. */
    static ValueType ofLetter(char c) {
        for (ValueType t : values()) {
            if (t.letter == c) {
                return t;
            }
        }
        return null;
    }

    /** The type whose boxed or primitive class is {@code c}, or null when {@code c} is not a configuration type. */
    static ValueType ofClass(Class<?> c) {
        for (ValueType t : values()) {
            if (t.boxed == c || t.primitive == c) {
                return t;
            }
        }
        return null;
    }

    /** Short name for messages: "Integer", "String", ... */
    String displayName() {
        return boxed.getSimpleName();
    }

    /**
     * Converts the text of a quoted value. Floating point values are read in decimal notation
     * (not Felix's raw-bits form): an operator writes {@code F"0.75"}, and that is what it means.
     *
     * @throws IllegalArgumentException with an operator-readable message
     */
    Object parse(String text) {
        try {
            return switch (this) {
                case STRING -> text;
                case INTEGER -> Integer.valueOf(text);
                case LONG -> Long.valueOf(text);
                case BYTE -> Byte.valueOf(text);
                case SHORT -> Short.valueOf(text);
                case FLOAT -> Float.valueOf(decimal(text));
                case DOUBLE -> Double.valueOf(decimal(text));
                case BOOLEAN -> parseBoolean(text);
                case CHARACTER -> parseChar(text);
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid " + displayName()
                    + (this == INTEGER || this == LONG || this == BYTE || this == SHORT ? " (" + range() + ")" : ""));
        }
    }

    /** The text that {@link #parse} turns back into {@code value}. */
    static String format(Object value) {
        if (value instanceof Character c) {
            return String.valueOf(c.charValue());
        }
        return String.valueOf(value);
    }

    private String range() {
        return switch (this) {
            case INTEGER -> "from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
            case LONG -> "from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
            case BYTE -> "from " + Byte.MIN_VALUE + " to " + Byte.MAX_VALUE;
            case SHORT -> "from " + Short.MIN_VALUE + " to " + Short.MAX_VALUE;
            default -> "";
        };
    }

    // Double.valueOf accepts trailing 'd'/'f' suffixes and surrounding blanks; a configuration value should not.
    private static String decimal(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.isEmpty() || !t.equals(text.strip().toLowerCase(Locale.ROOT)) || t.endsWith("d") || t.endsWith("f")
                || t.startsWith("0x")) {
            throw new NumberFormatException(text);
        }
        return text;
    }

    private static Boolean parseBoolean(String text) {
        if (text.equals("true")) {
            return Boolean.TRUE;
        }
        if (text.equals("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("'" + text + "' is not a Boolean (true or false)");
    }

    private static Character parseChar(String text) {
        if (text.length() != 1) {
            throw new IllegalArgumentException("'" + text + "' is not a single Character");
        }
        return text.charAt(0);
    }
}
