package io.fluxmq.amqp091.codec;

import java.util.List;

/** The methods of the {@code tx} class (class id 90). */
public final class Tx {
    public static final int CLASS_ID = 90;

    private Tx() {
    }

    /** {@code tx.select}. */
    public record Select() implements Method {
        public static final int METHOD_ID = 10;
    }

    /** {@code tx.select-ok}. */
    public record SelectOk() implements Method {
        public static final int METHOD_ID = 11;
    }

    /** {@code tx.commit}. */
    public record Commit() implements Method {
        public static final int METHOD_ID = 20;
    }

    /** {@code tx.commit-ok}. */
    public record CommitOk() implements Method {
        public static final int METHOD_ID = 21;
    }

    /** {@code tx.rollback}. */
    public record Rollback() implements Method {
        public static final int METHOD_ID = 30;
    }

    /** {@code tx.rollback-ok}. */
    public record RollbackOk() implements Method {
        public static final int METHOD_ID = 31;
    }

    static final List<MethodType<?>> TYPES = List.of(
            MethodType.empty(CLASS_ID, Select.METHOD_ID, Select.class, new Select()),
            MethodType.empty(CLASS_ID, SelectOk.METHOD_ID, SelectOk.class, new SelectOk()),
            MethodType.empty(CLASS_ID, Commit.METHOD_ID, Commit.class, new Commit()),
            MethodType.empty(CLASS_ID, CommitOk.METHOD_ID, CommitOk.class, new CommitOk()),
            MethodType.empty(CLASS_ID, Rollback.METHOD_ID, Rollback.class, new Rollback()),
            MethodType.empty(CLASS_ID, RollbackOk.METHOD_ID, RollbackOk.class, new RollbackOk()));
}
