package io.fluxmq.amqp091.codec;

/**
 * An AMQP 0.9.1 method with its arguments. The records in {@link Connection}, {@link Channel},
 * {@link Exchange}, {@link Queue}, {@link Basic}, {@link Confirm} and {@link Tx} implement it.
 */
public interface Method {
    /** @return the class id, for example 60 for {@code basic} */
    default int classId() {
        return MethodCodec.typeOf(getClass()).classId();
    }

    /** @return the method id within the class, for example 40 for {@code basic.publish} */
    default int methodId() {
        return MethodCodec.typeOf(getClass()).methodId();
    }

    /** @return whether a content header and body frames follow this method */
    default boolean hasContent() {
        return false;
    }

    /** @return the name as the specification spells it, for example {@code basic.get-ok} */
    default String name() {
        return MethodNames.of(getClass());
    }
}
