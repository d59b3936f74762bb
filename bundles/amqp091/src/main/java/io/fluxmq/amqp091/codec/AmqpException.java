package io.fluxmq.amqp091.codec;

/**
 * An AMQP error with its reply code: what the peer is told in {@code connection.close} or
 * {@code channel.close}, with the class and method that failed when they are known.
 */
public final class AmqpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int replyCode;
    private final String text;
    private final int classId;
    private final int methodId;

    /**
     * An error not tied to a method.
     *
     * @param replyCode one of the {@link ReplyCode} constants
     * @param text the reply text
     */
    public AmqpException(int replyCode, String text) {
        this(replyCode, text, 0, 0);
    }

    /**
     * An error raised by a method.
     *
     * @param replyCode one of the {@link ReplyCode} constants
     * @param text the reply text
     * @param classId the failing method's class id, 0 when unknown
     * @param methodId the failing method's id, 0 when unknown
     */
    public AmqpException(int replyCode, String text, int classId, int methodId) {
        super(ReplyCode.name(replyCode) + " - " + text);
        this.replyCode = replyCode;
        this.text = text;
        this.classId = classId;
        this.methodId = methodId;
    }

    /** @return the reply code */
    public int replyCode() {
        return replyCode;
    }

    /** @return the reply text, without the code's name */
    public String text() {
        return text;
    }

    /** @return the failing method's class id, 0 when unknown */
    public int classId() {
        return classId;
    }

    /** @return the failing method's id, 0 when unknown */
    public int methodId() {
        return methodId;
    }

    /** @return whether this error closes the connection ({@link ReplyCode#isConnectionLevel}) */
    public boolean connectionLevel() {
        return ReplyCode.isConnectionLevel(replyCode);
    }
}
