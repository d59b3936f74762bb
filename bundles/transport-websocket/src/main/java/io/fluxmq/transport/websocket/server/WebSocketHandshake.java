package io.fluxmq.transport.websocket.server;

import io.fluxmq.api.transport.ConnectionInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the one HTTP request of a connection: the WebSocket upgrade (RFC 6455 section 4) on the
 * configured path, or an error status and close. Once the 101 response is written it replaces the
 * HTTP handlers with a {@link WebSocketFrameAdapter} and lets the listener install the protocol.
 * <b>Thread:</b> the channel's event loop.
 */
final class WebSocketHandshake extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketHandshake.class);
    private static final String VERSION_13 = "13";

    private final WebSocketSettings settings;
    private final Refusals refusals;
    private final ConnectionInfo info;
    private final Consumer<Channel> proceed;
    private ScheduledFuture<?> timeout;
    /** An answer (101 or an error) is on its way; whatever is read from now on is not HTTP for us. */
    private boolean answered;

    WebSocketHandshake(WebSocketSettings settings, Refusals refusals, ConnectionInfo info, Consumer<Channel> proceed) {
        this.settings = settings;
        this.refusals = refusals;
        this.info = info;
        this.proceed = proceed;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> {
            LOG.debug("listener '{}': {} did not complete the WebSocket handshake in {} ms", info.listener(),
                    info.remote(), settings.handshakeTimeoutMillis());
            ctx.channel().close();
        }, settings.handshakeTimeoutMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!answered && msg instanceof FullHttpRequest request) {
                answer(ctx, request);
            }
            // Anything else is what a client sent before the 101 arrived, which RFC 6455 forbids: dropped.
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void answer(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (req.decoderResult().isFailure()) {
            Throwable cause = req.decoderResult().cause();
            LOG.debug("listener '{}': malformed HTTP from {}: {}", info.listener(), info.remote(), cause.toString());
            refuse(ctx, statusFor(cause), "Malformed HTTP request", null);
            return;
        }
        HttpHeaders headers = req.headers();
        boolean upgrade = headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && headers.contains(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
        String path = pathOf(req.uri());
        if (!path.equals(settings.path())) {
            if (upgrade) {
                refusals.report(Refusals.Reason.PATH, info.remote(), "WebSocket handshake for path '"
                        + abbreviate(path) + "' refused (404); this listener serves '" + settings.path() + "'");
            }
            refuse(ctx, HttpResponseStatus.NOT_FOUND, "Not Found", null);
            return;
        }
        if (!HttpMethod.GET.equals(req.method()) || !upgrade
                || !headers.contains(HttpHeaderNames.SEC_WEBSOCKET_KEY)) {
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, "This is an MQTT over WebSocket endpoint: send a WebSocket "
                    + "upgrade request", null);
            return;
        }
        if (!VERSION_13.equals(headers.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
            // RFC 6455 section 4.4: name the version we speak so that the client can retry with it.
            refuse(ctx, HttpResponseStatus.UPGRADE_REQUIRED, "Unsupported WebSocket version",
                    HttpHeaderNames.SEC_WEBSOCKET_VERSION);
            return;
        }
        String origin = headers.get(HttpHeaderNames.ORIGIN);
        if (!settings.originAllowed(origin)) {
            refusals.report(Refusals.Reason.ORIGIN, info.remote(), "handshake from origin '" + abbreviate(origin)
                    + "' refused (403); it is not in allowed.origins");
            refuse(ctx, HttpResponseStatus.FORBIDDEN, "Origin not allowed", null);
            return;
        }
        Optional<String> subprotocol = settings.choose(headers.getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL));
        if (subprotocol.isEmpty()) {
            // MQTT-6.0.0-3: a client must offer "mqtt"; one that offers none of ours speaks something else.
            refusals.report(Refusals.Reason.SUBPROTOCOL, info.remote(), "handshake offering subprotocols ["
                    + abbreviate(String.join(",", headers.getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL)))
                    + "] refused (400); this listener accepts " + settings.subprotocols());
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, "Offer one of the WebSocket subprotocols "
                    + String.join(", ", settings.subprotocols()), null);
            return;
        }
        upgrade(ctx, req, subprotocol.get());
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, String subprotocol) {
        answered = true;
        // Our frame adapter closes on violations itself, so that exactly one Close frame is ever sent.
        WebSocketDecoderConfig frames = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(settings.maxFrameSize())
                .allowExtensions(false)
                .closeOnProtocolViolation(false)
                .build();
        // The choice is ours (the handshaker would read only the first of several Sec-WebSocket-Protocol
        // headers), so the handshaker gets no subprotocols and our answer goes in as a response header.
        WebSocketServerHandshaker13 handshaker = new WebSocketServerHandshaker13(settings.path(), null, frames);
        HttpHeaders answer = new DefaultHttpHeaders().set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, subprotocol);
        Channel channel = ctx.channel();
        // Nothing is read until the protocol is installed, so no frame can slip past it.
        channel.config().setAutoRead(false);
        ChannelFuture done;
        try {
            done = handshaker.handshake(channel, req, answer, channel.newPromise());
        } catch (WebSocketHandshakeException e) {
            channel.config().setAutoRead(true);
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, "Invalid WebSocket handshake", null);
            return;
        }
        done.addListener(f -> {
            if (!f.isSuccess() || ctx.isRemoved()) {
                LOG.debug("listener '{}': WebSocket handshake with {} failed: {}", info.listener(), info.remote(),
                        f.isSuccess() ? "connection closed" : String.valueOf(f.cause()));
                channel.close();
                return;
            }
            // The handshaker has swapped the HTTP codec for the frame codec by now.
            channel.pipeline().replace(this, WebSocketStage.FRAMES, new WebSocketFrameAdapter(refusals, info));
            try {
                proceed.accept(channel);
            } catch (RuntimeException e) {
                // As over TCP, where the channel initializer closes a connection whose setup threw.
                LOG.warn("listener '{}': installing the protocol for {} failed; connection closed", info.listener(),
                        info.remote(), e);
                channel.close();
                return;
            }
            channel.config().setAutoRead(true);
        });
    }

    /** Answers with an error status and closes: one request per connection, nothing to keep alive for. */
    private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String text, CharSequence versionHeader) {
        answered = true;
        if (!ctx.channel().isActive()) {
            return; // the client hung up mid-request; nobody to answer
        }
        ByteBuf body = Unpooled.copiedBuffer(status.code() + " " + text + "\n", StandardCharsets.US_ASCII);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        res.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=us-ascii")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (versionHeader != null) {
            res.headers().set(versionHeader, VERSION_13);
        }
        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Before the upgrade there is no protocol to tell: TLS failures, resets and the like end here.
        LOG.debug("listener '{}': connection from {} failed before the WebSocket upgrade: {}", info.listener(),
                info.remote(), cause.toString());
        ctx.close();
    }

    private static HttpResponseStatus statusFor(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return HttpResponseStatus.REQUEST_URI_TOO_LONG;
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        }
        return HttpResponseStatus.BAD_REQUEST;
    }

    /** The path of an origin-form request target; the query string, if any, plays no part. */
    static String pathOf(String uri) {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    /** Client-supplied text goes into the log, so it is cut short. */
    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= 100 ? s : s.substring(0, 100) + "...";
    }
}
