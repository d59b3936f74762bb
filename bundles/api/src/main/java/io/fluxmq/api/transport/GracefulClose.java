package io.fluxmq.api.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * How a protocol ends a connection after its last frame (MQTT DISCONNECT or a refusing CONNACK,
 * AMQP connection.close, ...) so that the peer reads that frame. Closing a socket that still has
 * unread input makes Linux answer with a reset, and a reset makes the peer's stack throw away what
 * it has not read yet: the peer would see "connection reset" instead of the reason. So the
 * connection is not closed at once: from the call on, nothing read reaches the protocol's
 * handlers and nothing more is written; the transport reads and drops what the peer still sends,
 * and closes once the last frame is written and the peer has closed its side (end of stream, a
 * WebSocket Close, a TLS close_notify), or when the listener's grace period ends.
 *
 * <p>Every FluxMQ listener (TCP, TLS, WebSocket) installs an implementation as
 * {@value #HANDLER} between its own handlers and the protocol's, before
 * {@link ProtocolHandler#initialize}. Protocols call {@link #after(ChannelFuture)}, which also
 * works in a pipeline without it (a unit test's channel): then it closes once the frame is
 * written, as {@link ChannelFutureListener#CLOSE} would.
 *
 * @since 1.2
 */
@ProviderType
public interface GracefulClose {
    /** Name of the transport's handler that implements this, in every listener's pipeline. */
    String HANDLER = "graceful-close";

    /**
     * Ends the connection after {@code lastFrame}, as described above. Calls after the first are
     * ignored; a {@code close()} of the channel still closes it at once.
     *
     * <p><b>Thread:</b> the channel's event loop.
     *
     * @param lastFrame the write of the protocol's last frame, already flushed
     */
    void closeAfter(ChannelFuture lastFrame);

    /**
     * Ends the channel of {@code lastFrame} after that frame, through the transport's
     * {@value #HANDLER} when the pipeline has one. <b>Thread:</b> any; the work runs on the
     * channel's event loop, after the write if that was issued from the same thread.
     *
     * @param lastFrame the future of {@code channel.writeAndFlush(lastFrame)}; a succeeded future
     *        of the channel when there is nothing to send
     */
    static void after(ChannelFuture lastFrame) {
        Channel channel = lastFrame.channel();
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> after(lastFrame));
            return;
        }
        GracefulClose close = find(channel);
        if (close != null) {
            close.closeAfter(lastFrame);
        } else {
            lastFrame.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static GracefulClose find(Channel channel) {
        if (channel.pipeline().get(HANDLER) instanceof GracefulClose close) {
            return close;
        }
        for (Map.Entry<String, ChannelHandler> e : channel.pipeline()) {
            if (e.getValue() instanceof GracefulClose close) {
                return close;
            }
        }
        return null;
    }
}
