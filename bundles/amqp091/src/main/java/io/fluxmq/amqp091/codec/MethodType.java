package io.fluxmq.amqp091.codec;

import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * How one method's arguments are read and written.
 *
 * @param <M> the method's record
 */
record MethodType<M extends Method>(
        int classId,
        int methodId,
        Class<M> type,
        Function<ArgumentReader, M> reader,
        BiConsumer<M, ArgumentWriter> writer) {

    MethodType {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(writer, "writer");
    }

    static <M extends Method> MethodType<M> of(int classId, int methodId, Class<M> type,
            Function<ArgumentReader, M> reader, BiConsumer<M, ArgumentWriter> writer) {
        return new MethodType<>(classId, methodId, type, reader, writer);
    }

    /** A method without arguments. */
    static <M extends Method> MethodType<M> empty(int classId, int methodId, Class<M> type, M instance) {
        return new MethodType<>(classId, methodId, type, r -> instance, (m, w) -> { });
    }

    void write(Method m, ArgumentWriter w) {
        writer.accept(type.cast(m), w);
    }
}
