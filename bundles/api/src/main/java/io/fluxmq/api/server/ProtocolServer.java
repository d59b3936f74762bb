package io.fluxmq.api.server;

import java.net.InetSocketAddress;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A listener that is accepting connections, registered as a service while it is bound and
 * unregistered when it stops. Used by the console, the readiness check and {@code fluxmq:status}.
 */
@ConsumerType
public interface ProtocolServer {
    /** The listener's configured name, unique on the node (e.g. "mqtt-tcp"). */
    String name();

    /** The application protocol(s), e.g. "mqtt" or "amqp". */
    String protocol();

    /** The transport, e.g. "tcp", "tls", "ws", "wss", "udp". */
    String transport();

    /** The bound address, with the actual port when an ephemeral one was asked for. */
    InetSocketAddress address();

    /** Connections open now. <b>Thread:</b> any; must be cheap (a counter read). */
    int connectionCount();
}
