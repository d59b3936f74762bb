package io.fluxmq.transport.tcp.server;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;

/**
 * Access to native epoll, isolated so that the optional io.netty.channel.epoll import is touched
 * only when the classes are there.
 */
final class Epolls {
    private Epolls() {
    }

    static boolean available() {
        try {
            return io.netty.channel.epoll.Epoll.isAvailable();
        } catch (NoClassDefFoundError e) {
            return false;
        }
    }

    static IoHandlerFactory ioHandlerFactory() {
        return io.netty.channel.epoll.EpollIoHandler.newFactory();
    }

    static Class<? extends ServerChannel> serverChannelType() {
        return io.netty.channel.epoll.EpollServerSocketChannel.class;
    }
}
