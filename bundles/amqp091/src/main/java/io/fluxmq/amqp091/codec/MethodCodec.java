package io.fluxmq.amqp091.codec;

import io.netty.buffer.ByteBuf;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/** Encodes and decodes method frame payloads: class id, method id and arguments. */
public final class MethodCodec {
    private static final Map<Integer, MethodType<?>> BY_ID = new HashMap<>();
    private static final Map<Class<?>, MethodType<?>> BY_TYPE = new HashMap<>();

    static {
        Stream.of(Connection.TYPES, Channel.TYPES, Exchange.TYPES, Queue.TYPES, Basic.TYPES, Confirm.TYPES, Tx.TYPES)
                .flatMap(List::stream)
                .forEach(MethodCodec::register);
    }

    private MethodCodec() {
    }

    private static void register(MethodType<?> t) {
        if (BY_ID.put(key(t.classId(), t.methodId()), t) != null || BY_TYPE.put(t.type(), t) != null) {
            throw new IllegalStateException("method registered twice: " + t.type());
        }
    }

    /**
     * Decodes a method frame's payload. Bytes after the arguments are ignored.
     *
     * @param payload the payload; its reader index is advanced past what was read
     * @return the method
     * @throws AmqpException with {@link ReplyCode#NOT_IMPLEMENTED} for a class or method that is not
     *     known, {@link ReplyCode#SYNTAX_ERROR} for arguments that are truncated or malformed
     */
    public static Method decode(ByteBuf payload) {
        if (payload.readableBytes() < 4) {
            throw new AmqpException(ReplyCode.SYNTAX_ERROR,
                    "method payload of " + payload.readableBytes() + " bytes has no class and method id");
        }
        int classId = payload.readUnsignedShort();
        int methodId = payload.readUnsignedShort();
        MethodType<?> type = BY_ID.get(key(classId, methodId));
        if (type == null) {
            throw new AmqpException(ReplyCode.NOT_IMPLEMENTED, "unknown method " + classId + "." + methodId,
                    classId, methodId);
        }
        try {
            return type.reader().apply(new ArgumentReader(payload));
        } catch (IndexOutOfBoundsException e) {
            throw new AmqpException(ReplyCode.SYNTAX_ERROR, "truncated arguments of " + name(type), classId, methodId);
        } catch (AmqpException e) {
            throw new AmqpException(e.replyCode(), e.text() + " in " + name(type), classId, methodId);
        }
    }

    private static String name(MethodType<?> type) {
        return MethodNames.of(type.type());
    }

    /**
     * Encodes a method: class id, method id and arguments.
     *
     * @param m the method, one of the records of this package
     * @param out the buffer
     * @throws IllegalArgumentException if the method is not one of this package's records, or an
     *     argument cannot be encoded (a short string longer than 255 bytes, a table value without a
     *     field type)
     */
    public static void encode(Method m, ByteBuf out) {
        Objects.requireNonNull(m, "method");
        MethodType<?> type = BY_TYPE.get(m.getClass());
        if (type == null) {
            throw new IllegalArgumentException("not a method of this codec: " + m.getClass().getName());
        }
        out.writeShort(type.classId());
        out.writeShort(type.methodId());
        type.write(m, new ArgumentWriter(out));
    }

    /** The registered type of a method record; {@link Method}'s ids come from it. */
    static MethodType<?> typeOf(Class<?> record) {
        MethodType<?> type = BY_TYPE.get(record);
        if (type == null) {
            throw new IllegalArgumentException("not a method of this codec: " + record.getName());
        }
        return type;
    }

    private static int key(int classId, int methodId) {
        return classId << 16 | methodId;
    }
}
