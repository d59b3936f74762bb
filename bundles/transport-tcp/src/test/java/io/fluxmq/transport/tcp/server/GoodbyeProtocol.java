package io.fluxmq.transport.tcp.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** An echo protocol that, told to end its connections, writes a goodbye first and records why. */
final class GoodbyeProtocol extends EchoProtocol {
    private final String goodbye;
    /** The handlerStopping argument of each shutdown call. */
    final List<Boolean> shutdowns = new CopyOnWriteArrayList<>();

    GoodbyeProtocol(String name, String magic, String goodbye) {
        super(name, magic);
        this.goodbye = goodbye;
    }

    @Override
    public CompletionStage<Void> shutdown(Collection<Channel> channels, boolean handlerStopping) {
        shutdowns.add(handlerStopping);
        CompletableFuture<?>[] closed = new CompletableFuture<?>[channels.size()];
        int i = 0;
        for (Channel ch : channels) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            ch.writeAndFlush(Unpooled.copiedBuffer(goodbye, StandardCharsets.US_ASCII))
                    .addListener(ChannelFutureListener.CLOSE).addListener(f -> done.complete(null));
            closed[i++] = done;
        }
        return CompletableFuture.allOf(closed);
    }
}
