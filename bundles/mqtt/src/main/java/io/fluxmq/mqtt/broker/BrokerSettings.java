package io.fluxmq.mqtt.broker;

import io.fluxmq.api.message.QoS;
import io.fluxmq.api.queue.OverflowPolicy;
import java.util.Objects;

/**
 * The broker's limits and policies, independent of how they were configured (metatype in OSGi,
 * a constructor call in tests).
 *
 * @param maximumPacketSize the largest packet accepted from a client, fixed header included; also
 *        announced in CONNACK (MQTT 5)
 * @param receiveMaximum QoS 1 and 2 publishes a client may have unacknowledged towards the broker
 * @param maximumQos the highest QoS accepted and granted
 * @param retainAvailable whether retained messages are supported
 * @param topicAliasMaximum aliases a client may use towards the broker (MQTT 5), 0 for none
 * @param serverKeepAliveSeconds overrides the client's keep alive (MQTT 5 Server Keep Alive); 0 to
 *        accept the client's value
 * @param maxSessionExpirySeconds the longest session expiry granted; longer requests are cut down
 * @param maxOfflineMessages messages queued per persistent session while it is offline
 * @param maxOfflineBytes payload bytes queued per persistent session while it is offline
 * @param overflowPolicy what a full offline queue does with a new message
 * @param allowAnonymous whether clients without credentials are let in when no authenticator is
 *        registered
 * @param connectTimeoutMillis how long a new connection may take to send CONNECT
 * @param sysIntervalSeconds how often $SYS statistics are published, 0 for never
 */
public record BrokerSettings(int maximumPacketSize, int receiveMaximum, QoS maximumQos, boolean retainAvailable,
        int topicAliasMaximum, int serverKeepAliveSeconds, long maxSessionExpirySeconds, int maxOfflineMessages,
        long maxOfflineBytes, OverflowPolicy overflowPolicy, boolean allowAnonymous, long connectTimeoutMillis,
        int sysIntervalSeconds) {

    /** Defaults matching the metatype's. */
    public static final BrokerSettings DEFAULTS = new BrokerSettings(1 << 20, 1024, QoS.EXACTLY_ONCE, true, 64, 0,
            7L * 24 * 3600, 10_000, 64L << 20, OverflowPolicy.DROP_OLDEST, true, 10_000, 10);

    public BrokerSettings {
        Objects.requireNonNull(maximumQos, "maximumQos");
        Objects.requireNonNull(overflowPolicy, "overflowPolicy");
        if (maximumPacketSize < 64) {
            throw new IllegalArgumentException("maximum packet size must be at least 64 bytes, was " + maximumPacketSize);
        }
        if (receiveMaximum < 1 || receiveMaximum > 65_535) {
            throw new IllegalArgumentException("receive maximum must be 1..65535, was " + receiveMaximum);
        }
        if (topicAliasMaximum < 0 || topicAliasMaximum > 65_535) {
            throw new IllegalArgumentException("topic alias maximum must be 0..65535, was " + topicAliasMaximum);
        }
        if (serverKeepAliveSeconds < 0 || serverKeepAliveSeconds > 65_535) {
            throw new IllegalArgumentException("server keep alive must be 0..65535, was " + serverKeepAliveSeconds);
        }
        if (maxSessionExpirySeconds < 0 || maxSessionExpirySeconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("maximum session expiry must be 0..4294967295, was " + maxSessionExpirySeconds);
        }
        if (maxOfflineMessages < 1 || maxOfflineBytes < 1) {
            throw new IllegalArgumentException("offline queue limits must be positive");
        }
        if (connectTimeoutMillis < 1 || sysIntervalSeconds < 0) {
            throw new IllegalArgumentException("connect timeout must be positive and $SYS interval >= 0");
        }
    }

    /** A copy with another value, for tests. */
    public BrokerSettings withMaximumQos(QoS qos) {
        return new BrokerSettings(maximumPacketSize, receiveMaximum, qos, retainAvailable, topicAliasMaximum,
                serverKeepAliveSeconds, maxSessionExpirySeconds, maxOfflineMessages, maxOfflineBytes, overflowPolicy,
                allowAnonymous, connectTimeoutMillis, sysIntervalSeconds);
    }

    public BrokerSettings withServerKeepAlive(int seconds) {
        return new BrokerSettings(maximumPacketSize, receiveMaximum, maximumQos, retainAvailable, topicAliasMaximum,
                seconds, maxSessionExpirySeconds, maxOfflineMessages, maxOfflineBytes, overflowPolicy, allowAnonymous,
                connectTimeoutMillis, sysIntervalSeconds);
    }

    public BrokerSettings withAllowAnonymous(boolean allow) {
        return new BrokerSettings(maximumPacketSize, receiveMaximum, maximumQos, retainAvailable, topicAliasMaximum,
                serverKeepAliveSeconds, maxSessionExpirySeconds, maxOfflineMessages, maxOfflineBytes, overflowPolicy,
                allow, connectTimeoutMillis, sysIntervalSeconds);
    }

    public BrokerSettings withOfflineLimits(int messages, long bytes, OverflowPolicy policy) {
        return new BrokerSettings(maximumPacketSize, receiveMaximum, maximumQos, retainAvailable, topicAliasMaximum,
                serverKeepAliveSeconds, maxSessionExpirySeconds, messages, bytes, policy, allowAnonymous,
                connectTimeoutMillis, sysIntervalSeconds);
    }

    public BrokerSettings withSysInterval(int seconds) {
        return new BrokerSettings(maximumPacketSize, receiveMaximum, maximumQos, retainAvailable, topicAliasMaximum,
                serverKeepAliveSeconds, maxSessionExpirySeconds, maxOfflineMessages, maxOfflineBytes, overflowPolicy,
                allowAnonymous, connectTimeoutMillis, seconds);
    }
}
