package io.fluxmq.amqp091.channel;

import io.fluxmq.amqp091.codec.AmqpException;
import io.fluxmq.amqp091.codec.Basic;
import io.fluxmq.amqp091.codec.BasicProperties;
import io.fluxmq.amqp091.codec.BodyFrame;
import io.fluxmq.amqp091.codec.HeaderFrame;
import io.fluxmq.amqp091.codec.ReplyCode;

/**
 * Gathers a basic.publish and the content that follows it: one content header, then body frames
 * up to the size the header announced (AMQP 0.9.1 section 4.2.6). Any other frame in between is
 * 505 UNEXPECTED_FRAME.
 */
final class ContentAssembly {
    /** A whole published message. */
    record Published(Basic.Publish method, BasicProperties properties, byte[] body) {
    }

    private final int maxMessageSize;
    private Basic.Publish method;
    private BasicProperties properties;
    private byte[] body;
    private int received;

    ContentAssembly(int maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    boolean inProgress() {
        return method != null;
    }

    void start(Basic.Publish publish) {
        method = publish;
        properties = null;
        body = null;
        received = 0;
    }

    /** @return the message when the header announces an empty body, else null */
    Published header(HeaderFrame h) {
        if (method == null || properties != null) {
            throw new AmqpException(ReplyCode.UNEXPECTED_FRAME, "content header without a basic.publish before it");
        }
        if (h.classId() != Basic.CLASS_ID) {
            throw new AmqpException(ReplyCode.UNEXPECTED_FRAME, "content header of class " + h.classId()
                    + " after basic.publish");
        }
        if (h.bodySize() > maxMessageSize) {
            Basic.Publish p = method;
            method = null;
            throw new AmqpException(ReplyCode.PRECONDITION_FAILED, "message size " + h.bodySize()
                    + " is larger than configured max size " + maxMessageSize, Basic.CLASS_ID, p.methodId());
        }
        properties = h.properties();
        body = new byte[(int) h.bodySize()];
        return body.length == 0 ? finish() : null;
    }

    /** Takes the body frame (and releases it); the message once its body is complete, else null. */
    Published body(BodyFrame b) {
        try {
            if (properties == null) {
                throw new AmqpException(ReplyCode.UNEXPECTED_FRAME, "content body without a content header before it");
            }
            int n = b.content().readableBytes();
            if (n > body.length - received) {
                throw new AmqpException(ReplyCode.FRAME_ERROR, "content body exceeds the " + body.length
                        + " bytes its header announced");
            }
            b.content().readBytes(body, received, n);
            received += n;
        } finally {
            b.content().release();
        }
        return received == body.length ? finish() : null;
    }

    /** Drops a message in progress (the channel closes). */
    void reset() {
        method = null;
        properties = null;
        body = null;
    }

    private Published finish() {
        Published p = new Published(method, properties, body);
        reset();
        return p;
    }
}
