package io.fluxmq.amqp091.codec;

import java.util.List;

/** The methods of the {@code channel} class (class id 20). */
public final class Channel {
    public static final int CLASS_ID = 20;

    private Channel() {
    }

    /** {@code channel.open}. */
    public record Open() implements Method {
        public static final int METHOD_ID = 10;
    }

    /** {@code channel.open-ok}. */
    public record OpenOk() implements Method {
        public static final int METHOD_ID = 11;
    }

    /** {@code channel.flow}: the peer asks to stop or restart sending content. */
    public record Flow(boolean active) implements Method {
        public static final int METHOD_ID = 20;
    }

    /** {@code channel.flow-ok}. */
    public record FlowOk(boolean active) implements Method {
        public static final int METHOD_ID = 21;
    }

    /** {@code channel.close}: either peer closes the channel, with the reason. */
    public record Close(int replyCode, String replyText, int failingClassId, int failingMethodId) implements Method {
        public static final int METHOD_ID = 40;
    }

    /** {@code channel.close-ok}. */
    public record CloseOk() implements Method {
        public static final int METHOD_ID = 41;
    }

    static final List<MethodType<?>> TYPES = List.of(
            MethodType.of(CLASS_ID, Open.METHOD_ID, Open.class,
                    r -> {
                        r.shortStr(); // reserved
                        return new Open();
                    },
                    (m, w) -> w.shortStr("")),
            MethodType.of(CLASS_ID, OpenOk.METHOD_ID, OpenOk.class,
                    r -> {
                        r.longStr(); // reserved
                        return new OpenOk();
                    },
                    (m, w) -> w.longStr("")),
            MethodType.of(CLASS_ID, Flow.METHOD_ID, Flow.class,
                    r -> new Flow(r.bit()),
                    (m, w) -> w.bit(m.active())),
            MethodType.of(CLASS_ID, FlowOk.METHOD_ID, FlowOk.class,
                    r -> new FlowOk(r.bit()),
                    (m, w) -> w.bit(m.active())),
            MethodType.of(CLASS_ID, Close.METHOD_ID, Close.class,
                    r -> new Close(r.shortInt(), r.shortStr(), r.shortInt(), r.shortInt()),
                    (m, w) -> w.shortInt(m.replyCode()).shortStr(m.replyText()).shortInt(m.failingClassId())
                            .shortInt(m.failingMethodId())),
            MethodType.empty(CLASS_ID, CloseOk.METHOD_ID, CloseOk.class, new CloseOk()));
}
