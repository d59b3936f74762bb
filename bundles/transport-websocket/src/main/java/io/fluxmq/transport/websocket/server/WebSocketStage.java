package io.fluxmq.transport.websocket.server;

import io.fluxmq.api.transport.ConnectionInfo;
import io.fluxmq.transport.tcp.server.ConnectionStage;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.function.Consumer;

/**
 * MQTT over WebSocket (MQTT section 6) as a stage of a {@link io.fluxmq.transport.tcp.server.NettyListener}:
 * each connection starts with HTTP, {@link WebSocketHandshake} checks and answers the upgrade, and
 * then {@link WebSocketFrameAdapter} turns binary frames into the plain bytes the protocol reads.
 * One instance per listener, shared by its connections.
 */
public final class WebSocketStage implements ConnectionStage {
    static final String HTTP_CODEC = "http-codec";
    static final String HTTP_AGGREGATOR = "http-aggregator";
    static final String HANDSHAKE = "ws-handshake";
    static final String FRAMES = "ws-frames";
    static final String DISCARD = "ws-discard";

    /** Limits for the only HTTP this listener reads, the upgrade request; a real one is well under 4 KiB. */
    private static final int MAX_REQUEST_LINE = 4096;
    private static final int MAX_HEADERS = 8192;
    /** An upgrade request has no body; a little is tolerated so that a stray one gets a 400, not a 413. */
    private static final int MAX_REQUEST_BODY = 1024;

    private final WebSocketSettings settings;
    private final Refusals refusals;

    public WebSocketStage(WebSocketSettings settings) {
        this.settings = settings;
        this.refusals = new Refusals(settings.listener());
    }

    @Override
    public String transport(boolean tls) {
        return tls ? "wss" : "ws";
    }

    @Override
    public void install(Channel channel, ConnectionInfo info, Consumer<Channel> proceed) {
        HttpDecoderConfig http = new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_REQUEST_LINE)
                .setMaxHeaderSize(MAX_HEADERS);
        channel.pipeline()
                .addLast(HTTP_CODEC, new HttpServerCodec(http))
                .addLast(HTTP_AGGREGATOR, new HttpObjectAggregator(MAX_REQUEST_BODY))
                .addLast(HANDSHAKE, new WebSocketHandshake(settings, refusals, info, proceed));
    }

    public WebSocketSettings settings() {
        return settings;
    }

    Refusals refusals() {
        return refusals;
    }
}
