package io.fluxmq.transport.tcp.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event loops every listener of this bundle shares: one acceptor thread and a worker group
 * (native epoll when its fragment is installed, NIO otherwise). Connections of all listeners
 * spread over the same workers, so adding a listener adds no threads.
 */
public final class EventLoops implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoops.class);

    private final EventLoopGroup acceptor;
    private final MultiThreadIoEventLoopGroup workers;
    private final Class<? extends ServerChannel> channelType;

    public EventLoops(int workerThreads) {
        boolean epoll = Epolls.available();
        IoHandlerFactory factory = epoll ? Epolls.ioHandlerFactory() : NioIoHandler.newFactory();
        this.channelType = epoll ? Epolls.serverChannelType() : NioServerSocketChannel.class;
        this.acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("fluxmq-accept", true), factory);
        this.workers = new MultiThreadIoEventLoopGroup(workerThreads, new DefaultThreadFactory("fluxmq-io", true),
                factory);
        LOG.info("Network I/O on {} with {} worker threads", epoll ? "epoll" : "NIO", workers.executorCount());
    }

    EventLoopGroup acceptor() {
        return acceptor;
    }

    EventLoopGroup workers() {
        return workers;
    }

    Class<? extends ServerChannel> serverChannelType() {
        return channelType;
    }

    @Override
    public void close() {
        acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
