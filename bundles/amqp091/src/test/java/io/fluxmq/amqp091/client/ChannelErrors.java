package io.fluxmq.amqp091.client;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Method;
import com.rabbitmq.client.ShutdownSignalException;

/** The reply code with which the server closed a channel or connection when a call failed. */
final class ChannelErrors {
    interface Call {
        void run() throws Exception;
    }

    private ChannelErrors() {
    }

    /** The reply code of the close the call caused, or -1 when it succeeded. */
    static int code(Call call) throws Exception {
        try {
            call.run();
            return -1;
        } catch (Exception e) {
            ShutdownSignalException s = signal(e);
            if (s == null) {
                throw e;
            }
            Method reason = s.getReason();
            if (reason instanceof AMQP.Channel.Close close) {
                return close.getReplyCode();
            }
            if (reason instanceof AMQP.Connection.Close close) {
                return close.getReplyCode();
            }
            throw e;
        }
    }

    private static ShutdownSignalException signal(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ShutdownSignalException s) {
                return s;
            }
        }
        return null;
    }
}
