package io.fluxmq.api.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A protocol's entry point, registered as a service by the protocol bundle with
 * {@value #PROTOCOL_PROPERTY} set to {@link #protocol()}. Listeners track these services: a
 * listener configured for a protocol serves it while its handler is registered, and closes that
 * protocol's connections when the handler goes away (the protocol bundle stops or updates).
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
     * Adds the protocol's handlers at the end of the channel's pipeline. Transport handlers
     * (TLS as {@value ConnectionInfo#TLS_HANDLER}, WebSocket framing) are already in place: the
     * protocol reads and writes plain {@link ByteBuf}s. Data read after this call reaches the new
     * handlers, including any bytes read for detection.
     *
     * <p><b>Thread:</b> the channel's event loop; must not block.
     */
    void initialize(Channel channel, ConnectionInfo info);
}
