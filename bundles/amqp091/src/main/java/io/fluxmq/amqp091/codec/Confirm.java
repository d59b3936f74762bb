package io.fluxmq.amqp091.codec;

import java.util.List;

/** The methods of the {@code confirm} class (class id 85, RabbitMQ extension). */
public final class Confirm {
    public static final int CLASS_ID = 85;

    private Confirm() {
    }

    /** {@code confirm.select}. */
    public record Select(boolean noWait) implements Method {
        public static final int METHOD_ID = 10;
    }

    /** {@code confirm.select-ok}. */
    public record SelectOk() implements Method {
        public static final int METHOD_ID = 11;
    }

    static final List<MethodType<?>> TYPES = List.of(
            MethodType.of(CLASS_ID, Select.METHOD_ID, Select.class,
                    r -> new Select(r.bit()),
                    (m, w) -> w.bit(m.noWait())),
            MethodType.empty(CLASS_ID, SelectOk.METHOD_ID, SelectOk.class, new SelectOk()));
}
