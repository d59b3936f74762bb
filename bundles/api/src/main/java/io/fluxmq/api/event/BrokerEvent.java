package io.fluxmq.api.event;

/**
 * Something that happened in the broker. Events are immutable records; new kinds may be added
 * in minor versions, so listeners must ignore kinds they do not know.
 */
public interface BrokerEvent {
    /** When it happened, in epoch milliseconds. */
    long timestampMillis();

    /** A stable name for filtering and serialisation, e.g. "client.connected". */
    String type();

    /** A client finished connecting. */
    record ClientConnected(long timestampMillis, String clientId, String protocol, String remoteAddress,
            String username) implements BrokerEvent {
        @Override
        public String type() {
            return "client.connected";
        }
    }

    /** A client's connection ended; {@code reason} is human-readable. */
    record ClientDisconnected(long timestampMillis, String clientId, String protocol, String reason)
            implements BrokerEvent {
        @Override
        public String type() {
            return "client.disconnected";
        }
    }

    /** A subscription was added. */
    record Subscribed(long timestampMillis, String clientId, String filter) implements BrokerEvent {
        @Override
        public String type() {
            return "client.subscribed";
        }
    }

    /** A subscription was removed. */
    record Unsubscribed(long timestampMillis, String clientId, String filter) implements BrokerEvent {
        @Override
        public String type() {
            return "client.unsubscribed";
        }
    }

    /** A message was dropped instead of delivered (overflow, expiry, size limit). */
    record MessageDropped(long timestampMillis, String clientId, String topic, String reason)
            implements BrokerEvent {
        @Override
        public String type() {
            return "message.dropped";
        }
    }

    /** A listener could not start or stopped on an error. */
    record ListenerFailed(long timestampMillis, String listener, String address, String cause)
            implements BrokerEvent {
        @Override
        public String type() {
            return "listener.failed";
        }
    }
}
