package io.fluxmq.mqtt.broker;

import io.fluxmq.api.message.QoS;
import io.fluxmq.api.queue.OverflowPolicy;
import io.fluxmq.api.transport.ClientCertificates.UsernameSource;
import java.util.Objects;

/**
 * The broker's limits and policies, independent of how they were configured (metatype in OSGi,
 * a builder in tests).
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
 * @param maxOfflineMessages messages queued per persistent session while it is offline, and per
 *        connection while its inflight window is full or its socket is not writable
 * @param maxOfflineBytes payload bytes queued per session, in the same two places
 * @param overflowPolicy what a full offline queue does with a new message
 * @param allowAnonymous whether clients without credentials are let in when no authenticator is
 *        registered
 * @param connectTimeoutMillis how long a new connection may take to send CONNECT
 * @param sysIntervalSeconds how often $SYS statistics are published, 0 for never
 * @param maxTopicLength the longest topic name or filter accepted, in bytes of UTF-8
 * @param maxTopicLevels the most levels a topic name or filter may have
 * @param maxSubscriptions the most subscriptions one session may hold
 * @param maxInflight QoS 1 and 2 messages the broker has unacknowledged towards one client; the
 *        client's Receive Maximum lowers it
 * @param writeBufferHighWaterMark bytes waiting to be written to one client above which its channel
 *        is not writable (a slow client); it is writable again below half of it
 * @param certificateAsUsername whether a verified TLS client certificate's identity replaces the
 *        username of CONNECT
 * @param certificateUsername which part of the certificate's subject is the username
 * @param responseInformationPrefix what CONNACK's Response Information starts with, the client
 *        identifier following; empty to send none (section 4.10)
 * @param validatePayloadFormat whether a PUBLISH or will marked as UTF-8 (Payload Format
 *        Indicator 1) is checked to be valid UTF-8
 * @param maxKeepAliveSeconds the longest keep alive accepted; a client asking for more, or for
 *        none (0), gets this one (MQTT 5 Server Keep Alive; MQTT 3.1.1 clients without being told);
 *        0 for no limit
 */
public record BrokerSettings(int maximumPacketSize, int receiveMaximum, QoS maximumQos, boolean retainAvailable,
        int topicAliasMaximum, int serverKeepAliveSeconds, long maxSessionExpirySeconds, int maxOfflineMessages,
        long maxOfflineBytes, OverflowPolicy overflowPolicy, boolean allowAnonymous, long connectTimeoutMillis,
        int sysIntervalSeconds, int maxTopicLength, int maxTopicLevels, int maxSubscriptions, int maxInflight,
        int writeBufferHighWaterMark, boolean certificateAsUsername, UsernameSource certificateUsername,
        String responseInformationPrefix, boolean validatePayloadFormat, int maxKeepAliveSeconds) {

    /** Defaults matching the metatype's. */
    public static final BrokerSettings DEFAULTS = new Builder().build();

    public BrokerSettings {
        Objects.requireNonNull(maximumQos, "maximumQos");
        Objects.requireNonNull(overflowPolicy, "overflowPolicy");
        Objects.requireNonNull(certificateUsername, "certificateUsername");
        Objects.requireNonNull(responseInformationPrefix, "responseInformationPrefix");
        if (responseInformationPrefix.contains("+") || responseInformationPrefix.contains("#")
                || responseInformationPrefix.indexOf(0) >= 0) {
            throw new IllegalArgumentException("the response information prefix must be usable in a topic name, was '"
                    + responseInformationPrefix + "'");
        }
        requireRange("maximum packet size", maximumPacketSize, SettingDefaults.MAX_PACKET_SIZE_MIN,
                SettingDefaults.MAX_PACKET_SIZE_MAX);
        requireRange("receive maximum", receiveMaximum, SettingDefaults.RECEIVE_MAXIMUM_MIN, SettingDefaults.SIXTEEN_BIT_MAX);
        requireRange("topic alias maximum", topicAliasMaximum, 0, SettingDefaults.SIXTEEN_BIT_MAX);
        requireRange("server keep alive", serverKeepAliveSeconds, 0, SettingDefaults.SIXTEEN_BIT_MAX);
        requireRange("maximum keep alive", maxKeepAliveSeconds, 0, SettingDefaults.SIXTEEN_BIT_MAX);
        if (maxSessionExpirySeconds < 0 || maxSessionExpirySeconds > SettingDefaults.MAX_SESSION_EXPIRY_MAX) {
            throw new IllegalArgumentException("maximum session expiry must be 0.." + SettingDefaults.MAX_SESSION_EXPIRY_MAX
                    + ", was " + maxSessionExpirySeconds);
        }
        if (maxOfflineMessages < 1 || maxOfflineBytes < 1) {
            throw new IllegalArgumentException("offline queue limits must be positive");
        }
        if (connectTimeoutMillis < 1 || sysIntervalSeconds < 0) {
            throw new IllegalArgumentException("connect timeout must be positive and $SYS interval >= 0");
        }
        requireRange("maximum topic length", maxTopicLength, 1, SettingDefaults.SIXTEEN_BIT_MAX);
        requireRange("maximum topic levels", maxTopicLevels, 1, SettingDefaults.SIXTEEN_BIT_MAX);
        requireRange("maximum subscriptions", maxSubscriptions, 1, Integer.MAX_VALUE);
        requireRange("maximum inflight messages", maxInflight, 1, SettingDefaults.SIXTEEN_BIT_MAX);
        requireRange("write buffer high water mark", writeBufferHighWaterMark,
                SettingDefaults.WRITE_BUFFER_HIGH_WATER_MARK_MIN, Integer.MAX_VALUE);
    }

    /**
     * The keep alive a client gets for the one it asked for (MQTT-3.1.2-21, section 3.2.2.3.14):
     * for MQTT 5 the server keep alive when one is set, else the client's, in both cases within
     * the maximum; MQTT 3.1.1 has no Server Keep Alive, so only the maximum bounds it (the client
     * is held to it without being told).
     */
    public int keepAliveFor(int requestedSeconds, boolean mqtt5) {
        int k = mqtt5 && serverKeepAliveSeconds > 0 ? serverKeepAliveSeconds : requestedSeconds;
        return maxKeepAliveSeconds > 0 && (k == 0 || k > maxKeepAliveSeconds) ? maxKeepAliveSeconds : k;
    }

    private static void requireRange(String what, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be " + min + ".." + max + ", was " + value);
        }
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A copy with another value, for tests. */
    public BrokerSettings withMaximumQos(QoS qos) {
        return toBuilder().maximumQos(qos).build();
    }

    public BrokerSettings withServerKeepAlive(int seconds) {
        return toBuilder().serverKeepAliveSeconds(seconds).build();
    }

    public BrokerSettings withAllowAnonymous(boolean allow) {
        return toBuilder().allowAnonymous(allow).build();
    }

    public BrokerSettings withOfflineLimits(int messages, long bytes, OverflowPolicy policy) {
        return toBuilder().maxOfflineMessages(messages).maxOfflineBytes(bytes).overflowPolicy(policy).build();
    }

    public BrokerSettings withSysInterval(int seconds) {
        return toBuilder().sysIntervalSeconds(seconds).build();
    }

    /** Starts from the defaults; {@link #build()} checks the ranges. */
    public static final class Builder {
        private int maximumPacketSize = SettingDefaults.MAX_PACKET_SIZE;
        private int receiveMaximum = SettingDefaults.RECEIVE_MAXIMUM;
        private QoS maximumQos = QoS.of(SettingDefaults.MAX_QOS);
        private boolean retainAvailable = SettingDefaults.RETAIN_AVAILABLE;
        private int topicAliasMaximum = SettingDefaults.TOPIC_ALIAS_MAXIMUM;
        private int serverKeepAliveSeconds = SettingDefaults.SERVER_KEEP_ALIVE;
        private int maxKeepAliveSeconds = SettingDefaults.MAX_KEEPALIVE;
        private long maxSessionExpirySeconds = SettingDefaults.MAX_SESSION_EXPIRY;
        private int maxOfflineMessages = SettingDefaults.MAX_OFFLINE_MESSAGES;
        private long maxOfflineBytes = SettingDefaults.MAX_OFFLINE_BYTES;
        private OverflowPolicy overflowPolicy = OverflowPolicy.DROP_OLDEST; // as the metatype's, see SettingDefaults
        private boolean allowAnonymous = SettingDefaults.ALLOW_ANONYMOUS;
        private long connectTimeoutMillis = SettingDefaults.CONNECT_TIMEOUT_MILLIS;
        private int sysIntervalSeconds = SettingDefaults.SYS_INTERVAL_SECONDS;
        private int maxTopicLength = SettingDefaults.MAX_TOPIC_LENGTH;
        private int maxTopicLevels = SettingDefaults.MAX_TOPIC_LEVELS;
        private int maxSubscriptions = SettingDefaults.MAX_SUBSCRIPTIONS;
        private int maxInflight = SettingDefaults.MAX_INFLIGHT;
        private int writeBufferHighWaterMark = SettingDefaults.WRITE_BUFFER_HIGH_WATER_MARK;
        private boolean certificateAsUsername = SettingDefaults.TLS_CERTIFICATE_AS_USERNAME;
        private UsernameSource certificateUsername = UsernameSource.CN; // as the metatype's
        private String responseInformationPrefix = SettingDefaults.RESPONSE_INFORMATION_PREFIX;
        private boolean validatePayloadFormat = SettingDefaults.VALIDATE_PAYLOAD_FORMAT;

        Builder() {
        }

        Builder(BrokerSettings s) {
            maximumPacketSize = s.maximumPacketSize;
            receiveMaximum = s.receiveMaximum;
            maximumQos = s.maximumQos;
            retainAvailable = s.retainAvailable;
            topicAliasMaximum = s.topicAliasMaximum;
            serverKeepAliveSeconds = s.serverKeepAliveSeconds;
            maxKeepAliveSeconds = s.maxKeepAliveSeconds;
            maxSessionExpirySeconds = s.maxSessionExpirySeconds;
            maxOfflineMessages = s.maxOfflineMessages;
            maxOfflineBytes = s.maxOfflineBytes;
            overflowPolicy = s.overflowPolicy;
            allowAnonymous = s.allowAnonymous;
            connectTimeoutMillis = s.connectTimeoutMillis;
            sysIntervalSeconds = s.sysIntervalSeconds;
            maxTopicLength = s.maxTopicLength;
            maxTopicLevels = s.maxTopicLevels;
            maxSubscriptions = s.maxSubscriptions;
            maxInflight = s.maxInflight;
            writeBufferHighWaterMark = s.writeBufferHighWaterMark;
            certificateAsUsername = s.certificateAsUsername;
            certificateUsername = s.certificateUsername;
            responseInformationPrefix = s.responseInformationPrefix;
            validatePayloadFormat = s.validatePayloadFormat;
        }

        public Builder maximumPacketSize(int v) {
            maximumPacketSize = v;
            return this;
        }

        public Builder receiveMaximum(int v) {
            receiveMaximum = v;
            return this;
        }

        public Builder maximumQos(QoS v) {
            maximumQos = v;
            return this;
        }

        public Builder retainAvailable(boolean v) {
            retainAvailable = v;
            return this;
        }

        public Builder topicAliasMaximum(int v) {
            topicAliasMaximum = v;
            return this;
        }

        public Builder maxKeepAliveSeconds(int v) {
            maxKeepAliveSeconds = v;
            return this;
        }

        public Builder serverKeepAliveSeconds(int v) {
            serverKeepAliveSeconds = v;
            return this;
        }

        public Builder maxSessionExpirySeconds(long v) {
            maxSessionExpirySeconds = v;
            return this;
        }

        public Builder maxOfflineMessages(int v) {
            maxOfflineMessages = v;
            return this;
        }

        public Builder maxOfflineBytes(long v) {
            maxOfflineBytes = v;
            return this;
        }

        public Builder overflowPolicy(OverflowPolicy v) {
            overflowPolicy = v;
            return this;
        }

        public Builder allowAnonymous(boolean v) {
            allowAnonymous = v;
            return this;
        }

        public Builder connectTimeoutMillis(long v) {
            connectTimeoutMillis = v;
            return this;
        }

        public Builder sysIntervalSeconds(int v) {
            sysIntervalSeconds = v;
            return this;
        }

        public Builder maxTopicLength(int v) {
            maxTopicLength = v;
            return this;
        }

        public Builder maxTopicLevels(int v) {
            maxTopicLevels = v;
            return this;
        }

        public Builder maxSubscriptions(int v) {
            maxSubscriptions = v;
            return this;
        }

        public Builder maxInflight(int v) {
            maxInflight = v;
            return this;
        }

        public Builder writeBufferHighWaterMark(int v) {
            writeBufferHighWaterMark = v;
            return this;
        }

        public Builder certificateAsUsername(boolean v) {
            certificateAsUsername = v;
            return this;
        }

        public Builder certificateUsername(UsernameSource v) {
            certificateUsername = v;
            return this;
        }

        public Builder responseInformationPrefix(String v) {
            responseInformationPrefix = v;
            return this;
        }

        public Builder validatePayloadFormat(boolean v) {
            validatePayloadFormat = v;
            return this;
        }

        public BrokerSettings build() {
            return new BrokerSettings(maximumPacketSize, receiveMaximum, maximumQos, retainAvailable, topicAliasMaximum,
                    serverKeepAliveSeconds, maxSessionExpirySeconds, maxOfflineMessages, maxOfflineBytes,
                    overflowPolicy, allowAnonymous, connectTimeoutMillis, sysIntervalSeconds, maxTopicLength,
                    maxTopicLevels, maxSubscriptions, maxInflight, writeBufferHighWaterMark,
                    certificateAsUsername, certificateUsername, responseInformationPrefix, validatePayloadFormat,
                    maxKeepAliveSeconds);
        }
    }
}
