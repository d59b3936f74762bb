package io.fluxmq.transport.tcp;

import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link NettyListener} needs, independent of how it was configured.
 *
 * @param sslContext null for plain TCP
 */
record ListenerSettings(String name, InetSocketAddress address, List<String> protocols, SslContext sslContext,
        int maxConnections, int backlog, long detectionTimeoutMillis) {

    ListenerSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        protocols = List.copyOf(protocols);
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("listener '" + name + "' serves no protocol");
        }
    }

    String transport() {
        return sslContext == null ? "tcp" : "tls";
    }
}
