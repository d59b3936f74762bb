package io.fluxmq.api.storage;

import java.util.Objects;

/**
 * What is kept of a client session between connections.
 *
 * @param clientId the client identifier, unique per node
 * @param protocol the protocol that created the session, e.g. "mqtt"
 * @param protocolVersion the protocol level last used (4 for MQTT 3.1.1, 5 for MQTT 5.0)
 * @param expiryIntervalSeconds how long the session outlives its connection; 0 ends it with the
 *        connection, {@code 0xFFFFFFFFL} never expires
 * @param disconnectedAtMillis when its last connection ended, or 0 while connected
 */
public record SessionState(String clientId, String protocol, int protocolVersion,
        long expiryIntervalSeconds, long disconnectedAtMillis) {

    /** The expiry interval of a session that never expires (MQTT 5: 0xFFFFFFFF). */
    public static final long NEVER_EXPIRES = 0xFFFF_FFFFL;

    public SessionState {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(protocol, "protocol");
    }

    /** Whether the session has expired at {@code nowMillis}; a connected session never has. */
    public boolean isExpired(long nowMillis) {
        if (disconnectedAtMillis == 0 || expiryIntervalSeconds == NEVER_EXPIRES) {
            return false;
        }
        return nowMillis - disconnectedAtMillis >= expiryIntervalSeconds * 1000;
    }
}
