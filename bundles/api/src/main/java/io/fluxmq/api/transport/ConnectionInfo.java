package io.fluxmq.api.transport;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where a connection came in.
 *
 * @param listener the listener's configured name, e.g. "mqtt-tcp"
 * @param transport "tcp", "tls", "ws" or "wss"
 * @param local the listener's bound address
 * @param remote the peer's address
 */
public record ConnectionInfo(String listener, String transport, InetSocketAddress local, InetSocketAddress remote) {
    /** Name of the {@code io.netty.handler.ssl.SslHandler} in pipelines of TLS connections. */
    public static final String TLS_HANDLER = "tls";

    public ConnectionInfo {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(transport, "transport");
    }

    /** Whether the connection is encrypted ("tls" or "wss"). */
    public boolean secure() {
        return transport.equals("tls") || transport.equals("wss");
    }
}
