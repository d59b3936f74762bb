package io.fluxmq.amqp091.broker;

import java.util.List;
import java.util.Objects;

/**
 * What the AMQP 0.9.1 server offers and enforces.
 *
 * @param frameMax largest frame in bytes the server accepts and proposes in connection.tune
 * @param channelMax most channels per connection
 * @param heartbeatSeconds heartbeat interval proposed to clients; 0 proposes none
 * @param handshakeTimeoutMillis time a connection has from its protocol header to connection.open-ok
 * @param maxMessageSize largest message body accepted; larger publishes close the channel (406)
 * @param virtualHosts the virtual hosts clients may open
 * @param defaultUser user accepted when no authenticator is registered
 * @param defaultPassword its password
 * @param defaultUserLoopbackOnly whether that user may only connect from the local machine
 * @param creditWindow deliveries in flight to a consumer without a prefetch limit (or with no-ack)
 * @param maxUnconfirmedPublishes publishes of a connection waiting for their queues before it is read no more
 * @param writeBufferHighWaterMark bytes waiting to be written to a connection above which deliveries to it pause
 * @param queueFlowDepth messages in an in-memory queue above which its publishers are read no more
 *        until it holds half as many; 0 turns this off
 * @param memoryHighWatermark fraction of the heap's old generation that, still used after a
 *        collection, raises the memory alarm (publishers blocked); 0 turns it off
 */
public record AmqpSettings(int frameMax, int channelMax, int heartbeatSeconds, long handshakeTimeoutMillis,
        int maxMessageSize, List<String> virtualHosts, String defaultUser, String defaultPassword,
        boolean defaultUserLoopbackOnly, int creditWindow, int maxUnconfirmedPublishes, int writeBufferHighWaterMark,
        long queueFlowDepth, double memoryHighWatermark) {

    public static final AmqpSettings DEFAULTS = new AmqpSettings(131_072, 2047, 60, 10_000, 16 * 1024 * 1024,
            List.of("/"), "guest", "guest", true, 500, 4096, 1024 * 1024, 5_000, 0.8);

    public AmqpSettings {
        if (frameMax < 4096) {
            throw new IllegalArgumentException("frame max must be at least 4096: " + frameMax);
        }
        if (channelMax < 1 || channelMax > 65_535) {
            throw new IllegalArgumentException("channel max must be within 1..65535: " + channelMax);
        }
        virtualHosts = List.copyOf(virtualHosts);
        Objects.requireNonNull(defaultUser, "defaultUser");
        Objects.requireNonNull(defaultPassword, "defaultPassword");
    }
}
