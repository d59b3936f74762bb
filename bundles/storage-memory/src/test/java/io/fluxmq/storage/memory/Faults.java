package io.fluxmq.storage.memory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.BiFunction;

/** Wraps a working store so that one method misbehaves; the others reach the real store. */
final class Faults {
    private Faults() {
    }

    /**
     * A proxy for {@code type} that answers calls to {@code method} (every overload) with
     * {@code fault} and passes every other call to {@code real}.
     */
    static <T> T override(Class<T> type, T real, String method, BiFunction<T, Object[], Object> fault) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            if (m.getName().equals(method)) {
                return fault.apply(real, args);
            }
            try {
                return m.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }
}
