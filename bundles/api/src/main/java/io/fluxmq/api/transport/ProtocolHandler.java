package io.fluxmq.api.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A protocol's entry point, registered as a service by the protocol bundle with
 * {@value #PROTOCOL_PROPERTY} set to {@link #protocol()}. Listeners track these services: a
 * listener configured for a protocol serves it while its handler is registered, and ends that
 * protocol's connections when the handler goes away (the protocol bundle stops or updates) or
 * the listener stops, through {@link #shutdown}.
 */
@ConsumerType
public interface ProtocolHandler {
    /** Service property naming the protocol, e.g. "mqtt", "amqp091", "amqp10". */
    String PROTOCOL_PROPERTY = "fluxmq.protocol";

    String protocol();

    /**
     * How many bytes from the start of a connection {@link #detect(ByteBuf)} needs, for listeners
     * that serve several protocols on one port (AMQP 0.9.1 and 1.0 on 5672).
     */
    int detectionLength();

    /**
     * Whether a connection starting with these bytes speaks this protocol.
     *
     * <p><b>Thread:</b> the connection's event loop. <b>Buffer:</b> owned by the caller; read
     * without moving the reader index, never retain or release it.
     *
     * @param head at least {@link #detectionLength()} readable bytes
     */
    boolean detect(ByteBuf head);

    /**
     * What to answer a connection whose first bytes no handler of the listener detected, when they
     * are this protocol's in a version this handler does not speak: AMQP wants the server to write
     * the protocol header it supports, then close (AMQP 0.9.1 section 4.2.2). The listener writes
     * the first answer a handler gives and closes the connection after it.
     *
     * <p><b>Thread and buffer:</b> as {@link #detect(ByteBuf)}. The default answers nothing.
     *
     * @return the bytes to write, or null when these bytes are not this protocol's
     * @since 1.3
     */
    default byte[] headerReply(ByteBuf head) {
        return null;
    }

    /**
     * Adds the protocol's handlers at the end of the channel's pipeline. Transport handlers
     * (TLS as {@value ConnectionInfo#TLS_HANDLER}, WebSocket framing) are already in place: the
     * protocol reads and writes plain {@link ByteBuf}s. Data read after this call reaches the new
     * handlers, including any bytes read for detection.
     *
     * <p><b>Thread:</b> the channel's event loop; must not block.
     */
    void initialize(Channel channel, ConnectionInfo info);

    /**
     * Ends connections this handler was given because the server takes them away: this handler's
     * service is being unregistered (its bundle stops or is updated, its configuration changes),
     * or the listener stops. The protocol tells each peer why where it can (MQTT 5: DISCONNECT
     * 0x8B Server shutting down), keeps what must outlive the connection, and closes it. The
     * listener waits for the returned stage, a few seconds at most, then closes whatever is still
     * open.
     *
     * <p>The default closes the channels.
     *
     * <p><b>Thread:</b> the thread that unregisters the service or stops the listener, never an
     * event loop. Must not block: work on a channel belongs on its event loop.
     *
     * @param channels open connections the calling listener gave to this handler; not to be kept
     * @param handlerStopping true when this handler's own service is going away, false when only
     *        the listener stops and the handler keeps serving other listeners
     * @return completes when the handler is done with these connections
     * @since 1.1
     */
    default CompletionStage<Void> shutdown(Collection<Channel> channels, boolean handlerStopping) {
        CompletableFuture<?>[] closed = new CompletableFuture<?>[channels.size()];
        int i = 0;
        for (Channel channel : channels) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            channel.close().addListener(f -> done.complete(null));
            closed[i++] = done;
        }
        return CompletableFuture.allOf(closed);
    }
}
