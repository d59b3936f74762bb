package io.fluxmq.transport.tcp.server;

import io.fluxmq.api.transport.ConnectionInfo;
import io.netty.channel.Channel;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Framing that sits between TLS and the protocol, such as WebSocket: it adds its handlers and,
 * once the connection is ready to carry protocol bytes (after the WebSocket handshake), calls
 * {@code proceed} so that the listener picks and installs the protocol.
 */
@ConsumerType
public interface ConnectionStage {
    /** The transport name reported for connections through this stage ("ws"; "wss" with TLS). */
    String transport(boolean tls);

    /**
     * <b>Thread:</b> the channel's event loop, while the pipeline is being built; {@code proceed}
     * must be called on the event loop too, at most once.
     */
    void install(Channel channel, ConnectionInfo info, Consumer<Channel> proceed);
}
