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
 * @param closeGraceMillis how long a connection the protocol closes after its last frame stays open,
 *        dropping input, for the peer to read that frame and close its side ({@link DrainingClose})
 */
public record ListenerSettings(String name, InetSocketAddress address, List<String> protocols, SslContext sslContext,
        int maxConnections, int backlog, long detectionTimeoutMillis, ConnectionStage stage, long closeGraceMillis) {

    /** With the default close grace period, {@value DrainingClose#DEFAULT_GRACE_MILLIS} ms. */
    public ListenerSettings(String name, InetSocketAddress address, List<String> protocols, SslContext sslContext,
            int maxConnections, int backlog, long detectionTimeoutMillis, ConnectionStage stage) {
        this(name, address, protocols, sslContext, maxConnections, backlog, detectionTimeoutMillis, stage,
                DrainingClose.DEFAULT_GRACE_MILLIS);
    }

    public ListenerSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        protocols = List.copyOf(protocols);
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("listener '" + name + "' serves no protocol");
        }
        if (closeGraceMillis < 0) {
            throw new IllegalArgumentException("listener '" + name + "': close grace period must not be negative");
        }
    }

    public String transport() {
        if (stage != null) {
            return stage.transport(sslContext != null);
        }
        return sslContext == null ? "tcp" : "tls";
    }
}
