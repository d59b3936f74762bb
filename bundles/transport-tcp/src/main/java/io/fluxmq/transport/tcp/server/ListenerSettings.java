package io.fluxmq.transport.tcp.server;

import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link NettyListener} needs, independent of how it was configured.
 *
 * @param sslContext null for plain TCP
 * @param stage framing between TLS and the protocol (WebSocket), or null
 */
public record ListenerSettings(String name, InetSocketAddress address, List<String> protocols, SslContext sslContext,
        int maxConnections, int backlog, long detectionTimeoutMillis, ConnectionStage stage) {

    public ListenerSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        protocols = List.copyOf(protocols);
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("listener '" + name + "' serves no protocol");
        }
    }

    public String transport() {
        if (stage != null) {
            return stage.transport(sslContext != null);
        }
        return sslContext == null ? "tcp" : "tls";
    }
}
