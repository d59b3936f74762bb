package io.fluxmq.transport.tcp.server;

import io.fluxmq.api.transport.ConnectionInfo;
import io.fluxmq.api.transport.GracefulClose;
import io.fluxmq.api.transport.ProtocolHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds each accepted connection's pipeline: limits, TLS, then the protocol or its detection. */
final class ChannelSetup extends ChannelInitializer<Channel> {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelSetup.class);

    private final ListenerSettings settings;
    private final ChannelGroup connections;
    private final Function<String, ProtocolHandler> handlers;
    private final AtomicLong refused = new AtomicLong();

    ChannelSetup(ListenerSettings settings, ChannelGroup connections, Function<String, ProtocolHandler> handlers) {
        this.settings = settings;
        this.connections = connections;
        this.handlers = handlers;
    }

    @Override
    protected void initChannel(Channel ch) {
        if (connections.size() >= settings.maxConnections()) {
            long n = refused.incrementAndGet();
            if (Long.bitCount(n) == 1) { // 1st, 2nd, 4th, 8th... refusal: visible without flooding the log
                LOG.warn("TRANSPORT-2001 listener '{}' is at its maximum of {} connections; {} connection(s) refused "
                        + "so far", settings.name(), settings.maxConnections(), n);
            }
            ch.close();
            return;
        }
        connections.add(ch);
        if (settings.sslContext() != null) {
            ch.pipeline().addLast(ConnectionInfo.TLS_HANDLER, settings.sslContext().newHandler(ch.alloc()));
        }
        ConnectionInfo info = new ConnectionInfo(settings.name(), settings.transport(),
                (InetSocketAddress) ch.localAddress(), (InetSocketAddress) ch.remoteAddress());
        if (settings.stage() != null) {
            settings.stage().install(ch, info, ready -> selectProtocol(ready, info));
        } else {
            selectProtocol(ch, info);
        }
    }

    private void selectProtocol(Channel ch, ConnectionInfo info) {
        if (settings.protocols().size() == 1) {
            hand(ch, settings.protocols().get(0), info, handlers, settings);
        } else {
            ch.pipeline().addLast("detect", new ProtocolDetector(settings, info, handlers));
        }
    }

    /** Gives the channel to the protocol's handler, or closes it when the protocol is not installed. */
    static void hand(Channel ch, String protocol, ConnectionInfo info, Function<String, ProtocolHandler> handlers,
            ListenerSettings settings) {
        ProtocolHandler handler = handlers.apply(protocol);
        if (handler == null) {
            LOG.debug("listener '{}': protocol {} is not installed; closing {}", settings.name(), protocol,
                    info.remote());
            ch.close();
            return;
        }
        ch.attr(NettyListener.PROTOCOL).set(protocol);
        // Last of the transport's handlers, first before the protocol's: see GracefulClose.
        ch.pipeline().addLast(GracefulClose.HANDLER, new DrainingClose(settings.closeGraceMillis()));
        handler.initialize(ch, info);
    }
}
