package io.fluxmq.config;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * Checks a parsed file against the metatype of its PID: type, cardinality, options and the
 * attribute's own {@link AttributeDefinition#validate validate}. A string given for a typed
 * attribute is converted when it parses (so {@code .cfg} files, whose values are all strings,
 * reach the component with the declared types). Missing attributes are fine (their defaults
 * apply); keys the metatype does not describe are applied but reported as warnings, except for
 * keys that belong to the framework rather than the component (DS reference targets,
 * {@code service.*}, {@code felix.*}, {@code component.*}).
 */
final class MetatypeValidator {

    /** @param properties the properties to apply, converted to the declared types; @param warnings messages for unknown keys */
    record Result(Map<String, Object> properties, List<String> warnings) {
    }

    private MetatypeValidator() {
    }

    static Result validate(ConfigDocument doc, ObjectClassDefinition ocd, String pid) throws ConfigFileException {
        Map<String, AttributeDefinition> byId = new HashMap<>();
        AttributeDefinition[] ads = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        if (ads != null) {
            for (AttributeDefinition ad : ads) {
                byId.put(ad.getID(), ad);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (ConfigDocument.Entry e : doc.entries()) {
            AttributeDefinition ad = byId.get(e.key());
            if (ad == null) {
                if (!isFrameworkKey(e.key())) {
                    warnings.add(prefix(e.line()) + "key '" + e.key() + "' is not an attribute of " + pid
                            + " (applied anyway; a typo?)");
                }
                out.put(e.key(), e.value());
            } else {
                out.put(e.key(), check(e.key(), e.value(), ad, e.line()));
            }
        }
        return new Result(out, warnings);
    }

    static boolean isFrameworkKey(String key) {
        return key.endsWith(".target") || key.startsWith("service.") || key.startsWith("felix.")
                || key.startsWith("component.");
    }

    private static String prefix(int line) {
        return line > 0 ? "line " + line + ": " : "";
    }

    private static Object check(String key, Object value, AttributeDefinition ad, int line) throws ConfigFileException {
        ValueType expected = typeOf(ad.getType());
        if (expected == null) {
            return value; // BigInteger and BigDecimal: deprecated types that a file cannot express anyway
        }
        boolean isArray = value.getClass().isArray();
        boolean isCollection = value instanceof Collection<?>;
        int cardinality = ad.getCardinality();
        if (cardinality == 0 && (isArray || isCollection)) {
            throw new ConfigFileException(line, "'" + key + "' takes a single " + expected.displayName()
                    + ", not a list");
        }
        List<Object> elements = new ArrayList<>();
        if (isArray) {
            for (int i = 0; i < Array.getLength(value); i++) {
                elements.add(Array.get(value, i));
            }
        } else if (isCollection) {
            elements.addAll((Collection<?>) value);
        } else {
            elements.add(value);
        }
        int max = Math.abs(cardinality);
        if (max != 0 && max != Integer.MAX_VALUE && elements.size() > max) {
            throw new ConfigFileException(line, "'" + key + "' takes at most " + max + " values, got " + elements.size());
        }
        List<Object> converted = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            String where = elements.size() > 1 || isArray || isCollection ? "element " + (i + 1) + " of '" + key + "'"
                    : "'" + key + "'";
            Object v = convert(where, elements.get(i), expected, line);
            checkOptionsAndRange(where, v, ad, line);
            converted.add(v);
        }
        if (isCollection) {
            return converted;
        }
        if (!isArray) {
            return converted.get(0);
        }
        boolean primitive = value.getClass().getComponentType().isPrimitive() && expected.primitive() != null;
        Object array = Array.newInstance(primitive ? expected.primitive() : expected.boxed(), converted.size());
        for (int i = 0; i < converted.size(); i++) {
            Array.set(array, i, converted.get(i));
        }
        return array;
    }

    private static Object convert(String where, Object v, ValueType expected, int line) throws ConfigFileException {
        ValueType actual = ValueType.ofClass(v.getClass());
        if (actual == expected) {
            return v;
        }
        if (actual == ValueType.STRING) {
            try {
                return expected.parse((String) v);
            } catch (IllegalArgumentException e) {
                throw new ConfigFileException(line, where + " must be " + article(expected) + ": " + e.getMessage());
            }
        }
        throw new ConfigFileException(line, where + " must be " + article(expected) + ", not "
                + (actual == null ? v.getClass().getSimpleName() : article(actual)) + " (write "
                + (expected == ValueType.STRING ? "\"...\"" : expected.letter() + "\"...\"") + ")");
    }

    private static void checkOptionsAndRange(String where, Object v, AttributeDefinition ad, int line)
            throws ConfigFileException {
        String text = ValueType.format(v);
        String[] options = ad.getOptionValues();
        if (options != null && options.length > 0 && !Arrays.asList(options).contains(text)) {
            throw new ConfigFileException(line, where + ": '" + text + "' is not one of " + String.join(", ", options));
        }
        String problem = ad.validate(text);
        if (problem != null && !problem.isEmpty()) {
            throw new ConfigFileException(line, where + ": " + problem);
        }
    }

    private static String article(ValueType t) {
        String n = t.displayName();
        return ("AEIOU".indexOf(n.charAt(0)) >= 0 ? "an " : "a ") + n;
    }

    static ValueType typeOf(int adType) {
        return switch (adType) {
            case AttributeDefinition.STRING, AttributeDefinition.PASSWORD -> ValueType.STRING;
            case AttributeDefinition.LONG -> ValueType.LONG;
            case AttributeDefinition.INTEGER -> ValueType.INTEGER;
            case AttributeDefinition.SHORT -> ValueType.SHORT;
            case AttributeDefinition.CHARACTER -> ValueType.CHARACTER;
            case AttributeDefinition.BYTE -> ValueType.BYTE;
            case AttributeDefinition.DOUBLE -> ValueType.DOUBLE;
            case AttributeDefinition.FLOAT -> ValueType.FLOAT;
            case AttributeDefinition.BOOLEAN -> ValueType.BOOLEAN;
            default -> null;
        };
    }
}
