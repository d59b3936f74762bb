package io.fluxmq.amqp091.codec;

import java.util.Locale;

/** Derives a method's specification name from its record and holder class names. */
final class MethodNames {
    private static final ClassValue<String> NAMES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            Class<?> holder = type.getEnclosingClass();
            String method = hyphenate(type.getSimpleName());
            return holder == null ? method : holder.getSimpleName().toLowerCase(Locale.ROOT) + "." + method;
        }
    };

    private MethodNames() {
    }

    static String of(Class<?> type) {
        return NAMES.get(type);
    }

    /** {@code GetOk} becomes {@code get-ok}. */
    static String hyphenate(String camel) {
        StringBuilder b = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    b.append('-');
                }
                b.append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
